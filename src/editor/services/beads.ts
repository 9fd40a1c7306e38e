// What beads says about the plans' tasks, and its ready work. One batched
// `bd show` per plan, asked only when the tree shows a plan whose text it has
// not asked about yet (never on activation's path, never once per refresh),
// debounced while an agent rewrites the plan. A missing, old or broken `bd`
// is one problem line (the view shows it, the log gets it once); nothing else
// waits for beads. Restricted Mode asks beads nothing: bd runs in the folder
// and reads its configuration.
import * as vscode from 'vscode';
import * as workspaceApis from '../common/workspace.apis';
import { BdClient, type BdCapabilities, type BdProblem, type BdResult } from '../../beads/client';
import type { BeadsIssue } from '../../beads/shapes';
import { disagreements, issueOfTask, taskIssueIds, unnamedIds, type Disagreement } from '../../plan/rules/beadsAgreement';
import type { Task } from '../../plan/model';
import { KeyedDebouncer } from '../../util/debounce';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import { affects, setting } from '../settings';
import type { PlanEntry, PlanStore } from './planStore';

interface PlanIssues {
  /** The plan text the answer is about: asked again only when the text changes. */
  readonly text: string;
  readonly issues: ReadonlyMap<string, BeadsIssue>;
  readonly disagreements: readonly Disagreement[];
}

export interface ReadyIssue {
  readonly issue: BeadsIssue;
  readonly folder: vscode.WorkspaceFolder;
}

const DEBOUNCE_MS = 300;
const MAX_WAIT_MS = 2_000;

export class BeadsService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri | undefined>());
  /** A plan's beads issues changed (its uri), or the ready work or the problem line did (undefined). */
  readonly onDidChange = this.changed.event;
  private readonly plans = new ResourceMap<PlanIssues>();
  /** The text each plan was last asked about, answered or not: a failed call is not repeated for the same text. */
  private readonly asked = new ResourceMap<string>();
  /** The latest call per plan: an older answer arriving after a newer one is dropped. */
  private readonly latest = new ResourceMap<number>();
  private calls = 0;
  private readonly capabilities = new Map<string, Promise<BdResult<BdCapabilities>>>();
  private readonly debounce: KeyedDebouncer<vscode.Uri>;
  private ready: ReadyIssue[] = [];
  private readyAsked = false;
  private current: BdProblem | undefined;
  private logged: string | undefined;

  constructor(
    private readonly store: PlanStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.debounce = new KeyedDebouncer((uri) => void this.fetch(uri), DEBOUNCE_MS, MAX_WAIT_MS, (u) => u.toString());
    this._register({ dispose: () => this.debounce.dispose() });
    this._register(
      workspaceApis.onDidChangeConfiguration((e) => {
        if (affects(e, 'bd.path')) this.refresh();
      }),
    );
    this._register(workspaceApis.onDidGrantWorkspaceTrust(() => this.refresh()));
  }

  /** The line the view shows while bd cannot be used or its last call failed. */
  get problem(): BdProblem | undefined {
    return this.current;
  }

  /** Asks beads about a plan when its text is new; the tree calls it as it builds a plan. */
  request(entry: PlanEntry): void {
    if (!workspaceApis.isTrusted() || !entry.folder || this.asked.get(entry.uri) === entry.text) return;
    this.debounce.trigger(entry.uri);
    if (!this.readyAsked) {
      this.readyAsked = true;
      void this.fetchReady();
    }
  }

  /** Forgets every answer and what bd can do, and asks again (Refresh, a new bd.path). */
  refresh(): void {
    this.capabilities.clear();
    this.asked.clear();
    this.current = undefined;
    this.readyAsked = false;
    this.changed.fire(undefined);
  }

  issues(uri: vscode.Uri): ReadonlyMap<string, BeadsIssue> | undefined {
    return this.plans.get(uri)?.issues;
  }

  issueOf(uri: vscode.Uri, task: Task): BeadsIssue | undefined {
    const issues = this.issues(uri);
    return issues && issueOfTask(task, issues);
  }

  disagreementsOf(uri: vscode.Uri): readonly Disagreement[] {
    return this.plans.get(uri)?.disagreements ?? [];
  }

  /** Ready issues no plan of the workspace names, by priority. */
  readyWork(): readonly ReadyIssue[] {
    const texts = this.store.list().map((e) => e.text);
    const unnamed = new Set(unnamedIds(this.ready.map((r) => r.issue.id), texts));
    return this.ready.filter((r) => unnamed.has(r.issue.id));
  }

  folderOfReady(id: string): vscode.WorkspaceFolder | undefined {
    return this.ready.find((r) => r.issue.id === id)?.folder;
  }

  /** A client for a folder, with the user's bd. */
  client(folder: vscode.WorkspaceFolder): BdClient {
    return new BdClient({ command: setting('bd.path', folder).trim() || 'bd', cwd: folder.uri.fsPath });
  }

  /** What bd can do in a folder, asked once per folder and bd path; the problem line follows the answer. */
  async capabilitiesOf(folder: vscode.WorkspaceFolder): Promise<BdCapabilities | undefined> {
    const key = `${folder.uri.toString()}\0${setting('bd.path', folder)}`;
    let asked = this.capabilities.get(key);
    if (!asked) {
      asked = this.client(folder).capabilities();
      this.capabilities.set(key, asked);
    }
    const result = await asked;
    if (!result.ok) {
      this.report(result.problem);
      return undefined;
    }
    if (result.stderr) this.log.debug(`bd: ${result.stderr.trim()}`);
    return result.value;
  }

  /** Asks beads about a plan now, whatever it asked before; resolves once the answer is in. */
  async fetch(uri: vscode.Uri): Promise<void> {
    const entry = this.store.get(uri);
    if (!entry?.folder || !workspaceApis.isTrusted()) return;
    const text = entry.text;
    this.asked.set(uri, text);
    const call = ++this.calls;
    this.latest.set(uri, call);
    const caps = await this.capabilitiesOf(entry.folder);
    if (!caps) return;
    const ids = taskIssueIds(entry.plan);
    const shown = await this.client(entry.folder).show(ids);
    if (this.latest.get(uri) !== call) return;
    if (!shown.ok) return this.report(shown.problem);
    // bd names the ids it does not know on stderr (cmd/bd/show.go): worth a line in the log, not a problem.
    if (shown.stderr?.trim()) this.log.info(`bd show: ${shown.stderr.trim()}`);
    this.clear();
    const issues = new Map(shown.value.map((i) => [i.id, i]));
    const closed = new Set(caps.statuses.filter((s) => s.category === 'done').map((s) => s.name));
    this.plans.set(uri, { text, issues, disagreements: disagreements(entry.plan, issues, closed) });
    this.changed.fire(uri);
  }

  /** `bd ready` in every folder that has a plan. */
  async fetchReady(): Promise<void> {
    if (!workspaceApis.isTrusted()) return;
    const folders = new Map<string, vscode.WorkspaceFolder>();
    for (const e of this.store.list()) if (e.folder) folders.set(e.folder.uri.toString(), e.folder);
    const ready: ReadyIssue[] = [];
    for (const folder of folders.values()) {
      if (!(await this.capabilitiesOf(folder))) continue;
      const listed = await this.client(folder).ready();
      if (!listed.ok) {
        this.report(listed.problem);
        continue;
      }
      ready.push(...listed.value.map((issue) => ({ issue, folder })));
    }
    this.ready = ready.sort((a, b) => (a.issue.priority ?? 9) - (b.issue.priority ?? 9));
    this.changed.fire(undefined);
  }

  /** The statuses beads counts as closed in a folder. */
  async closedStatuses(folder: vscode.WorkspaceFolder): Promise<ReadonlySet<string> | undefined> {
    const caps = await this.capabilitiesOf(folder);
    return caps && new Set(caps.statuses.filter((s) => s.category === 'done').map((s) => s.name));
  }

  private report(problem: BdProblem): void {
    const line = `beads: ${problem.message}${problem.detail ? ` (${problem.detail})` : ''}`;
    if (this.logged !== line) {
      this.log.warn(line);
      this.logged = line;
    }
    if (this.current?.message === problem.message) return;
    this.current = problem;
    this.changed.fire(undefined);
  }

  private clear(): void {
    if (!this.current) return;
    this.current = undefined;
    this.logged = undefined;
    this.changed.fire(undefined);
  }
}
