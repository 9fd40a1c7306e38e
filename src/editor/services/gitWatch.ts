// The git state around worker runs (the baselines: src/git/baselines.ts),
// and what a change leaves behind: a record per plan that blocks its commit gate until the user resolves it (restoring
// .git/config from the recorded copy, or confirming the rest). Baselines and
// records are kept in the extension's storage, never in the repository.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../../plan/model';
import { findTask } from '../../plan/read/taskIds';
import type { GateEntry, GateOutside } from '../../plan/rules/gate';
import type { GitChange, GitState } from '../../git/state';
import { RepoBaselines, type GitSeen, type GitWatchRun } from '../../git/baselines';
import { errorMessage } from '../../util/errors';
import { Disposable } from '../util/dispose';


/** A change a worker run left, recorded against its plan until the user resolves it. */
export interface GitFinding {
  readonly id: string;
  /** The plan's URI, as a string. */
  readonly plan: string;
  readonly taskId: string;
  readonly at: string;
  readonly repo: string;
  readonly changes: readonly GitChange[];
  readonly doubts: readonly GitChange[];
  readonly overlapped: readonly string[];
  /** The state before the run, .git/config's text included: what a restore writes back. */
  readonly before: GitState;
  readonly after: GitState;
}

const FILE = 'git-findings.json';

export class GitWatch extends Disposable {
  private readonly baselines = new RepoBaselines((repo, state) => void this.keepBaseline(repo, state));
  private findings: GitFinding[] = [];
  private readonly loaded: Promise<void>;
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires with a plan's URI when its findings change. */
  readonly onDidChange = this.changed.event;

  constructor(
    /** The extension's storage (workspace, else global): never the repository. */
    private readonly storage: vscode.Uri,
    private readonly log: Pick<vscode.LogOutputChannel, 'error'>,
  ) {
    super();
    this.loaded = this.load();
  }

  private get dir(): string {
    return join(this.storage.fsPath, 'git-fence');
  }

  private async load(): Promise<void> {
    try {
      this.findings = JSON.parse(await readFile(join(this.dir, FILE), 'utf8')) as GitFinding[];
    } catch {
      this.findings = [];
    }
  }

  private async save(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `${FILE}.tmp`);
      await writeFile(tmp, JSON.stringify(this.findings, null, 1));
      await rename(tmp, join(this.dir, FILE));
    } catch (e) {
      this.log.error(`The record of git changes could not be saved in ${this.dir}: ${errorMessage(e)}`, e);
    }
  }

  /** Starts watching the repository at `cwd` for the run `key` (shared with the runs going there); its baseline is kept in storage too. */
  async begin(cwd: string, key: string): Promise<GitWatchRun | undefined> {
    return this.baselines.begin(cwd, key);
  }

  /** Ends a run's watch: what changed since its baseline. */
  end(run: GitWatchRun, cwd: string): Promise<GitSeen | undefined> {
    return this.baselines.end(run, cwd);
  }

  /** A copy of a new baseline in storage: .git/config's text survives a crash of the editor mid-run. */
  private async keepBaseline(repo: string, state: GitState): Promise<void> {
    const name = `baseline-${createHash('sha1').update(repo).digest('hex').slice(0, 12)}.json`;
    await mkdir(this.dir, { recursive: true })
      .then(() => writeFile(join(this.dir, name), JSON.stringify(state)))
      .catch((e: unknown) => this.log.error(`The git baseline could not be kept in ${this.dir}: ${errorMessage(e)}`, e));
  }

  /** Records what a run changed against its plan: the gate blocks the plan until the user resolves it. */
  async record(uri: vscode.Uri, taskId: string, seen: GitSeen): Promise<GitFinding> {
    await this.loaded;
    const finding: GitFinding = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      plan: uri.toString(),
      taskId,
      at: new Date().toISOString(),
      repo: seen.before.commonDir,
      ...seen,
    };
    this.findings.push(finding);
    await this.save();
    this.changed.fire(uri);
    return finding;
  }

  /** The unresolved findings of a plan, oldest first. */
  async of(uri: vscode.Uri): Promise<readonly GitFinding[]> {
    await this.loaded;
    return this.findings.filter((f) => f.plan === uri.toString());
  }

  /** What the gate learns from the findings: a block for each change, a warning for a staged index. */
  async gateOutside(uri: vscode.Uri, plan: Plan): Promise<GateOutside> {
    const blocks: GateEntry[] = [];
    const doubts: GateEntry[] = [];
    for (const f of await this.of(uri)) {
      const line = findTask(plan.tasks, f.taskId)?.line ?? Math.max(0, plan.titleLine);
      const what = (cs: readonly GitChange[]) => cs.map((c) => c.text).join('; ');
      if (f.changes.length > 0)
        blocks.push({ code: 'git-changed', message: `The worker for ${f.taskId} changed git (${what(f.changes)}): resolve it with Beads Plan: Resolve Git Changes`, line });
      if (f.doubts.length > 0) doubts.push({ code: 'git-staged', message: `The worker for ${f.taskId} left ${what(f.doubts)}`, line });
    }
    return { blocks, doubts };
  }

  /** Writes .git/config back as it was before the finding's run. */
  async restoreConfig(finding: GitFinding): Promise<void> {
    await writeFile(join(finding.before.commonDir, 'config'), finding.before.config);
    if (finding.before.gitDir !== finding.before.commonDir && finding.before.worktreeConfig !== finding.after.worktreeConfig)
      await writeFile(join(finding.before.gitDir, 'config.worktree'), finding.before.worktreeConfig);
  }

  /** The user has dealt with a finding: it no longer blocks the gate. */
  async resolve(finding: GitFinding): Promise<void> {
    await this.loaded;
    this.findings = this.findings.filter((f) => f.id !== finding.id);
    await this.save();
    this.changed.fire(vscode.Uri.parse(finding.plan));
  }
}
