// Shared pieces for running code-server in isolation: used by `npm start`
// (scripts/demo.mjs) and by the real-editor test harness (test/e2e/harness.ts).
// Plain JS that node runs as is; tsc checks it (checkJs) from these JSDoc types.
//
// Import: import { isolatedEnv, writeServerConfig, ... } from './scripts/code-server.mjs'

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * The environment code-server runs in: its state and logs under `root`, not ~,
 * and no extension marketplace.
 * @param {string} root
 * @returns {NodeJS.ProcessEnv}
 */
export function isolatedEnv(root) {
  return {
    ...process.env,
    // code-server keeps logs and state under these; keep them under root, not ~.
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    // No serviceUrl = no extension marketplace (open-vsx.org is unreachable here
    // and its lookups only add errors and network waits).
    EXTENSIONS_GALLERY: '{}',
  };
}

/**
 * Writes `root`/code-server.yaml with `auth: none` and returns its path; pass it
 * with --config. code-server otherwise reads/writes ~/.config/code-server/config.yaml
 * (which may ask for a password).
 * @param {string} root
 * @returns {string}
 */
export function writeServerConfig(root) {
  const path = join(root, 'code-server.yaml');
  writeFileSync(path, 'auth: none\n');
  return path;
}

/**
 * User settings that keep the workbench quiet: nothing opens on start, nothing
 * phones home, no AI/chat panels or update checks that steal focus. Each caller
 * adds its own (workspace trust, ...).
 * @type {Readonly<Record<string, unknown>>}
 */
export const BASE_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.autofetch': false,
});

/**
 * Writes `settings` as the user settings (`userDataDir`/User/settings.json).
 * @param {string} userDataDir
 * @param {Record<string, unknown>} settings
 */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * Arguments that serve `workspace` on 127.0.0.1:`port` without auth, telemetry
 * or update checks; `trusted` adds --disable-workspace-trust.
 * @param {{ configFile: string, port: number, userDataDir: string, extensionsDir: string, trusted: boolean, workspace: string }} opts
 * @returns {string[]}
 */
export function serverArgs({ configFile, port, userDataDir, extensionsDir, trusted, workspace }) {
  return [
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
}

/**
 * Installs a vsix with `code-server --install-extension`; throws, with
 * code-server's output, when that fails.
 * @param {string} codeServerBin
 * @param {{ vsix: string, userDataDir: string, extensionsDir: string, configFile: string, env: NodeJS.ProcessEnv }} opts
 */
export function installExtension(codeServerBin, { vsix, userDataDir, extensionsDir, configFile, env }) {
  const r = spawnSync(codeServerBin, ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
    throw new Error(`installing ${vsix} failed (${why}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  }
}

/**
 * The HTTP status of a GET of `url`, 0 when there is no answer within a second.
 * @param {string} url
 * @returns {Promise<number>}
 */
export function httpStatus(url) {
  return new Promise((res) => {
    const req = request(url, { timeout: 1000 }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('error', () => res(0));
    req.on('timeout', () => {
      req.destroy();
      res(0);
    });
    req.end();
  });
}

/**
 * The last `lines` lines of a log file, '(no log)' when it cannot be read.
 * @param {string} file
 * @param {number} [lines]
 * @returns {string}
 */
export function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
