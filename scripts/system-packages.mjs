// The Debian packages `npm start` and `npm test` need beyond npm's: each is
// told present by a file it installs, and installed with apt-get when that is
// possible (root, apt-get present); otherwise the setup stops with the exact
// command to run.
//
// Import: import { ensureSystemPackages, packageFile, SetupError } from './system-packages.mjs'

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A setup failure the user fixes by doing what its message says: printed as one line, without a stack. */
export class SetupError extends Error {}

/**
 * Each package the setup may need and the file that shows it is installed.
 * @type {Readonly<Record<string, string>>}
 */
const PROBES = Object.freeze({
  // The browser the real-editor tests drive.
  chromium: '/usr/bin/chromium',
  // code-server's `kerberos` module compiles from source and includes this header.
  'libkrb5-dev': '/usr/include/gssapi/gssapi_krb5.h',
  // Claude Code's sandbox around workers on Linux: bubblewrap confines, socat carries its network proxy.
  bubblewrap: '/usr/bin/bwrap',
  socat: '/usr/bin/socat',
  // Emoji in the tree, the CodeLens and the README's screenshots: without a font they render as boxes.
  'fonts-noto-color-emoji': '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
});

/** @typedef {keyof typeof PROBES} SystemPackage */

/**
 * `path` on this machine. E2E_SETUP_SYSROOT (a test's fake root, never set
 * otherwise) prefixes every path the checks and apt-get are looked for at.
 * @param {string} path an absolute path
 * @returns {string}
 */
function systemPath(path) {
  return join(process.env.E2E_SETUP_SYSROOT ?? '/', path);
}

/**
 * The file that shows `name` is installed (for chromium, the browser itself).
 * @param {SystemPackage} name
 * @returns {string}
 */
export function packageFile(name) {
  return systemPath(PROBES[name]);
}

/**
 * @typedef {{ kind: 'ready' }
 *   | { kind: 'install', line: string, commands: string[][], manual: string }
 *   | { kind: 'stop', message: string }} SystemPackagePlan
 */

/**
 * What to do about `missing` packages: nothing, install them (the line to
 * print, the apt-get commands to run, and the command to give when they
 * fail), or stop with the command the user must run.
 * @param {readonly string[]} missing
 * @param {{ root: boolean, apt: boolean }} machine
 * @returns {SystemPackagePlan}
 */
export function planSystemPackages(missing, { root, apt }) {
  if (missing.length === 0) return { kind: 'ready' };
  const names = missing.join(' ');
  const sudo = root ? '' : 'sudo ';
  const manual = `${sudo}apt-get update && ${sudo}apt-get install -y ${names}`;
  if (!apt) return { kind: 'stop', message: `missing system packages: ${names} (Debian names), and no apt-get here to install them: install them with this system's package manager` };
  if (!root) return { kind: 'stop', message: `missing system packages: ${names}; install them with: ${manual}` };
  return {
    kind: 'install',
    line: `[setup] installing ${names} with apt-get …`,
    commands: [
      ['update', '-q'],
      ['install', '-y', '-q', ...missing],
    ],
    manual,
  };
}

/**
 * @param {readonly SystemPackage[]} packages
 * @returns {SystemPackage[]} those whose probe file is missing
 */
function missingOf(packages) {
  return packages.filter((name) => !existsSync(packageFile(name)));
}

/**
 * Installs whichever of `packages` is missing, as root with apt-get, after an
 * `apt-get update`; throws a SetupError naming the exact command when it cannot.
 * @param {readonly SystemPackage[]} packages
 */
export function ensureSystemPackages(packages) {
  const missing = missingOf(packages);
  const aptGet = systemPath('/usr/bin/apt-get');
  const plan = planSystemPackages(missing, { root: process.getuid?.() === 0, apt: existsSync(aptGet) });
  if (plan.kind === 'ready') return;
  if (plan.kind === 'stop') throw new SetupError(plan.message);
  console.log(plan.line);
  for (const args of plan.commands) {
    // apt's progress stays out of the way; its last lines explain a failure.
    const r = spawnSync(aptGet, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      const why = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
      const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd().split('\n').slice(-10).join('\n');
      throw new SetupError(`apt-get ${args.join(' ')} failed (${why}):\n${output}\nrun it yourself: ${plan.manual}`);
    }
  }
  const still = missingOf(packages);
  if (still.length > 0) throw new SetupError(`apt-get installed ${missing.join(' ')}, but ${still.map(packageFile).join(', ')} is still missing`);
}
