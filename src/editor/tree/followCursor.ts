// Moving the cursor in a plan selects the matching node in the tree.
import * as vscode from 'vscode';
import { nodeAtLine, type OutlineNode } from '../../plan/outline';
import { setting } from '../config';
import type { PlanTreeProvider } from './planTree';

export function followCursor(view: vscode.TreeView<OutlineNode>, tree: PlanTreeProvider): vscode.Disposable {
  let last: string | undefined;
  return vscode.window.onDidChangeTextEditorSelection((e) => {
    if (!view.visible || !setting('followCursor', true)) return;
    const root = tree.rootOf(e.textEditor.document.uri);
    if (!root) return;
    const node = nodeAtLine(root, e.selections[0]!.active.line);
    if (!node || node.id === last) return;
    last = node.id;
    void view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  });
}
