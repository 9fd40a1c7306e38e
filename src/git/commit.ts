// The user-approved commit: which changed files it takes, and the commit
// itself. The commit never sweeps in anything else the user staged, and on any
// failure leaves the index byte-for-byte as it found it.
//
// How: `git add -- <files>` then `git commit -- <files>`. A commit with a
// pathspec (git's `--only`) records HEAD plus exactly those paths, whatever
// else is staged, and leaves the rest of the index staged as it was; git holds
// the index lock while hooks run. The index file is copied before staging and
// put back (under git's own lock protocol) if staging or committing fails, so
// what this call staged is unstaged and nothing else moves. The work tree is
// never written.
import { existsSync, lstatSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { changes, errorText, findRoot, gitAt, inspectRepo, maybe, repoPath, type Change, type RepoState } from './repo';
import { findSecrets, type SecretMatch } from './secrets';

export type CommitScope = 'planFiles' | 'allChanges';

interface PrepareRequest {
  readonly repoRoot: string;
  readonly planFile: string;
  /** Paths the plan names, relative to `repoRoot` or absolute. Only exact files count: see `prepareCommit`. */
  readonly planned: readonly string[];
  readonly scope: CommitScope;
}

/** A planned entry that names no single file: it is shown, and never widens what is committed. */
interface NotAFile {
  /** As the plan writes it. */
  readonly entry: string;
  readonly why: 'the repository root' | 'a directory' | 'a glob';
}

export interface PreparedCommit {
  /** The planned entries that name a file, repo-relative, changed or not. */
  readonly named: readonly string[];
  /** Repo-relative paths changed in the work tree or index that the commit takes. */
  readonly files: readonly string[];
  /** Changed paths the scope would take that look like secrets: committed only when the user confirms each by name. */
  readonly secrets: readonly string[];
  /** Why each of `secrets` looks like one (its name, a private key header, a cloud token…), for the confirmation. */
  readonly secretMatches: readonly SecretMatch[];
  /** Changed paths outside the scope. */
  readonly leftOut: readonly string[];
  /** Planned files (repo-relative) that are neither on disk nor changed in git. */
  readonly missing: readonly string[];
  readonly notFiles: readonly NotAFile[];
  /** Planned paths (absolute) outside the repository: never committed. */
  readonly outside: readonly string[];
}

interface CommitRequest {
  readonly repoRoot: string;
  /** Relative to `repoRoot` or absolute. */
  readonly files: readonly string[];
  readonly message: string;
  readonly push: boolean;
}

export type CommitResult =
  | {
      readonly ok: true;
      readonly hash: string;
      readonly shortHash: string;
      readonly branch: string;
      readonly pushed?: boolean;
      readonly pushError?: string;
    }
  | { readonly ok: false; readonly reason: string; readonly output?: string };

const GLOB = /[*?[\]{}]/;

/** A submodule's work tree: a directory with its own `.git` (a file pointing into the superproject's modules). */
const isSubmodule = (root: string, rel: string): boolean => existsSync(resolve(root, rel, '.git'));

const isDirectory = (path: string): boolean => {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
};

const unique = (items: readonly string[]): string[] => [...new Set(items)];

/**
 * The files a user-approved commit would take, and what it leaves out.
 * Stages nothing. Exact files only: each planned entry is normalised against
 * the repository root (`src/../a.ts` is `a.ts`); one that resolves to the
 * root or to a directory, or holds glob characters, names no file and takes
 * nothing. An untracked file is taken only when the plan names it, even in
 * the allChanges scope; a file that looks like a secret is held back for a
 * confirmation of its own.
 */
export async function prepareCommit(req: PrepareRequest): Promise<PreparedCommit | { error: string }> {
  const root = await findRoot(req.repoRoot);
  if (typeof root !== 'string') return root;
  const git = await gitAt(root);
  let list: Change[];
  try {
    list = await changes(git);
  } catch (e) {
    return { error: `git status failed: ${errorText(e)}` };
  }
  const changed = unique(list.map((c) => c.path));
  const untracked = new Set(list.filter((c) => c.index === '?').map((c) => c.path));
  const outside: string[] = [];
  const notFiles: NotAFile[] = [];
  const exact: string[] = [];
  for (const entry of req.planned) {
    if (GLOB.test(entry)) {
      notFiles.push({ entry, why: 'a glob' });
      continue;
    }
    const rel = repoPath(root, req.repoRoot, entry);
    if (rel === undefined) outside.push(resolve(req.repoRoot, entry));
    else if (rel === '') notFiles.push({ entry, why: 'the repository root' });
    // A directory, on disk or only in git (all of it deleted).
    else if (entry.endsWith('/') || (isDirectory(resolve(root, rel)) && !isSubmodule(root, rel)) || changed.some((c) => c.startsWith(`${rel}/`)))
      notFiles.push({ entry, why: 'a directory' });
    else exact.push(rel);
  }
  const planRel = repoPath(root, req.repoRoot, req.planFile);
  const named = new Set([...exact, ...(planRel !== undefined ? [planRel] : [])]);
  // A submodule is committed as its pointer when that moved; one whose own files changed only is left out (commit inside it first).
  const dirtyOnly = new Set<string>();
  for (const c of changed)
    if (!untracked.has(c) && isSubmodule(root, c) && ((await maybe(git, ['diff', '--ignore-submodules=dirty', '--name-only', 'HEAD', '--', c])) ?? '').trim() === '') dirtyOnly.add(c);
  const inScope = changed.filter((c) => !dirtyOnly.has(c) && (named.has(c) || (req.scope === 'allChanges' && !untracked.has(c))));
  const secretMatches = await findSecrets(root, inScope.filter((c) => c !== planRel && !isSubmodule(root, c)));
  const secrets = secretMatches.map((m) => m.file);
  const files = inScope.filter((c) => !secrets.includes(c));
  const taken = new Set(inScope);
  return {
    named: unique(exact),
    files,
    secrets,
    secretMatches,
    leftOut: changed.filter((c) => !taken.has(c)),
    missing: unique(exact).filter((p) => !changed.includes(p) && !existsSync(resolve(root, p))),
    notFiles,
    outside: unique(outside),
  };
}

function refuse(reason: string, output?: string): CommitResult {
  return { ok: false, reason, ...(output ? { output } : {}) };
}

/** Why the repository is in no state to commit, if it is not. */
function blocker(state: RepoState): string | undefined {
  if (state.detached) return 'HEAD is detached: check out a branch before committing.';
  if (state.merging) return 'A merge is in progress: finish or abort it before committing.';
  if (state.rebasing) return 'A rebase is in progress: finish or abort it before committing.';
  if (!state.userConfigured)
    return 'git user.name and user.email are not both set: git would not know the author. Set them with `git config user.name …` and `git config user.email …`.';
  return undefined;
}

async function run(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    await git.raw(args);
    return undefined;
  } catch (e) {
    return errorText(e) || 'git failed without saying why';
  }
}

/**
 * Puts the index file back as it was (absent, if it was), taking git's
 * `index.lock` as git does. Nothing to do when git failed before writing it.
 */
async function restoreIndex(indexFile: string, before: Buffer | undefined): Promise<string | undefined> {
  const now = existsSync(indexFile) ? await readFile(indexFile) : undefined;
  if (now === undefined ? before === undefined : before !== undefined && now.equals(before)) return undefined;
  const lock = `${indexFile}.lock`;
  const failed = (e: unknown): string =>
    `The index could not be restored (${errorText(e)}); the files this commit staged are still staged.`;
  try {
    await writeFile(lock, before ?? '', { flag: 'wx' });
  } catch (e) {
    return failed(e);
  }
  try {
    if (before === undefined) await rm(indexFile, { force: true });
    await (before === undefined ? rm(lock) : rename(lock, indexFile));
    return undefined;
  } catch (e) {
    await rm(lock, { force: true });
    return failed(e);
  }
}

/** Paths `git add` can take: a path already gone from the index (a staged deletion, a rename's source) would make it fail. */
function toStage(list: readonly Change[]): string[] {
  return list.filter((c) => c.index !== 'D').map((c) => c.path);
}

/** Paths the commit records: not those added (or renamed) in the index and then deleted, which leave nothing to commit. */
function toCommit(list: readonly Change[]): string[] {
  return list.filter((c) => !(/[ARC]/.test(c.index) && c.worktree === 'D')).map((c) => c.path);
}

async function pushBranch(root: string, branch: string, upstream: string | undefined): Promise<{ pushed: boolean; pushError?: string }> {
  // The user's push: their pre-push hook runs, as for the commit.
  const git = await gitAt(root, 300_000, { hooks: true });
  const remote = upstream && (await maybe(git, ['config', '--get', `branch.${branch}.remote`]));
  const merge = upstream && (await maybe(git, ['config', '--get', `branch.${branch}.merge`]));
  let args: string[];
  if (remote && merge) args = ['push', remote, `refs/heads/${branch}:${merge}`];
  else if ((await git.raw(['remote'])).split('\n').includes('origin')) args = ['push', '--set-upstream', 'origin', branch];
  else return { pushed: false, pushError: 'The branch has no upstream and the repository has no "origin" remote.' };
  const error = await run(git, args);
  return error === undefined ? { pushed: true } : { pushed: false, pushError: error };
}

/**
 * Commits exactly `files` (their work-tree content) with `message`, then
 * optionally pushes. Refuses before touching anything when the repository
 * cannot take the commit; restores the index when git or a hook fails.
 */
export async function commitFiles(req: CommitRequest): Promise<CommitResult> {
  const state = await inspectRepo(req.repoRoot);
  if ('error' in state) return refuse(state.error);
  const blocked = blocker(state);
  if (blocked) return refuse(blocked);
  const located = req.files.map((f) => ({ given: f, rel: repoPath(state.root, req.repoRoot, f) }));
  const foreign = located.find((l) => l.rel === undefined);
  if (foreign !== undefined) return refuse(`${resolve(req.repoRoot, foreign.given)} is outside the repository ${state.root}: it cannot be committed.`);
  // A commit takes files by name: the root or a directory would take everything under it.
  const wide = located.find((l) => l.rel === '' || (isDirectory(resolve(state.root, l.rel!)) && !isSubmodule(state.root, l.rel!)));
  if (wide !== undefined) return refuse(`${wide.given} is ${wide.rel === '' ? 'the repository root' : 'a directory'}, not a file: only files are committed.`);
  if (req.message.trim() === '') return refuse('The commit message is empty.');
  const paths = unique(located.map((l) => l.rel!));
  const git = await gitAt(state.root);
  const pending = paths.length > 0 ? await changes(git, paths) : [];
  const commitPaths = toCommit(pending);
  if (commitPaths.length === 0) return refuse('Nothing to commit: none of the chosen files has changes.');

  const indexFile = resolve(state.root, (await git.raw(['rev-parse', '--git-path', 'index'])).trim());
  const before = existsSync(indexFile) ? await readFile(indexFile) : undefined;
  const addPaths = toStage(pending);
  const failure =
    (addPaths.length > 0 ? await run(git, ['--literal-pathspecs', 'add', '--', ...addPaths]) : undefined) ??
    // The commit alone runs the user's hooks (their pre-commit is their choice); the staging above runs none.
    (await run(await gitAt(state.root, undefined, { hooks: true }), ['--literal-pathspecs', 'commit', '--quiet', '-m', req.message, '--', ...commitPaths]));
  if (failure !== undefined) {
    const restoreError = await restoreIndex(indexFile, before);
    return refuse(`The commit failed; nothing was committed. ${restoreError ?? 'The index is as it was.'}`, failure);
  }
  const [hash, shortHash] = (await git.raw(['rev-parse', 'HEAD', '--short', 'HEAD'])).trim().split('\n');
  const done = { ok: true as const, hash: hash!, shortHash: shortHash!, branch: state.branch! };
  return req.push ? { ...done, ...(await pushBranch(state.root, state.branch!, state.upstream)) } : done;
}
