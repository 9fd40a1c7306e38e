// CodeLens above the plan's checklist, task rows, validation and summary. It
// only observes: lenses come from the pure planLenses(), refreshed when the
// store reports a change.
import * as vscode from 'vscode';
import { planLenses, type LensAction } from '../../plan/lenses';
import type { PlanStore } from '../services/planStore';
import type { PlanCommits } from '../services/planCommits';
import { Disposable } from '../util/dispose';
import { affects, setting } from '../settings';
import { Commands, FOCUS_VIEW } from '../commandIds';

const COMMAND_OF: Readonly<Record<LensAction, string>> = {
  focusTree: FOCUS_VIEW,
  advancePhase: Commands.AdvancePhase,
  runWorker: Commands.RunWorker,
  recordValidation: Commands.RecordValidation,
  revealInTree: Commands.RevealInTree,
  commit: Commands.Commit,
  reviewChanges: Commands.ReviewChanges,
};

export class PlanCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: PlanStore,
    private readonly commits: PlanCommits,
  ) {
    super();
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
    return planLenses(this.store.planOf(document), this.commits.get(document.uri)).map(
      (lens) =>
        new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), {
          title: lens.title,
          command: COMMAND_OF[lens.action],
          arguments: [{ uri: document.uri, taskId: lens.taskId }],
        }),
    );
  }
}
