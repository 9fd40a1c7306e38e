// Real, throwaway git repositories for the git tests. Importing this module
// first isolates every git this process runs (the tests' own and simple-git's)
// from the machine: no global or system config, no GIT_* inherited from a
// parent git (a hook running the tests, say).
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'beads-git-test-')));

for (const key of Object.keys(process.env)) if (key.startsWith('GIT_')) delete process.env[key];
// An empty template: git init copies no sample hooks, which is most of its cost.
mkdirSync(join(sandbox, 'template'));
writeFileSync(join(sandbox, 'gitconfig'), `[init]\n\ttemplateDir = ${join(sandbox, 'template')}\n`);
process.env.HOME = sandbox;
process.env.XDG_CONFIG_HOME = sandbox;
process.env.GIT_CONFIG_GLOBAL = join(sandbox, 'gitconfig');
process.env.GIT_CONFIG_NOSYSTEM = '1';

export function removeSandbox(): void {
  rmSync(sandbox, { recursive: true, force: true });
}

/** Runs git in `cwd`; its stdout, untrimmed (porcelain output has meaningful spaces). */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function write(dir: string, rel: string, content: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
}

let count = 0;

/** A new folder in the sandbox that is no repository, unique even when several test files share this process's sandbox. */
export function plainDir(name: string): string {
  return mkdtempSync(join(sandbox, `${name}-`));
}

/** A fresh repository on `main` with one commit of `files`; its author is configured unless `user` is false. */
export function makeRepo(files: Readonly<Record<string, string>> = { 'README.md': 'hello\n' }, user = true): string {
  const dir = join(sandbox, `repo-${++count}`);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const who = user ? [] : ['-c', 'user.name=Setup', '-c', 'user.email=setup@example.com'];
  // Written as `git config` would write it, without two more processes per repository.
  if (user) appendFileSync(join(dir, '.git', 'config'), '[user]\n\tname = Test User\n\temail = test@example.com\n');
  for (const [rel, content] of Object.entries(files)) write(dir, rel, content);
  if (Object.keys(files).length > 0) {
    git(dir, 'add', '-A');
    git(dir, ...who, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

/** A bare repository to push to. */
export function makeBare(): string {
  const dir = join(sandbox, `bare-${++count}.git`);
  git(sandbox, 'init', '-q', '--bare', '-b', 'main', dir);
  return dir;
}

export function hook(repo: string, name: string, script: string): void {
  const file = join(repo, '.git', 'hooks', name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
}

/** Everything a failed or refused commit must leave alone: status, index bytes, HEAD. */
export function snapshot(repo: string): { status: string; index: string; head: string } {
  return {
    index: readFileSync(join(repo, '.git', 'index')).toString('base64'),
    // Without optional locks, status does not refresh (rewrite) the index it is compared with.
    status: git(repo, '--no-optional-locks', 'status', '--porcelain=v1', '-uall'),
    head: git(repo, 'rev-parse', 'HEAD').trim(),
  };
}

export function committedFiles(repo: string, rev = 'HEAD'): string[] {
  return git(repo, 'show', '--name-only', '--format=', rev).split('\n').filter((l) => l !== '').sort();
}

export function staged(repo: string): string[] {
  return git(repo, 'diff', '--cached', '--name-only').split('\n').filter((l) => l !== '').sort();
}
