// Which commit a finished plan was committed in, read from git (the commit's
// trailer names the plan), so that nothing is written into the plan after
// its commit and the working tree stays clean. Looked up once per plan text,
// in a trusted workspace only (it runs git).
import * as vscode from 'vscode';
import * as workspaceApis from '../common/workspace.apis';
import { findPlanCommit, type PlanCommit } from '../../git/approvedCommit';
import { phaseByRole } from '../../plan/read/roles';
import { errorMessage } from '../../util/errors';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import type { PlanStore } from './planStore';

export class CommitLookup extends Disposable {
  private readonly found = new ResourceMap<{ readonly text: string; commit?: PlanCommit }>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when the commit of a plan is known. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: PlanStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(store.onDidChange((change) => (change.uri ? this.look(change.uri) : this.lookAll())));
    this._register(workspaceApis.onDidGrantWorkspaceTrust(() => this.lookAll()));
    this.lookAll();
  }

  get(uri: vscode.Uri): PlanCommit | undefined {
    return this.found.get(uri)?.commit;
  }

  /**
   * Looks again once a commit is made: the plan's commit phase is written
   * before git commits it, so the look its change started found nothing.
   */
  refresh(uri: vscode.Uri): void {
    this.found.delete(uri);
    this.look(uri);
  }

  private lookAll(): void {
    for (const entry of this.store.list()) this.look(entry.uri);
  }

  private look(uri: vscode.Uri): void {
    const entry = this.store.get(uri);
    if (!entry || uri.scheme !== 'file' || !workspaceApis.isTrusted()) return;
    if (phaseByRole(entry.plan.phases, 'commit')?.status !== 'done' || this.found.get(uri)?.text === entry.text) return;
    const record: { readonly text: string; commit?: PlanCommit } = { text: entry.text };
    this.found.set(uri, record);
    findPlanCommit(uri.fsPath).then(
      (commit) => {
        if (!commit || this.found.get(uri) !== record) return;
        record.commit = commit;
        this.changed.fire(uri);
      },
      (e: unknown) => this.log.warn(`Finding the commit of ${uri.fsPath} failed: ${errorMessage(e)}`),
    );
  }
}
