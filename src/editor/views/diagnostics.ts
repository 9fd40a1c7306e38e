// Parser findings as Problems on the plan file, and the quick fixes of those
// that have a mechanical fix.
import * as vscode from 'vscode';
import type { Finding } from '../../plan/model';
import { quickFix } from '../../plan/write/fixes';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';

const SOURCE = 'Beads Plan';

// A function, not a table built at import: module evaluation touches nothing of the editor API.
function severity(s: Finding['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export class PlanDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('beadsPlan'));

  constructor(private readonly store: PlanStore) {
    super();
    this._register(store.onDidChange((change) => (change.uri ? this.update(change.uri) : this.updateAll())));
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
        d.source = SOURCE;
        d.code = f.code;
        return d;
      }),
    );
  }
}

/** Quick fixes for findings a mechanical edit resolves (src/plan/write/fixes.ts). */
export class PlanQuickFixes implements vscode.CodeActionProvider {
  constructor(private readonly store: PlanStore) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.store.isPlanDocument(document)) return [];
    const plan = this.store.planOf(document);
    return context.diagnostics.flatMap((d) => {
      const finding = d.source === SOURCE ? plan.findings.find((f) => f.code === d.code && f.line === d.range.start.line) : undefined;
      const fix = finding && quickFix(document.getText(), plan, finding);
      if (!fix) return [];
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const r of fix.edits)
        action.edit.replace(document.uri, new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character), r.newText);
      action.diagnostics = [d];
      action.isPreferred = true;
      return [action];
    });
  }
}
