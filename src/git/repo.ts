// Read-only facts about a git work tree, through simple-git. Arguments always
// go to git as arrays: nothing passes through a shell. Every git the extension
// runs ignores the repository's fsmonitor and hooks (a worker could have
// planted either in .git/config); only the user-approved commit runs the
// user's hooks, by choice.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { SimpleGit } from 'simple-git';

export interface RepoState {
  /** The work tree's top level. */
  readonly root: string;
  /** The checked-out branch; undefined when HEAD is detached. */
  readonly branch?: string;
  readonly detached: boolean;
  readonly merging: boolean;
  readonly rebasing: boolean;
  /** `origin/main`, when the branch tracks one. */
  readonly upstream?: string;
  /** Both user.name and user.email are set, so a commit has an author. */
  readonly userConfigured: boolean;
}

type RepoInfo = RepoState | { readonly error: string };

/**
 * `-c` settings for every git call: no fsmonitor command (git status would
 * run it) and no hooks. A null device is an empty hooks folder to git.
 */
export function safeConfig(hooks: boolean): string[] {
  return ['core.fsmonitor=false', ...(hooks ? [] : [`core.hooksPath=${process.platform === 'win32' ? 'NUL' : '/dev/null'}`])];
}

/**
 * A simple-git bound to `dir` that treats every non-zero exit as an error
 * (simple-git alone accepts a failure that printed nothing to stderr, such as a
 * silent failing hook). `blockMs` kills a git that stays silent that long.
 * `hooks`: run the repository's hooks (only the approved commit itself does).
 */
export async function gitAt(dir: string, blockMs?: number, { hooks = false }: { readonly hooks?: boolean } = {}): Promise<SimpleGit> {
  // Loaded on the first git call, not when the extension starts: only commits and reviews need git.
  const { simpleGit } = await import('simple-git');
  return simpleGit({
    baseDir: dir,
    config: safeConfig(hooks),
    // simple-git refuses any -c of these two keys; ours turn them off.
    unsafe: { allowUnsafeFsMonitor: true, allowUnsafeHooksPath: true },
    ...(blockMs !== undefined ? { timeout: { block: blockMs } } : {}),
    errors: (error, result) => {
      if (error !== undefined || result.exitCode === 0) return error;
      const output = Buffer.concat([...result.stdOut, ...result.stdErr]);
      return output.length > 0 ? output : Buffer.from(`git exited with code ${result.exitCode}`);
    },
  });
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).trim();
}

/** Trimmed output of a git command that may fail or print nothing; undefined then. */
export async function maybe(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    const out = (await git.raw(args)).trim();
    return out === '' ? undefined : out;
  } catch {
    return undefined;
  }
}

/** The top level of the work tree containing `dir` and, resolved, the git paths asked for; or why there is none. */
async function locate(dir: string, gitPaths: readonly string[] = []): Promise<{ root: string; paths: string[] } | { error: string }> {
  if (!existsSync(dir)) return { error: `${dir} does not exist.` };
  let out: string;
  try {
    out = await (await gitAt(dir)).raw(['rev-parse', '--show-toplevel', ...gitPaths.flatMap((p) => ['--git-path', p])]);
  } catch (e) {
    const text = errorText(e);
    // Anything else (git missing, a repository git distrusts) is worth showing as git said it.
    return /not a git repository|must be run in a work tree/i.test(text)
      ? { error: `${dir} is not inside a git repository (or has no work tree).` }
      : { error: `git could not run in ${dir}: ${text}` };
  }
  const [root, ...paths] = out.trim().split('\n').map((line) => resolve(dir, line.trim()));
  return { root: root!, paths };
}

export async function findRoot(dir: string): Promise<string | { error: string }> {
  const found = await locate(dir);
  return 'error' in found ? found : found.root;
}

export async function inspectRepo(dir: string): Promise<RepoInfo> {
  const found = await locate(dir, ['MERGE_HEAD', 'rebase-merge', 'rebase-apply']);
  if ('error' in found) return found;
  const { root, paths } = found;
  const git = await gitAt(root);
  const [branch, upstream, user] = await Promise.all([
    maybe(git, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    maybe(git, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']),
    maybe(git, ['config', '--get-regexp', '^user\\.(name|email)$']),
  ]);
  const [mergeHead, rebaseMerge, rebaseApply] = paths.map((p) => existsSync(p));
  // `key value` lines; git refuses an empty name or email, so those do not count.
  const keys = new Set((user ?? '').split('\n').flatMap((line) => /^(\S+) +\S/.exec(line)?.[1] ?? []));
  return {
    root,
    ...(branch !== undefined ? { branch } : {}),
    detached: branch === undefined,
    merging: mergeHead === true,
    rebasing: rebaseMerge === true || rebaseApply === true,
    ...(upstream !== undefined ? { upstream } : {}),
    userConfigured: keys.has('user.name') && keys.has('user.email'),
  };
}

/** `p` with its parent directories' symlinks resolved (the last component is kept: it may be a tracked symlink or not exist yet). */
function canonical(p: string): string {
  const rest = [basename(p)];
  let dir = dirname(p);
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...rest);
}

/**
 * `p` (absolute, or relative to `base`) as a `/`-separated path relative to
 * the work tree `root` ('' for the root itself); undefined when it lies outside.
 */
export function repoPath(root: string, base: string, p: string): string | undefined {
  const rel = relative(realpathSync(root), canonical(resolve(base, p)));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** One changed path, with its porcelain status letters. */
export interface Change {
  readonly path: string;
  /** Status in the index (`X`): `M`, `A`, `D`, `R`, `?`… */
  readonly index: string;
  /** Status in the work tree (`Y`). */
  readonly worktree: string;
}

/** Splits `git status --porcelain=v1 -z`. A rename's old path is listed too, as a staged deletion. */
export function parsePorcelain(out: string): Change[] {
  const fields = out.split('\0');
  const changes: Change[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    changes.push({ path: entry.slice(3), index: entry[0]!, worktree: entry[1]! });
    // A rename or copy is followed by its source; a rename's source is a deletion to commit too.
    if (entry[0] === 'R' || entry[0] === 'C') {
      const source = fields[++i];
      if (entry[0] === 'R' && source) changes.push({ path: source, index: 'D', worktree: ' ' });
    }
  }
  return changes;
}

/** Changes in the index or the work tree (untracked files included), optionally within `paths`. */
export async function changes(git: SimpleGit, paths: readonly string[] = []): Promise<Change[]> {
  const args = ['--no-optional-locks', '--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all'];
  return parsePorcelain(await git.raw(paths.length > 0 ? [...args, '--', ...paths] : args));
}
