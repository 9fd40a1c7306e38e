// CodeLens above the plan's checklist, task rows, validation and summary. It
// only observes: lenses come from the pure planLenses(), refreshed when the
// store reports a change.
import * as vscode from 'vscode';
import { planLenses, type LensAction } from '../plan/lenses';
import type { PlanStore } from './planStore';
import { setting } from './config';
import { Commands } from './commandIds';

const COMMAND_OF: Readonly<Record<LensAction, Commands>> = {
  focusTree: Commands.FocusTree,
  advancePhase: Commands.AdvancePhase,
  runWorker: Commands.RunWorker,
  recordValidation: Commands.RecordValidation,
  revealInTree: Commands.RevealInTree,
  commit: Commands.Commit,
};

export class PlanCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: PlanStore) {
    this.subscriptions = [
      this.changed,
      store.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('beadsPlan.codeLens')) this.changed.fire();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!setting('codeLens', true) || !this.store.isPlanDocument(document)) return [];
    return planLenses(this.store.planOf(document)).map(
      (lens) =>
        new vscode.CodeLens(new vscode.Range(lens.line, 0, lens.line, 0), {
          title: lens.title,
          command: COMMAND_OF[lens.action],
          arguments: [{ uri: document.uri, taskId: lens.taskId }],
        }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
