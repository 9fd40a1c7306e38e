#!/usr/bin/env node
// One-time setup for the real-editor tests (test/e2e) and the demo: a Node 24
// runtime, code-server and the Claude Code CLI, cached in the git-ignored
// .vscode-test/ folder, and the Debian packages they need (apt-installed when
// missing, see system-packages.mjs).
//
// Why not @vscode/test-electron: it downloads VS Code from a host this machine
// cannot reach. code-server (a real VS Code workbench + extension host) comes
// from the npm registry, but needs Node 24, so we install the `node@24` npm
// package next to it and build code-server's native modules against its
// headers. Nothing goes into the project's own node_modules.
//
// Usage:  node scripts/e2e-setup.mjs      (installs what is missing, prints paths)
// Import: import { ensureE2E, e2ePaths } from './scripts/e2e-setup.mjs'

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages, packageFile, SetupError } from './system-packages.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
/** The real CLI the default worker runs (`claude`); pinned so the tests see one `--help`. */
export const CLAUDE_CODE_VERSION = '2.1.332';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, '.vscode-test');
const node24Prefix = join(cacheDir, 'node24');
const codeServerPrefix = join(cacheDir, 'code-server');
const claudePrefix = join(cacheDir, 'claude-code');
// Markers are written only after a step fully succeeded, so an interrupted
// install is redone instead of being mistaken for a good one.
const node24Marker = join(node24Prefix, '.installed');
const codeServerMarker = join(codeServerPrefix, `.installed-${CODE_SERVER_VERSION}`);
const claudeMarker = join(claudePrefix, `.installed-${CLAUDE_CODE_VERSION}`);
const codeServerWrapper = join(cacheDir, 'bin', 'code-server');
const claudeBin = join(claudePrefix, 'node_modules', '.bin', 'claude');

/**
 * What an installed setup provides.
 * @typedef {{ node24: string, codeServerBin: string, chromium: string, claudeBin: string }} E2EPaths
 */

/**
 * `tests: false` (the demo) leaves out what only the tests use: Chromium (the
 * demo's user brings a browser) and the Claude Code CLI.
 * @typedef {{ tests?: boolean }} SetupOptions
 */

/** @param {string} msg */
function log(msg) {
  console.log(`[e2e-setup] ${msg}`);
}

/**
 * The folder holding bin/node and include/node of the Node 24 package (its name depends on the platform).
 * @returns {string | undefined}
 */
function node24Home() {
  const dir = join(node24Prefix, 'node_modules', 'node', 'node_modules');
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir)) {
    const home = join(dir, name);
    if (name.startsWith('node-') && existsSync(join(home, 'bin', 'node')) && existsSync(join(home, 'include', 'node'))) {
      return home;
    }
  }
  return undefined;
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} opts
 */
function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new SetupError(`${cmd} ${args.join(' ')} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd}`);
}

/**
 * `npm install`s `spec` into an emptied `prefix`, a folder with a package.json
 * of its own so that npm does not walk up to the project's. `allowScripts`
 * names packages whose install scripts must run (npm 12 runs none unasked).
 * @param {string} prefix
 * @param {string} spec
 * @param {{ env?: NodeJS.ProcessEnv, allowScripts?: string[] }} [options]
 */
function npmInstallInto(prefix, spec, { env, allowScripts = [] } = {}) {
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  const manifest = { private: true, ...(allowScripts.length > 0 ? { allowScripts: Object.fromEntries(allowScripts.map((name) => [name, true])) } : {}) };
  writeFileSync(join(prefix, 'package.json'), `${JSON.stringify(manifest)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], { cwd: prefix, env });
}

/**
 * The environment for an npm that runs on Node 24 (`home`).
 * @param {string} home
 * @returns {NodeJS.ProcessEnv}
 */
function node24NpmEnv(home) {
  // Under `npm test` the outer npm's settings arrive as npm_config_* variables, and the
  // inner npm takes them as its own: its user agent would say Node 20, which
  // code-server's postinstall reads as the Node version and refuses.
  const outer = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key));
  return {
    ...Object.fromEntries(outer),
    // npm (a script with `#!/usr/bin/env node`) and every lifecycle script then run on Node 24.
    PATH: `${join(home, 'bin')}:${process.env.PATH ?? ''}`,
    // The machine's npm config says nodedir=/usr (Node 20 headers); native
    // modules must be built against Node 24's.
    npm_config_nodedir: home,
  };
}

/** @returns {string} Node 24's home */
function installNode24() {
  const installed = node24Home();
  if (existsSync(node24Marker) && installed) {
    log(`Node ${NODE_MAJOR} already installed (${installed})`);
    return installed;
  }
  log(`installing Node ${NODE_MAJOR} from npm (node@${NODE_MAJOR}) into ${node24Prefix} ...`);
  npmInstallInto(node24Prefix, `node@${NODE_MAJOR}`, { allowScripts: ['node'] });
  const home = node24Home();
  if (!home) throw new SetupError(`node@${NODE_MAJOR} installed but no bin/node + include/node under ${node24Prefix}/node_modules/node/node_modules`);
  const v = spawnSync(join(home, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !v.stdout.startsWith(`v${NODE_MAJOR}.`)) throw new SetupError(`Node ${NODE_MAJOR} at ${home} does not run: ${v.stderr || v.stdout}`);
  writeFileSync(node24Marker, `${home}\n`);
  log(`Node ${v.stdout.trim()} ready`);
  return home;
}

/** @param {string} home Node 24's home */
function installCodeServer(home) {
  if (!existsSync(codeServerMarker)) {
    log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix} with Node ${NODE_MAJOR} (a few minutes, ~600 MB) ...`);
    npmInstallInto(codeServerPrefix, `code-server@${CODE_SERVER_VERSION}`, { env: node24NpmEnv(home) });
    writeFileSync(codeServerMarker, `${new Date().toISOString()}\n`);
    log(`code-server ${CODE_SERVER_VERSION} installed`);
  } else {
    log(`code-server ${CODE_SERVER_VERSION} already installed`);
  }
  writeWrapper(home);
}

// The package's postinstall puts the native binary of this platform (an
// optional dependency, also from the npm registry) in place of its bin stub;
// `claude --version` proves it did.
/** @param {string} home Node 24's home (the package wants Node >= 22) */
function installClaudeCode(home) {
  if (existsSync(claudeMarker)) {
    log(`Claude Code ${CLAUDE_CODE_VERSION} already installed`);
    return;
  }
  log(`installing @anthropic-ai/claude-code@${CLAUDE_CODE_VERSION} into ${claudePrefix} (~400 MB) ...`);
  npmInstallInto(claudePrefix, `@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}`, { env: node24NpmEnv(home), allowScripts: ['@anthropic-ai/claude-code'] });
  const v = spawnSync(claudeBin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (v.status !== 0 || !v.stdout.startsWith(CLAUDE_CODE_VERSION)) {
    throw new SetupError(`${claudeBin} --version does not run (${v.error?.message ?? `exit ${v.status ?? v.signal}`}): ${v.stderr || v.stdout}`);
  }
  writeFileSync(claudeMarker, `${new Date().toISOString()}\n`);
  log(`Claude Code ${v.stdout.trim()} ready`);
}

// node_modules/.bin/code-server starts with `#!/usr/bin/env node`, which is
// Node 20 here; the wrapper pins Node 24 so callers can exec it directly.
/** @param {string} home Node 24's home */
function writeWrapper(home) {
  const entry = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new SetupError(`code-server entry missing (${entry}): rm -rf ${codeServerPrefix} and rerun`);
  mkdirSync(dirname(codeServerWrapper), { recursive: true });
  writeFileSync(codeServerWrapper, `#!/bin/sh\nexec "${join(home, 'bin', 'node')}" "${entry}" "$@"\n`);
  chmodSync(codeServerWrapper, 0o755);
}

/**
 * Paths of an installed setup, without installing anything; throws a
 * SetupError naming what is missing.
 * @param {SetupOptions} [options]
 * @returns {E2EPaths}
 */
export function e2ePaths({ tests = true } = {}) {
  const home = node24Home();
  const chromium = packageFile('chromium');
  const missing = [
    ...(!home || !existsSync(node24Marker) ? [`Node ${NODE_MAJOR}`] : []),
    ...(!existsSync(codeServerMarker) || !existsSync(codeServerWrapper) ? ['code-server'] : []),
    ...(tests && !existsSync(chromium) ? ['chromium'] : []),
    ...(tests && !existsSync(claudeMarker) ? ['Claude Code'] : []),
  ];
  if (!home || missing.length > 0) throw new SetupError(`${missing.join(', ')} not installed: run node scripts/e2e-setup.mjs`);
  return { node24: join(home, 'bin', 'node'), codeServerBin: codeServerWrapper, chromium, claudeBin };
}

/**
 * Installs what is missing and returns the paths.
 * @param {SetupOptions} [options]
 * @returns {E2EPaths}
 */
export function ensureE2E({ tests = true } = {}) {
  // Asked for together, so that one apt-get installs them all.
  /** @type {import('./system-packages.mjs').SystemPackage[]} */
  const packages = [];
  // The tests drive Chromium (with an emoji font, so the screenshots show what a user sees), and run the real Claude Code CLI in its sandbox.
  if (tests) packages.push('chromium', 'fonts-noto-color-emoji', 'bubblewrap', 'socat');
  if (!existsSync(codeServerMarker)) packages.push('libkrb5-dev'); // only code-server's build needs it
  ensureSystemPackages(packages);
  mkdirSync(cacheDir, { recursive: true });
  const home = installNode24();
  installCodeServer(home);
  if (tests) installClaudeCode(home);
  return e2ePaths({ tests });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const paths = ensureE2E();
    log(`node24:        ${paths.node24}`);
    log(`codeServerBin: ${paths.codeServerBin}`);
    log(`chromium:      ${paths.chromium}`);
    log(`claudeBin:     ${paths.claudeBin}`);
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    if (err instanceof SetupError) {
      console.error(`e2e-setup: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
