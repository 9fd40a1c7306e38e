// The git state a worker must leave alone, snapshotted before a run and
// compared after it: HEAD and every ref (stash and notes included), what the
// index stages, .git/config (and a worktree's config.worktree), .git/info/,
// the hooks folder (or core.hooksPath) and, read from the config, the
// remotes. The comparison is worded for the user ("HEAD moved from 1a2b3c4 to
// 5d6e7f8 (2 commits)", ".git/config: core.fsmonitor added"). A staged index
// alone is a doubt: staging commits nothing. Every git call here runs with
// the repository's fsmonitor and hooks off (repo.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { gitAt, maybe } from './repo';

export interface GitState {
  /** The worktree's own git dir (`.git`, or `.git/worktrees/<name>`). */
  readonly gitDir: string;
  /** The repository's git dir, shared by its worktrees. */
  readonly commonDir: string;
  /** The commit HEAD is at; undefined before the first commit. */
  readonly head?: string;
  /** The branch HEAD is on (`refs/heads/main`); undefined when detached. */
  readonly branch?: string;
  /** Every ref (`for-each-ref`: branches, tags, remotes, stash, notes) → its object. */
  readonly refs: Readonly<Record<string, string>>;
  /** A checksum of what the index stages against HEAD: a refreshed index with the same content keeps it. */
  readonly index: string;
  /** The text of the repository's config file ('' when absent): also the copy a restore writes back. */
  readonly config: string;
  /** The text of the worktree's config.worktree ('' when absent). */
  readonly worktreeConfig: string;
  /** `key=value` of both config files, in file order. */
  readonly settings: readonly string[];
  /** Files under the common git dir's info/ → their checksum. */
  readonly info: Readonly<Record<string, string>>;
  /** The hooks folder git would use (core.hooksPath or `hooks/`). */
  readonly hooksDir: string;
  /** Its files → checksum and executable bit. */
  readonly hooks: Readonly<Record<string, string>>;
}

export interface GitChange {
  readonly area: 'head' | 'ref' | 'index' | 'config' | 'remote' | 'info' | 'hooks';
  /** In words, e.g. `HEAD moved from 1a2b3c4 to 5d6e7f8 (2 commits)`. */
  readonly text: string;
}

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const short = (oid: string | undefined): string => (oid ? oid.slice(0, 7) : 'nothing');

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Files under `dir`, recursively, as `/`-separated relative paths → checksum (plus `+x` when executable); `skip` leaves names out. */
function folder(dir: string, withMode = false, skip: (name: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out;
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = join(dir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || skip(name)) continue;
    out[name.split('\\').join('/')] = sha(readFileSync(file)) + (withMode && (stat.mode & 0o111) !== 0 ? '+x' : '');
  }
  return out;
}

/** `key=value` entries of a config file, read as data (no includes followed, nothing run). */
async function settingsOf(git: SimpleGit, file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const out = await maybe(git, ['config', '--file', file, '--no-includes', '--list', '-z']);
  // `-z`: each entry is `key\nvalue\0` (a key without a value has no newline).
  return (out ?? '').split('\0').filter((e) => e !== '').map((e) => e.replace('\n', '='));
}

/** The git dirs of the work tree at `dir` (absolute), or undefined when it is in no repository. */
export async function gitDirs(dir: string): Promise<{ readonly gitDir: string; readonly commonDir: string; readonly root: string } | undefined> {
  const out = await maybe(await gitAt(dir), ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--show-toplevel']);
  const [gitDir, commonDir, root] = (out ?? '').split('\n').map((l) => l.trim());
  return gitDir && commonDir && root ? { gitDir, commonDir, root } : undefined;
}

/** The state of the repository holding `dir`; undefined when there is none. */
export async function snapshotGit(dir: string): Promise<GitState | undefined> {
  const dirs = await gitDirs(dir);
  if (!dirs) return undefined;
  const { gitDir, commonDir, root } = dirs;
  const git = await gitAt(root);
  const [head, branch, refs, staged] = await Promise.all([
    maybe(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
    maybe(git, ['symbolic-ref', '--quiet', 'HEAD']),
    maybe(git, ['for-each-ref', '--format=%(objectname) %(refname)']),
    // What is staged against HEAD (everything, before the first commit): a commit or a reset leaves nothing staged.
    git.raw(['diff-index', '--cached', '--raw', '-z', '--no-renames', 'HEAD']).catch(() => git.raw(['ls-files', '--stage', '-z']).catch(() => '')),
  ]);
  const configFile = join(commonDir, 'config');
  const worktreeFile = join(gitDir, 'config.worktree');
  const settings = [...(await settingsOf(git, configFile)), ...(gitDir !== commonDir ? await settingsOf(git, worktreeFile) : [])];
  // The last core.hooksPath wins, as in git; relative to the work tree's top level.
  const hooksPath = settings.filter((s) => s.toLowerCase().startsWith('core.hookspath=')).at(-1)?.slice('core.hooksPath='.length);
  const hooksDir = hooksPath ? resolve(root, hooksPath.replace(/^~(?=\/|$)/, process.env.HOME ?? '~')) : join(commonDir, 'hooks');
  return {
    gitDir,
    commonDir,
    ...(head ? { head } : {}),
    ...(branch ? { branch } : {}),
    refs: Object.fromEntries(
      (refs ?? '')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => [l.slice(41), l.slice(0, 40)]),
    ),
    index: sha(staged),
    config: readText(configFile),
    worktreeConfig: gitDir !== commonDir ? readText(worktreeFile) : '',
    settings,
    info: folder(join(commonDir, 'info')),
    hooksDir,
    // git never runs a `.sample`: only a hook with its exact name.
    hooks: folder(hooksDir, true, (name) => name.endsWith('.sample')),
  };
}

/** A ref as the user knows it: `branch main`, `tag v1`, `the stash`, `notes commits`. */
function refName(ref: string): string {
  if (ref === 'refs/stash') return 'the stash';
  const kinds: Array<[string, string]> = [
    ['refs/heads/', 'branch '],
    ['refs/tags/', 'tag '],
    ['refs/remotes/', 'remote-tracking branch '],
    ['refs/notes/', 'notes '],
  ];
  const kind = kinds.find(([prefix]) => ref.startsWith(prefix));
  return kind ? `${kind[1]}${ref.slice(kind[0].length)}` : ref;
}

/** Text from a repository a worker wrote, fit for one line of a message: no control characters, not too long. */
function safe(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '·');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How HEAD's move reads: forwards, backwards, or to another line of history. */
async function headMove(git: SimpleGit, from: string | undefined, to: string | undefined): Promise<string> {
  const words = `HEAD moved from ${short(from)} to ${short(to)}`;
  if (!from || !to) return words;
  const count = async (range: string) => Number((await maybe(git, ['rev-list', '--count', range])) ?? NaN);
  const [ahead, behind] = await Promise.all([count(`${from}..${to}`), count(`${to}..${from}`)]);
  if (Number.isNaN(ahead) || Number.isNaN(behind)) return words;
  if (behind === 0) return `${words} (${plural(ahead, 'commit')})`;
  if (ahead === 0) return `${words} (back ${plural(behind, 'commit')}: a reset)`;
  return `${words} (history rewritten: ${plural(ahead, 'new commit')}, ${behind} left behind, as an amend or rebase does)`;
}

/** `key` → its values, in order. */
function byKey(settings: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of settings) {
    const at = entry.indexOf('=');
    const key = at < 0 ? entry : entry.slice(0, at);
    const value = at < 0 ? '' : entry.slice(at + 1);
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/** The config's changes by key; a remote's keys are worded as that remote's change. */
function configChanges(before: GitState, after: GitState): GitChange[] {
  const [was, now] = [byKey(before.settings), byKey(after.settings)];
  const changes: GitChange[] = [];
  const keys = new Map<string, string[]>([['added', []], ['changed', []], ['removed', []]]);
  // A remote's keys are worded once, as that remote's change: added, removed, or which of its keys changed.
  const remotes = new Map<string, Set<string>>();
  const has = (map: Map<string, string[]>, name: string) => [...map.keys()].some((k) => k.startsWith(`remote.${name}.`));
  for (const key of new Set([...was.keys(), ...now.keys()])) {
    const [a, b] = [was.get(key), now.get(key)];
    if (a?.join('\0') === b?.join('\0')) continue;
    const how = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const remote = /^remote\.(.+)\.([^.]+)$/.exec(key);
    if (!remote) {
      keys.get(how)!.push(safe(key, 60));
      continue;
    }
    const [, name, field] = remote as unknown as [string, string, string];
    const url = field === 'url' && b ? ` (${safe(b.join(', '), 60)})` : '';
    const what = !has(was, name) ? `added${url}` : !has(now, name) ? 'removed' : `${field} ${how}${url}`;
    remotes.set(name, (remotes.get(name) ?? new Set()).add(what));
  }
  // One line per kind of change, added first: a planted key is what matters most.
  for (const [how, list] of keys) {
    const shown = list.length > 4 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
    if (list.length > 0) changes.push({ area: 'config', text: `.git/config: ${shown} ${how}` });
  }
  for (const [name, whats] of remotes) {
    // `added` without the url when the url's entry says it too.
    const list = [...whats].filter((w) => !(w === 'added' && [...whats].some((o) => o.startsWith('added ('))));
    changes.push({ area: 'remote', text: `remote ${safe(name, 40)} ${list.join(', ')}` });
  }
  const textChanged = before.config !== after.config || before.worktreeConfig !== after.worktreeConfig;
  if (changes.length === 0 && textChanged) changes.push({ area: 'config', text: '.git/config rewritten (the same settings)' });
  return changes;
}

function folderChanges(area: 'info' | 'hooks', label: (name: string) => string, was: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): GitChange[] {
  return [...new Set([...Object.keys(was), ...Object.keys(now)])].sort().flatMap((name): GitChange[] => {
    const [a, b] = [was[name], now[name]];
    if (a === b) return [];
    return [{ area, text: `${label(safe(name, 60))} ${a === undefined ? 'added' : b === undefined ? 'removed' : 'changed'}` }];
  });
}

/**
 * What changed between two states of one repository, in words. `dir` is the
 * repository, to count the commits HEAD moved by.
 */
export async function compareGit(dir: string, before: GitState, after: GitState): Promise<GitChange[]> {
  const changes: GitChange[] = [];
  const git = await gitAt(dir);
  if (before.branch !== after.branch)
    changes.push({ area: 'head', text: `HEAD switched from ${before.branch ? refName(before.branch) : 'a detached HEAD'} to ${after.branch ? refName(after.branch) : 'a detached HEAD'}` });
  if (before.head !== after.head) changes.push({ area: 'head', text: await headMove(git, before.head, after.head) });
  for (const ref of [...new Set([...Object.keys(before.refs), ...Object.keys(after.refs)])].sort()) {
    const [a, b] = [before.refs[ref], after.refs[ref]];
    // HEAD's own branch moving is HEAD's move, said once.
    if (a === b || (ref === after.branch && ref === before.branch && before.head !== after.head)) continue;
    const name = safe(refName(ref), 80);
    const text = a === undefined ? `new ${name} at ${short(b)}` : b === undefined ? `${name} deleted (was ${short(a)})` : `${name} moved from ${short(a)} to ${short(b)}`;
    changes.push({ area: 'ref', text: ref === 'refs/stash' && a === undefined ? `the stash: an entry saved at ${short(b)}` : text });
  }
  changes.push(...configChanges(before, after));
  changes.push(...folderChanges('info', (n) => `.git/info/${n}`, before.info, after.info));
  const hooksLabel = (dir: string) => {
    const rel = relative(before.commonDir, dir);
    return rel.startsWith('..') || isAbsolute(rel) ? dir : `.git/${rel.split('\\').join('/')}`;
  };
  if (before.hooksDir === after.hooksDir) changes.push(...folderChanges('hooks', (n) => `hook ${hooksLabel(before.hooksDir)}/${n}`, before.hooks, after.hooks));
  else if (Object.keys(after.hooks).length > 0) changes.push({ area: 'hooks', text: `hooks now come from ${safe(hooksLabel(after.hooksDir))} (${plural(Object.keys(after.hooks).length, 'file')})` });
  if (before.index !== after.index) changes.push({ area: 'index', text: 'the index changed: files were staged or unstaged' });
  return changes;
}

/** Whether a change stops the plan (anything but the index: staging alone commits nothing). */
export const isDoubt = (c: GitChange): boolean => c.area === 'index';

/** The run's failure reason: `the worker changed git: HEAD moved …; .git/config: core.fsmonitor added`. */
export function changeReason(changes: readonly GitChange[]): string {
  return `the worker changed git: ${changes.map((c) => c.text).join('; ')}`;
}

/**
 * A line diff of two config texts (`-`/`+` lines, context as `  `), for Show
 * Changes; the files are small, so a plain LCS table will do.
 */
export function configDiff(before: string, after: string): string {
  const [a, b] = [before.split('\n'), after.split('\n')];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join('\n');
}
