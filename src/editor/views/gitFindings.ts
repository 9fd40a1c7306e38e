// A worker's change to git as a Problem on its plan, at the task's row: it
// stays until the user resolves it (Resolve Git Changes), as the gate's block does.
import * as vscode from 'vscode';
import type { GitWatch } from '../services/gitWatch';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';

export class GitFindingDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('beadsPlan.git'));

  constructor(
    private readonly store: PlanStore,
    private readonly gitWatch: GitWatch,
  ) {
    super();
    this._register(gitWatch.onDidChange((uri) => void this.update(uri)));
    // The task's row moves with edits: follow the plan.
    this._register(store.onDidChange((change) => change.uri && void this.update(change.uri)));
    for (const entry of store.list()) void this.update(entry.uri);
  }

  private async update(uri: vscode.Uri): Promise<void> {
    const entry = this.store.get(uri);
    if (!entry) return this.collection.delete(uri);
    const { blocks, doubts } = await this.gitWatch.gateOutside(uri, entry.plan);
    const diagnostic = (line: number, message: string, severity: vscode.DiagnosticSeverity) => {
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), message, severity);
      d.source = 'Beads Plan';
      return d;
    };
    this.collection.set(uri, [
      ...(blocks ?? []).map((b) => diagnostic(b.line, b.message, vscode.DiagnosticSeverity.Error)),
      ...(doubts ?? []).map((b) => diagnostic(b.line, b.message, vscode.DiagnosticSeverity.Warning)),
    ]);
  }
}
