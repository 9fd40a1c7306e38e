// The proof the commit phase asks for: a hash that names a commit of the
// plan's own work. It must be reachable from HEAD, made after the plan began
// (its Generated time), change a file the plan names, and leave none of them
// with changes it does not hold. Git runs without a shell, on an argument that
// can only be hex digits and on paths after `--`, so nothing in them reaches
// git as an option.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliError } from './io';
import { safeConfig } from '../git/repo';

const execFileAsync = promisify(execFile);

interface ExecFailure {
  readonly code?: number | string;
  readonly stderr?: string;
}

/** What the plan says about its own work, for checking a commit against it. */
export interface PlanWork {
  /** The repository's top level: the plan's file paths are relative to it. */
  readonly root: string;
  /** When the plan began: its Generated header; undefined when it has none or it is not a time. */
  readonly started?: Date;
  /** The files the plan names, repo-relative. */
  readonly files: readonly string[];
  /** Of those, the ones with changes not committed yet. */
  readonly uncommitted: readonly string[];
}

/** Git's stdout, or undefined when git exits 1 (its "no" for --quiet and --is-ancestor). */
async function gitOut(dir: string, args: readonly string[], what: string): Promise<string | undefined> {
  try {
    return (await execFileAsync('git', [...safeConfig(false).flatMap((c) => ['-c', c]), '--literal-pathspecs', ...args], { cwd: dir, timeout: 10_000, maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    const { code, stderr } = e as ExecFailure;
    if (code === 'ENOENT') throw new CliError('cannot check --commit: git is not installed', 1);
    if (code === 1) return undefined;
    const said = (stderr ?? '').trim().split('\n')[0] || `git exited with ${String(code)}`;
    throw new CliError(`cannot check --commit ${what} in ${dir}: ${said}`, 1);
  }
}

const listed = (files: readonly string[]): string => (files.length > 3 ? `${files.slice(0, 3).join(', ')} and ${files.length - 3} more` : files.join(', '));

/**
 * The commit's short hash; refuses (exit 1), with the reason, a hash that is
 * not a commit of the plan's work. `readWork` is asked only once the hash names a commit on the branch.
 */
export async function verifiedCommit(dir: string, hash: string, readWork: () => Promise<PlanWork>): Promise<string> {
  if (!/^[0-9a-f]{4,64}$/i.test(hash)) throw new CliError(`--commit ${JSON.stringify(hash)} is not a commit hash (4 to 64 hex digits)`, 1);
  // With --quiet, git says nothing and exits 1 for a well-formed name that is no commit.
  const full = (await gitOut(dir, ['rev-parse', '--verify', '--quiet', `${hash}^{commit}`], hash))?.trim();
  if (!full) throw new CliError(`--commit ${hash} is not a commit in the repository of ${dir}`, 1);
  const [short, time] = (await gitOut(dir, ['log', '-1', '--format=%h %ct', full], hash))!.trim().split(' ');
  if ((await gitOut(dir, ['merge-base', '--is-ancestor', full, 'HEAD'], hash)) === undefined)
    throw new CliError(`--commit ${short} is not reachable from HEAD: it is not part of the branch checked out`, 1);
  const work = await readWork();
  if (!work.started) throw new CliError('the plan has no Generated time, so no commit can be shown to be newer than the plan', 1);
  const made = new Date(Number(time) * 1000);
  if (made < work.started)
    throw new CliError(`--commit ${short} was made ${made.toISOString()}, before the plan began (Generated ${work.started.toISOString()})`, 1);
  if (work.files.length === 0) throw new CliError('the plan names no file, so no commit can be shown to hold its changes', 1);
  // First parent only: a merge counts for what it brought onto the branch.
  const changed = new Set((await gitOut(dir, ['log', '-1', '--diff-merges=first-parent', '--no-renames', '--name-only', '--format=', '-z', full], hash))!.split('\0'));
  if (!work.files.some((f) => changed.has(f))) throw new CliError(`--commit ${short} changes none of the files the plan names (${listed(work.files)})`, 1);
  if (work.uncommitted.length > 0)
    throw new CliError(`--commit ${short} does not hold all of the plan's changes: uncommitted changes to ${listed(work.uncommitted)}`, 1);
  const later = (await gitOut(work.root, ['diff', '--name-only', '-z', full, 'HEAD', '--', ...work.files], hash))!.split('\0').filter((f) => f !== '');
  if (later.length > 0) throw new CliError(`--commit ${short} does not hold all of the plan's changes: later commits change ${listed(later)}`, 1);
  return short!;
}
