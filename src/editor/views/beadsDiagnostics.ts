// Where the plan and beads disagree, as Problems on the plan (source
// `beads`), with Close in beads… as the quick fix of a task the plan marks
// done and beads still has open. And `bd show <id>` as a read-only document.
import * as vscode from 'vscode';
import { BEADS_STILL_OPEN } from '../../plan/rules/beadsAgreement';
import { Commands } from '../commandIds';
import type { BeadsService } from '../services/beads';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';

const SOURCE = 'beads';

export class BeadsDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('beadsPlan.beads'));

  constructor(
    private readonly beads: BeadsService,
    store: PlanStore,
  ) {
    super();
    this._register(beads.onDidChange((uri) => (uri ? this.update(uri) : undefined)));
    this._register(store.onDidChange((change) => change.uri && !store.get(change.uri) && this.collection.delete(change.uri)));
  }

  private update(uri: vscode.Uri): void {
    this.collection.set(
      uri,
      this.beads.disagreementsOf(uri).map(({ finding: f }) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(f.line, 0, f.line, Number.MAX_SAFE_INTEGER),
          f.message,
          f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
        );
        d.source = SOURCE;
        d.code = f.code;
        return d;
      }),
    );
  }
}

export class BeadsQuickFixes implements vscode.CodeActionProvider {
  constructor(private readonly beads: BeadsService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((d) => {
      if (d.source !== SOURCE || d.code !== BEADS_STILL_OPEN || !vscode.workspace.isTrusted) return [];
      const disagreement = this.beads.disagreementsOf(document.uri).find((x) => x.finding.line === d.range.start.line && x.planSays === 'done');
      if (!disagreement) return [];
      const action = new vscode.CodeAction(`Close ${disagreement.issueId} in beads…`, vscode.CodeActionKind.QuickFix);
      action.command = { command: Commands.CloseInBeads, title: action.title, arguments: [{ uri: document.uri, taskId: disagreement.task.id }] };
      action.diagnostics = [d];
      return [action];
    });
  }
}

export const BEADS_SCHEME = 'beads-issue';

/** `beads-issue:/<id>?<folder uri>`: the document Open in beads shows. */
export function issueDocumentUri(id: string, folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.from({ scheme: BEADS_SCHEME, path: `/${id}`, query: folder.uri.toString() });
}

/** `bd show <id>` as bd prints it for people; asked each time the document opens. */
export class BeadsIssueContent implements vscode.TextDocumentContentProvider {
  constructor(private readonly beads: BeadsService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.replace(/^\//, '');
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri.query));
    if (!folder) return `The workspace folder of ${id} is no longer open.`;
    if (!vscode.workspace.isTrusted) return 'beads is not asked in Restricted Mode: bd runs in the workspace folder.';
    const shown = await this.beads.client(folder).showText(id);
    return shown.ok ? shown.value : `beads: ${shown.problem.message}`;
  }
}
