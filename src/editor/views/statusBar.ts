// The status bar item: the active editor's plan and its phase. It never
// shows another plan than the active editor's; with no editor open it shows
// the first plan of the tree.
import * as vscode from 'vscode';
import { phaseSummary } from '../../plan/summary';
import type { PlanEntry, PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { FOCUS_VIEW } from '../commandIds';

export function statusBarText(entry: PlanEntry): string {
  if (!entry.plan.isPlan) return '$(warning) Not readable as a plan';
  const s = phaseSummary(entry.plan);
  if (s.complete) return '$(pass-filled) Plan complete';
  if (!s.phase) return `$(checklist) ${s.text}`;
  return `$(checklist) ${s.phase.number}/${s.total} ${s.phase.name}`;
}

export class PlanStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('beadsPlan.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly store: PlanStore) {
    super();
    this.item.name = 'Beads Work Plan';
    this.item.command = FOCUS_VIEW;
    this._register(store.onDidChange(() => this.update()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.update();
  }

  private active(): PlanEntry | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) return this.store.get(editor.document.uri);
    return this.store.list()[0];
  }

  update(): void {
    const entry = this.active();
    if (!entry) {
      this.item.hide();
      return;
    }
    this.item.text = statusBarText(entry);
    this.item.tooltip = `${this.store.label(entry)} · ${entry.plan.isPlan ? phaseSummary(entry.plan).text : 'not readable as a plan'}\n${vscode.workspace.asRelativePath(entry.uri)}\nClick to show the plan`;
    this.item.show();
  }
}
