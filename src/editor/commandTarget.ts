// What a command was invoked on, told apart in this one place: a tree node
// (context menus, inline actions, and the Alt+B keys in the view: their
// `{$treeViewId, $focusedTreeItem}` argument is turned by VS Code into the
// row the keyboard is on, null when there is none), a CodeLens or another
// command (`{uri, taskId}`), Enter in the view (`{from: 'view', key:
// 'enter'}`), or nothing (the palette, or a keybinding in a plan editor: the
// plan and the line the cursor is on).
import * as vscode from 'vscode';
import { Ctx, type OutlineNode } from '../plan/present/outline';
import type { Services } from './services/index';

/** The argument a CodeLens (or one command calling another) passes. */
interface LensArgs {
  readonly uri: vscode.Uri;
  readonly taskId?: string;
  readonly phaseNumber?: number;
  /** A line of the plan to show (a notification's Open Plan). */
  readonly line?: number;
}

export interface CommandTarget {
  /** The plan; undefined when nothing names one (the handler then asks). */
  readonly uri?: vscode.Uri;
  /** The tree node it was invoked on, or the node of the editor line. */
  readonly node?: OutlineNode;
  readonly taskId?: string;
  readonly phaseNumber?: number;
  /** The plan line it is about: the node's, or the cursor's. */
  readonly line?: number;
  /** Enter in the view (`{from: 'view', key: 'enter'}`): the focused row is not selected yet. */
  readonly enter?: true;
}

function isNode(arg: unknown): arg is OutlineNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'id' in arg && 'contextValue' in arg;
}

function isLens(arg: unknown): arg is LensArgs {
  return typeof arg === 'object' && arg !== null && 'uri' in arg && typeof (arg as { uri: unknown }).uri === 'object';
}

function fromNode(node: OutlineNode, services: Services): CommandTarget {
  // The Ready in beads rows belong to no plan: their target is the issue alone.
  if (node.kind === Ctx.BeadsReady || node.kind === Ctx.BeadsIssue) return { node, ...(node.taskId !== undefined ? { taskId: node.taskId } : {}) };
  return {
    uri: services.tree.uriOf(node),
    node,
    ...(node.taskId !== undefined ? { taskId: node.taskId } : {}),
    ...(node.phaseNumber !== undefined ? { phaseNumber: node.phaseNumber } : {}),
    ...(node.line !== undefined ? { line: node.line } : {}),
  };
}

/**
 * The row Enter in the view acts on. The arrow keys move the tree's focus,
 * not its selection, and the extension cannot read the focus; VS Code's own
 * Enter (`list.select`) selects the focused row and runs its command with the
 * row's node, which ends the wait. The news of an earlier click's selection
 * can still be on its way then, so a selection change does not end it; for a
 * row with no command the selection is read once the wait's bound has passed.
 */
let focusedRow: ((node: OutlineNode) => void) | undefined;
const FOCUSED_ROW_MS = 500;

async function enteredRow(services: Services): Promise<OutlineNode | undefined> {
  const opened = new Promise<OutlineNode | undefined>((resolve) => {
    const done = (node: OutlineNode | undefined) => {
      focusedRow = undefined;
      clearTimeout(timer);
      resolve(node);
    };
    const timer = setTimeout(() => done(services.view.selection[0]), FOCUSED_ROW_MS);
    focusedRow = done;
  });
  await vscode.commands.executeCommand('list.select');
  return opened;
}

export async function toTarget(arg: unknown, services: Services): Promise<CommandTarget> {
  // A key in the view with no row under the keyboard (an empty view): the selected row, else nothing (the handler asks).
  if (arg === null) {
    const selected = services.view.selection[0];
    return selected ? fromNode(selected, services) : {};
  }
  if (isNode(arg)) {
    focusedRow?.(arg);
    return fromNode(arg, services);
  }
  if (isLens(arg))
    return {
      uri: vscode.Uri.from(arg.uri),
      ...(typeof arg.taskId === 'string' ? { taskId: arg.taskId } : {}),
      ...(typeof arg.phaseNumber === 'number' ? { phaseNumber: arg.phaseNumber } : {}),
      ...(typeof arg.line === 'number' ? { line: arg.line } : {}),
    };
  if (typeof arg === 'object' && arg !== null && (arg as { from?: unknown }).from === 'view' && (arg as { key?: unknown }).key === 'enter') {
    const row = await enteredRow(services);
    return row ? { ...fromNode(row, services), enter: true } : {};
  }
  const editor = vscode.window.activeTextEditor;
  if (editor && services.store.get(editor.document.uri)) {
    const uri = editor.document.uri;
    const line = editor.selection.active.line;
    const node = services.tree.nodeAt(uri, line);
    return node && node.line === line ? { ...fromNode(node, services), line } : { uri, line };
  }
  return {};
}
