// Keeps `beadsPlan.planEditor` true while the active editor shows a plan, so
// that the plan keybindings stay out of every other editor.
import * as vscode from 'vscode';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { PLAN_EDITOR_CONTEXT } from '../commandIds';

export class PlanEditorContext extends Disposable {
  private last: boolean | undefined;

  constructor(private readonly store: PlanStore) {
    super();
    // A file becomes (or stops being) a plan as it is rewritten, not only when the editor changes.
    this._register(store.onDidChange(() => this.update()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.update();
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    const isPlan = editor !== undefined && this.store.get(editor.document.uri) !== undefined;
    if (isPlan === this.last) return;
    this.last = isPlan;
    void vscode.commands.executeCommand('setContext', PLAN_EDITOR_CONTEXT, isPlan);
  }
}
