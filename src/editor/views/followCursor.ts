// Moving the cursor in a plan selects the matching node in the tree.
import * as vscode from 'vscode';
import type { OutlineNode } from '../../plan/outline';
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
        if (!node || node.id === this.last) return;
        this.last = node.id;
        void view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
      }),
    );
  }
}
