// Moving the cursor in a plan selects the matching node in the tree. A node
// already selected is left alone: after a click in the tree its reveal moves
// the cursor too, and revealing the node again, late on a busy machine, would
// pull the tree's focus back to it after the arrow keys had moved on. The
// node is shown, not expanded: its children open only when the user asks.
import * as vscode from 'vscode';
import type { OutlineNode } from '../../plan/present/outline';
import { Disposable } from '../util/dispose';
import { setting } from '../settings';
import type { PlanTreeProvider } from './planTree';

export class FollowCursor extends Disposable {
  private last: string | undefined;

  constructor(view: vscode.TreeView<OutlineNode>, tree: PlanTreeProvider) {
    super();
    this._register(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!view.visible || !setting('followCursor')) return;
        const node = tree.nodeAt(e.textEditor.document.uri, e.selections[0]!.active.line);
        if (!node || node.id === this.last || view.selection.some((n) => n.id === node.id)) return;
        this.last = node.id;
        void view.reveal(node, { select: true, focus: false }).then(undefined, () => undefined);
      }),
    );
  }
}
