// Context keys that follow what the user has done, for `when` clauses and the
// walkthrough: `beadsPlan.showView` (a plan, or a `.beads` folder, is in the
// workspace, or the `beadsPlan.alwaysShowView` setting is on: the view and its
// activity bar icon show only then), `beadsPlan.viewVisible`
// (the view is open, also when it already was at start) and
// `beadsPlan.planOpened` (a plan has been the active editor).
import * as vscode from 'vscode';
import type { OutlineNode } from '../../plan/present/outline';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { affects, setting } from '../settings';

const SHOW_VIEW = 'beadsPlan.showView';

async function hasBeadsFolder(): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.beads')).then(
      (s) => (s.type & vscode.FileType.Directory) !== 0,
      () => false,
    );
    if (found) return true;
  }
  return false;
}

export class ContextKeys extends Disposable {
  private readonly set = new Map<string, boolean>();

  constructor(
    private readonly store: PlanStore,
    view: vscode.TreeView<OutlineNode>,
  ) {
    super();
    const showView = () => {
      if (setting('alwaysShowView') || store.list().length > 0) this.update(SHOW_VIEW, true);
      else void hasBeadsFolder().then((beads) => this.update(SHOW_VIEW, beads || setting('alwaysShowView') || store.list().length > 0));
    };
    this._register(store.onDidChange(showView));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(showView));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'alwaysShowView') && showView()));
    showView();
    const visible = () => this.update('beadsPlan.viewVisible', view.visible);
    this._register(view.onDidChangeVisibility(visible));
    visible();
    const opened = () => {
      const editor = vscode.window.activeTextEditor;
      if (editor && this.store.get(editor.document.uri)) this.update('beadsPlan.planOpened', true);
    };
    this._register(vscode.window.onDidChangeActiveTextEditor(opened));
    this._register(store.onDidChange(opened));
    opened();
  }

  private update(key: string, value: boolean): void {
    if (this.set.get(key) === value) return;
    this.set.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
