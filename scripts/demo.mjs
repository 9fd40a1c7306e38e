#!/usr/bin/env node
// `npm start`: the extension in a real VS Code (code-server) on a workspace of
// sample plans, for trying it out in a browser.
//
//   1. installs code-server once (scripts/e2e-setup.mjs, cached in .vscode-test/;
//      with libkrb5-dev, apt-installed when missing), first so that a
//      machine missing something stops before the build;
//   2. builds and packages the extension (`npm run package`);
//   3. prepares a fresh demo in the git-ignored .demo/ folder: a git repository
//      with copies of sample plans in .beads/plans/, a fake worker and
//      .vscode/settings.json pointing beadsPlan.worker.command at it;
//   4. installs the vsix into .demo/extensions and starts code-server on
//      127.0.0.1:$PORT (default 8080) without auth, telemetry, update checks,
//      workspace trust prompts or marketplace;
//   5. prints the URL and runs until Ctrl-C, then stops code-server's whole
//      process group (server, extension host, workers it started).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_SETTINGS, httpStatus, installExtension, isolatedEnv, serverArgs, tail, writeServerConfig, writeUserSettings } from './code-server.mjs';
import { ensureE2E } from './e2e-setup.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(repoRoot, '.demo');
const workspace = join(demoDir, 'workspace');
const extensionsDir = join(demoDir, 'extensions');
const userDataDir = join(demoDir, 'user-data');
const logFile = join(demoDir, 'code-server.log');
const pidFile = join(demoDir, 'code-server.pid');
const fixtures = join(repoRoot, 'test', 'fixtures');
const port = Number(process.env.PORT ?? 8080);

// Oldest first: the last one is the most recently modified plan, the one the
// status bar shows until a plan is opened.
const SAMPLE_PLANS = {
  'plan-0538d886.md': 'real/plan-0538d886.md', // phase 0, just initialised
  'plan-1ddafa05.md': 'real/plan-1ddafa05.md', // executing tasks
  'PLAN-v5.md': 'real/PLAN-v5.md', // waiting at Summary & Wait
  'plan-4af13a61.md': 'real/plan-4af13a61.md', // waiting at Summary & Wait
  'seed-split-brain.md': 'seed-split-brain.md', // the reference plan: a ready task, commit pending
};

/** @param {string} msg */
function log(msg) {
  console.log(`[demo] ${msg}`);
}

/**
 * @param {string} msg
 * @returns {never}
 */
function fail(msg) {
  console.error(`[demo] ${msg}`);
  process.exit(1);
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A demo started earlier and still running holds .demo/ and the port: refuse rather than pull the folder from under it. */
function refuseIfRunning() {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid > 0 && alive(pid)) fail(`a demo is already running (code-server pid ${pid}); stop it (Ctrl-C in its terminal, or kill -- -${pid}) first`);
}

/**
 * Fails early, with a hint, when something else listens on the port.
 * @returns {Promise<void>}
 */
function checkPortFree() {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', (/** @type {NodeJS.ErrnoException} */ err) => fail(`127.0.0.1:${port} is not free (${err.code ?? err.message}); choose another port: PORT=8081 npm start`));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res()));
  });
}

function packageExtension() {
  log('building and packaging the extension (npm run package) ...');
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) fail(`npm run package failed (exit ${r.status ?? r.signal})`);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(vsix)) fail(`packaging did not produce ${vsix}`);
  return vsix;
}

/** @param {string[]} args */
function git(...args) {
  execFileSync('git', args, { cwd: workspace, stdio: 'pipe' });
}

function prepareWorkspace() {
  rmSync(demoDir, { recursive: true, force: true });
  const plansDir = join(workspace, '.beads', 'plans');
  mkdirSync(plansDir, { recursive: true });
  const base = Date.now() / 1000 - 3600;
  Object.entries(SAMPLE_PLANS).forEach(([name, fixture], i) => {
    const target = join(plansDir, name);
    // Written, not copied: the fixtures are read-only, the demo's plans must be editable.
    writeFileSync(target, readFileSync(join(fixtures, 'plans', fixture)));
    utimesSync(target, base + i * 60, base + i * 60);
  });

  /** @type {Record<string, unknown>} */
  const settings = {};
  const fakeWorker = join(fixtures, 'fake-worker.js');
  if (existsSync(fakeWorker)) {
    const worker = join(workspace, 'tools', 'fake-worker.js');
    mkdirSync(dirname(worker), { recursive: true });
    writeFileSync(worker, readFileSync(fakeWorker), { mode: 0o755 });
    // A pretend worker: says what it works on, takes a few seconds, reports tests.
    settings['beadsPlan.worker.command'] = ['node', worker, '${taskId}', '--fake-print=fake worker: working on ${taskId}\\n4 passed, 0 failed', '--fake-sleep=5000'];
  } else {
    log(`no ${fakeWorker}: the demo runs without a worker command`);
  }
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  writeFileSync(
    join(workspace, 'README.md'),
    '# Beads Work Plan demo\n\nSample plans live in `.beads/plans/`. Open the **Beads Work Plans** view in the activity bar.\n',
  );

  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Beads Demo');
  git('config', 'user.email', 'demo@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'core.hooksPath', '/dev/null');
  git('add', '-A');
  git('commit', '-q', '-m', 'Demo workspace with sample Beads Work Plans');
  log(`workspace ready: ${workspace} (${Object.keys(SAMPLE_PLANS).length} plans, git repository)`);
}

// Same isolation as the e2e harness (scripts/code-server.mjs): code-server
// keeps its state under .demo/, not ~, and has no marketplace.
const serverEnv = isolatedEnv(demoDir);

/**
 * Writes the server config and user settings, installs the vsix; returns the config file.
 * @param {string} codeServerBin
 * @param {string} vsix
 * @returns {string}
 */
function prepareEditor(codeServerBin, vsix) {
  const configFile = writeServerConfig(demoDir);
  writeUserSettings(userDataDir, { ...BASE_SETTINGS, 'security.workspace.trust.enabled': false });
  log('installing the extension into .demo/extensions ...');
  try {
    installExtension(codeServerBin, { vsix, userDataDir, extensionsDir, configFile, env: serverEnv });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  return configFile;
}

/**
 * @param {string} codeServerBin
 * @param {string} configFile
 */
async function serve(codeServerBin, configFile) {
  const args = serverArgs({ configFile, port, userDataDir, extensionsDir, trusted: true, workspace });
  const logFd = openSync(logFile, 'a');
  // Its own process group: stopping it takes the extension host and any worker with it.
  const server = spawn(codeServerBin, args, { detached: true, stdio: ['ignore', logFd, logFd], env: serverEnv });
  closeSync(logFd);
  const pid = server.pid;
  if (pid === undefined) fail(`could not start ${codeServerBin}`);
  writeFileSync(pidFile, `${pid}\n`);

  let exited = false;
  let stopping = false;
  const killGroup = (/** @type {NodeJS.Signals} */ signal) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server (process group ${pid}) ...`);
    killGroup('SIGTERM');
    for (let waited = 0; !exited && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    killGroup('SIGKILL'); // whatever is left in the group (extension host, workers)
    rmSync(pidFile, { force: true });
    log('stopped');
    process.exit(0);
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, () => void stop(sig));
  // Last resort if this process dies another way: synchronous kill only.
  process.on('exit', () => {
    if (!exited) killGroup('SIGKILL');
  });
  server.once('exit', (code, signal) => {
    exited = true;
    if (stopping) return;
    rmSync(pidFile, { force: true });
    killGroup('SIGKILL');
    fail(`code-server exited (${code ?? signal}); last lines of ${logFile}:\n${tail(logFile)}`);
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`${base}/healthz`)) !== 200) {
    if (exited) return;
    if (Date.now() > deadline) {
      await stop('timeout');
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `${base}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`;
  console.log('');
  log('Beads Work Plan demo is running:');
  console.log(`\n    ${url}\n`);
  log(`code-server log: ${logFile}`);
  log('press Ctrl-C to stop');
}

refuseIfRunning();
await checkPortFree();
/** @type {import('./e2e-setup.mjs').E2EPaths} */
let paths;
try {
  paths = ensureE2E({ tests: false });
} catch (err) {
  fail(`setup failed: ${err instanceof Error ? err.message : String(err)}`);
}
const vsix = packageExtension();
prepareWorkspace();
const configFile = prepareEditor(paths.codeServerBin, vsix);
await serve(paths.codeServerBin, configFile);
