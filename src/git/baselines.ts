// The baselines of the git check around worker runs. Workers running at once
// in one repository share one baseline, taken when the first of them starts:
// a change seen when any of them ends fails that run, and every run that
// overlapped it sees it too when it ends (the check cannot tell whose command
// made it). Once a change has been seen, runs that start later join with the
// state after it, so they are not blamed for it. Node-only; the editor keeps
// the record (src/editor/services/gitWatch.ts).
import { compareGit, gitDirs, isDoubt, snapshotGit, type GitChange, type GitState } from './state';

/** One run's watch on its repository. */
export interface GitWatchRun {
  /** The repository's common git dir. */
  readonly repo: string;
  readonly key: string;
}

/** What a run left in git: failures and doubts (a staged index), the runs beside it, and the states compared. */
export interface GitSeen {
  readonly changes: readonly GitChange[];
  readonly doubts: readonly GitChange[];
  /** The keys of the other runs in the same repository during this run. */
  readonly overlapped: readonly string[];
  readonly before: GitState;
  readonly after: GitState;
}

interface Baseline {
  /** The state new runs join with; moved on once a run's change is seen. */
  state: GitState;
  /** Runs still going → their start state and the runs beside them. */
  readonly running: Map<string, { readonly before: GitState; readonly beside: Set<string> }>;
}

export class RepoBaselines {
  private readonly baselines = new Map<string, Promise<Baseline | undefined>>();

  /** `taken`: told of each new baseline (the editor keeps a copy in its storage). */
  constructor(private readonly taken: (repo: string, state: GitState) => void = () => undefined) {}

  /** Starts watching the repository at `cwd` for the run `key`; undefined when `cwd` is in no repository. */
  async begin(cwd: string, key: string): Promise<GitWatchRun | undefined> {
    const dirs = await gitDirs(cwd);
    if (!dirs) return undefined;
    const repo = dirs.commonDir;
    for (;;) {
      let pending = this.baselines.get(repo);
      if (!pending) {
        pending = snapshotGit(cwd).then((state) => state && { state, running: new Map() });
        this.baselines.set(repo, pending);
        void pending.then((b) => b && this.taken(repo, b.state));
      }
      const baseline = await pending;
      if (!baseline) {
        this.baselines.delete(repo);
        return undefined;
      }
      // The last run there ended while this one waited: take a baseline of its own.
      if (this.baselines.get(repo) !== pending) continue;
      for (const other of baseline.running.values()) other.beside.add(key);
      baseline.running.set(key, { before: baseline.state, beside: new Set(baseline.running.keys()) });
      return { repo, key };
    }
  }

  /** Ends a run's watch: what changed since its baseline. The baseline goes when the last run there ends. */
  async end(run: GitWatchRun, cwd: string): Promise<GitSeen | undefined> {
    const pending = this.baselines.get(run.repo);
    const baseline = await pending;
    const mine = baseline?.running.get(run.key);
    if (!baseline || !mine) return undefined;
    baseline.running.delete(run.key);
    if (baseline.running.size === 0 && this.baselines.get(run.repo) === pending) this.baselines.delete(run.repo);
    const overlapped = [...mine.beside];
    const after = await snapshotGit(cwd);
    if (!after) return { changes: [{ area: 'head', text: 'the repository is gone' }], doubts: [], overlapped, before: mine.before, after: mine.before };
    const all = await compareGit(cwd, mine.before, after);
    const changes = all.filter((c) => !isDoubt(c));
    if (changes.length > 0) baseline.state = after;
    return { changes, doubts: all.filter(isDoubt), overlapped, before: mine.before, after };
  }
}
