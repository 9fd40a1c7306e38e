// Context keys that follow what the user has done, for `when` clauses and the
// walkthrough: `beadsPlan.showView` (a plan, or a `.beads` folder, is in the
// workspace, or the `beadsPlan.alwaysShowView` setting is on: the view and its
// activity bar icon show only then), `beadsPlan.viewVisible`
// (the view is open, also when it already was at start) and
// `beadsPlan.planOpened` (a plan has been the active editor).
//
// Because the view's `when` is false until the extension has looked, the
// workbench, restoring the side bar before that, falls back to the Explorer
// after a reload. So whether the view was visible is remembered per
// workspace, and a view left open is shown again when the first discovery
// finds a plan to show, without taking the keyboard.
import * as vscode from 'vscode';
import { Ctx, type OutlineNode } from '../../plan/present/outline';
import type { PlanStore } from '../services/planStore';
import type { PlanTreeProvider } from './planTree';
import { Disposable } from '../util/dispose';
import { affects, setting } from '../settings';

const SHOW_VIEW = 'beadsPlan.showView';
const WAS_VISIBLE = 'beadsPlan.viewWasVisible';

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
  /** Each key's value and its setContext, so that a caller of an unchanged value still waits for the one in flight. */
  private readonly set = new Map<string, { readonly value: boolean; readonly done: Promise<void> }>();

  /** Whether the view was open when this workspace was last closed; settled once it has been shown again, or the user moved on. */
  private restoring: boolean;

  constructor(
    private readonly store: PlanStore,
    private readonly view: vscode.TreeView<OutlineNode>,
    private readonly tree: PlanTreeProvider,
    state: vscode.Memento,
    firstDiscovery: Promise<void>,
  ) {
    super();
    this.restoring = state.get<boolean>(WAS_VISIBLE) === true;
    const showView = () => {
      if (setting('alwaysShowView') || store.list().length > 0) void this.update(SHOW_VIEW, true).then(() => this.restore());
      else void hasBeadsFolder().then((beads) => void this.update(SHOW_VIEW, beads || setting('alwaysShowView') || store.list().length > 0));
    };
    this._register(store.onDidChange(showView));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(showView));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'alwaysShowView') && showView()));
    showView();
    const visible = () => {
      void this.update('beadsPlan.viewVisible', view.visible);
      // Hidden at start whatever it was before: only a change the user makes once the view could show is remembered.
      if (view.visible) this.restoring = false;
      if (!this.restoring) void state.update(WAS_VISIBLE, view.visible);
    };
    this._register(view.onDidChangeVisibility(visible));
    visible();
    // Shown again only as the editor opens: a plan that turns up later must not pull the side bar away from where the user went since.
    void firstDiscovery.then(async () => {
      if (store.list().length > 0) await this.update(SHOW_VIEW, true).then(() => this.restore());
      if (!this.restoring) return;
      // Not shown again (no plan to reveal): what the user has seen since is the side bar as it is.
      this.restoring = false;
      void state.update(WAS_VISIBLE, view.visible);
    });
    const opened = () => {
      const editor = vscode.window.activeTextEditor;
      if (editor && this.store.get(editor.document.uri)) void this.update('beadsPlan.planOpened', true);
    };
    this._register(vscode.window.onDidChangeActiveTextEditor(opened));
    this._register(store.onDidChange(opened));
    opened();
  }

  /** Shows the view left open at the last close: its first plan revealed (the Ready in beads group above it belongs to no plan), neither selected nor focused. */
  private async restore(): Promise<void> {
    const first = this.restoring && !this.view.visible ? this.tree.getChildren().find((n) => n.kind !== Ctx.BeadsReady && this.store.get(this.tree.uriOf(n))) : undefined;
    if (!first) return;
    this.restoring = false;
    // A convenience: if the workbench cannot show the view yet, the user opens it as before.
    await Promise.resolve(this.view.reveal(first, { select: false, focus: false, expand: false })).catch(() => undefined);
  }

  private update(key: string, value: boolean): Promise<void> {
    const current = this.set.get(key);
    if (current?.value === value) return current.done;
    const done = Promise.resolve(vscode.commands.executeCommand('setContext', key, value)).then(() => undefined);
    this.set.set(key, { value, done });
    return done;
  }
}
