// CodeLens above the plan's checklist, task rows, validation and summary. It
// only observes: lenses come from the pure planLenses(), refreshed when the
// store reports a change.
import * as vscode from 'vscode';
import { planLenses, type LensAction } from '../../plan/present/lenses';
import type { PlanStore } from '../services/planStore';
import type { CommitLookup } from '../services/commitLookup';
import type { WorkerService } from '../services/workerService';
import { ResourceMap } from '../util/resourceMap';
import { Disposable } from '../util/dispose';
import { affects, setting } from '../settings';
import { Commands, FOCUS_VIEW } from '../commandIds';

const COMMAND_OF: Readonly<Record<LensAction, string>> = {
  focusTree: FOCUS_VIEW,
  advancePhase: Commands.AdvancePhase,
  runWorker: Commands.RunWorker,
  cancelWorker: Commands.CancelWorker,
  recordValidation: Commands.RecordValidation,
  revealInTree: Commands.RevealInTree,
  commit: Commands.Commit,
  reviewChanges: Commands.ReviewChanges,
  commitBlocks: Commands.ShowCommitBlocks,
};

export class PlanCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  /** The running task ids each plan's lenses were made for: workers tick every second, lenses change only with this set. */
  private readonly runningSeen = new ResourceMap<string>();

  constructor(
    private readonly store: PlanStore,
    private readonly commits: CommitLookup,
    private readonly workers: WorkerService,
  ) {
    super();
    this._register(
      workers.onDidChange((uri) => {
        const ids = [...workers.running(uri).keys()].sort().join('\0');
        if ((this.runningSeen.get(uri) ?? '') === ids) return;
        this.runningSeen.set(uri, ids);
        this.changed.fire();
      }),
    );
    this._register(commits.onDidChange(() => this.changed.fire()));
    this._register(store.onDidChange(() => this.changed.fire()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'codeLens')) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!setting('codeLens') || !this.store.isPlanDocument(document)) return [];
    const committed = this.commits.get(document.uri);
    const running = new Set(this.workers.running(document.uri).keys());
    return planLenses(this.store.planOf(document), { ...(committed ? { committed } : {}), running }).map(
      (lens) =>
        new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), {
          title: lens.title,
          command: COMMAND_OF[lens.action],
          arguments: [{ uri: document.uri, taskId: lens.taskId }],
        }),
    );
  }
}
