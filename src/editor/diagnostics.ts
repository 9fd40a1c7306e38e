// Parser findings as Problems on the plan file.
import * as vscode from 'vscode';
import type { Finding } from '../plan/model';
import type { PlanStore } from './planStore';

// A function, not a table built at import: module evaluation touches nothing of the editor API.
function severity(s: Finding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export class PlanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('beadsPlan');
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: PlanStore) {
    this.subscription = store.onDidChange((change) => (change.uri ? this.update(change.uri) : this.updateAll()));
    this.updateAll();
  }

  private updateAll(): void {
    this.collection.clear();
    for (const entry of this.store.list()) this.update(entry.uri);
  }

  private update(uri: vscode.Uri): void {
    const entry = this.store.get(uri);
    if (!entry) {
      this.collection.delete(uri);
      return;
    }
    this.collection.set(
      uri,
      entry.plan.findings.map((f) => {
        const d = new vscode.Diagnostic(new vscode.Range(f.line, 0, f.line, Number.MAX_SAFE_INTEGER), f.message, severity(f.severity));
        d.source = 'Beads Plan';
        d.code = f.code;
        return d;
      }),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
