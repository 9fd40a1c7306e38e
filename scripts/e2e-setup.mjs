#!/usr/bin/env node
// One-time setup for the real-editor tests (test/e2e): a Node 24 runtime and
// code-server, both cached in the git-ignored .vscode-test/ folder.
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

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(repoRoot, '.vscode-test');
const node24Prefix = join(cacheDir, 'node24');
const codeServerPrefix = join(cacheDir, 'code-server');
// Markers are written only after a step fully succeeded, so an interrupted
// install is redone instead of being mistaken for a good one.
const node24Marker = join(node24Prefix, '.installed');
const codeServerMarker = join(codeServerPrefix, `.installed-${CODE_SERVER_VERSION}`);
const codeServerWrapper = join(cacheDir, 'bin', 'code-server');
const CHROMIUM = '/usr/bin/chromium';

class SetupError extends Error {}

function log(msg) {
  console.log(`[e2e-setup] ${msg}`);
}

/** The folder holding bin/node and include/node of the Node 24 package (its name depends on the platform). */
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

function checkChromium() {
  if (!existsSync(CHROMIUM)) throw new SetupError('chromium not found: apt-get install chromium');
}

// code-server's `kerberos` dependency compiles from source and needs the krb5
// headers and krb5-config; only needed while installing code-server.
function checkKrb5() {
  const header = ['/usr/include/krb5.h', '/usr/include/krb5/krb5.h', '/usr/include/gssapi/gssapi.h'].some(existsSync);
  const config = spawnSync('krb5-config', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!header || !config) throw new SetupError('libkrb5-dev missing: apt-get install libkrb5-dev');
}

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new SetupError(`${cmd} ${args.join(' ')} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}) in ${opts.cwd}`);
}

function installNode24() {
  if (existsSync(node24Marker) && node24Home()) {
    log(`Node ${NODE_MAJOR} already installed (${node24Home()})`);
    return;
  }
  log(`installing Node ${NODE_MAJOR} from npm (node@${NODE_MAJOR}) into ${node24Prefix} ...`);
  rmSync(node24Prefix, { recursive: true, force: true });
  mkdirSync(node24Prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up to the project's.
  writeFileSync(join(node24Prefix, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node@${NODE_MAJOR}`], { cwd: node24Prefix });
  const home = node24Home();
  if (!home) throw new SetupError(`node@${NODE_MAJOR} installed but no bin/node + include/node under ${node24Prefix}/node_modules/node/node_modules`);
  const v = spawnSync(join(home, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !v.stdout.startsWith(`v${NODE_MAJOR}.`)) throw new SetupError(`Node ${NODE_MAJOR} at ${home} does not run: ${v.stderr || v.stdout}`);
  writeFileSync(node24Marker, `${home}\n`);
  log(`Node ${v.stdout.trim()} ready`);
}

function installCodeServer() {
  const home = node24Home();
  if (!home) throw new SetupError('Node 24 missing: run node scripts/e2e-setup.mjs');
  if (!existsSync(codeServerMarker)) {
    checkKrb5();
    log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix} with Node ${NODE_MAJOR} (a few minutes, ~600 MB) ...`);
    rmSync(codeServerPrefix, { recursive: true, force: true });
    mkdirSync(codeServerPrefix, { recursive: true });
    writeFileSync(join(codeServerPrefix, 'package.json'), '{ "private": true }\n');
    // Under `npm test` the outer npm's settings arrive as npm_config_* variables, and the
    // inner npm takes them as its own: its user agent would say Node 20, which
    // code-server's postinstall reads as the Node version and refuses.
    const outer = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key));
    const env = {
      ...Object.fromEntries(outer),
      // npm (a script with `#!/usr/bin/env node`) and every lifecycle script then run on Node 24.
      PATH: `${join(home, 'bin')}:${process.env.PATH ?? ''}`,
      // The machine's npm config says nodedir=/usr (Node 20 headers); native
      // modules must be built against Node 24's.
      npm_config_nodedir: home,
    };
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerPrefix, env });
    writeFileSync(codeServerMarker, `${new Date().toISOString()}\n`);
    log(`code-server ${CODE_SERVER_VERSION} installed`);
  } else {
    log(`code-server ${CODE_SERVER_VERSION} already installed`);
  }
  writeWrapper(home);
}

// node_modules/.bin/code-server starts with `#!/usr/bin/env node`, which is
// Node 20 here; the wrapper pins Node 24 so callers can exec it directly.
function writeWrapper(home) {
  const entry = join(codeServerPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new SetupError(`code-server entry missing (${entry}): rm -rf ${codeServerPrefix} and rerun`);
  mkdirSync(dirname(codeServerWrapper), { recursive: true });
  writeFileSync(codeServerWrapper, `#!/bin/sh\nexec "${join(home, 'bin', 'node')}" "${entry}" "$@"\n`);
  chmodSync(codeServerWrapper, 0o755);
}

/**
 * Paths of an installed setup, without installing anything.
 * @returns {{ node24: string, codeServerBin: string, chromium: string }}
 */
export function e2ePaths({ browser = true } = {}) {
  if (browser) checkChromium();
  const home = node24Home();
  if (!home || !existsSync(node24Marker) || !existsSync(codeServerMarker) || !existsSync(codeServerWrapper)) {
    throw new SetupError('code-server not installed: run node scripts/e2e-setup.mjs');
  }
  return { node24: join(home, 'bin', 'node'), codeServerBin: codeServerWrapper, chromium: CHROMIUM };
}

/**
 * Installs what is missing (Node 24, code-server) and returns the paths.
 * The demo passes `{ browser: false }`: its user brings the browser.
 * @returns {{ node24: string, codeServerBin: string, chromium: string }}
 */
export function ensureE2E({ browser = true } = {}) {
  if (browser) checkChromium();
  mkdirSync(cacheDir, { recursive: true });
  installNode24();
  installCodeServer();
  return e2ePaths({ browser });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const paths = ensureE2E();
    log(`node24:        ${paths.node24}`);
    log(`codeServerBin: ${paths.codeServerBin}`);
    log(`chromium:      ${paths.chromium}`);
    log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    if (err instanceof SetupError) {
      console.error(`e2e-setup: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
