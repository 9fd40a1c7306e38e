// What a command was invoked on and where it came from, told apart in this
// one place: a tree node (clicks, context menus, inline actions, and the
// Alt+B keys in the view: their `{$treeViewId, $focusedTreeItem}` argument is
// turned by VS Code into the row the keyboard is on, null when there is none),
// a CodeLens or another command (`{uri, taskId}`), Enter in the view
// (`{from: 'view', key: 'enter'}`), or nothing (the palette, or a keybinding
// in a plan editor: the plan and the line the cursor is on).
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

/**
 * Where a command came from, as far as its argument tells: `tree` (a node of
 * the view, or a key in the view with no row under the keyboard), `enter`
 * (Enter in the view), `lens` (a CodeLens, a notification's button, or
 * another command), `editor` (no argument while a plan editor is active: the
 * palette or a key there, which VS Code does not tell apart), `palette` (no
 * argument, no plan editor).
 */
export type CommandSource = 'tree' | 'enter' | 'lens' | 'editor' | 'palette';

export interface CommandTarget {
  readonly source: CommandSource;
  /** The plan; undefined when nothing names one (the plan precondition then asks). */
  readonly uri?: vscode.Uri;
  /** The tree node it was invoked on, or the node of the editor line. */
  readonly node?: OutlineNode;
  readonly taskId?: string;
  readonly phaseNumber?: number;
  /** The plan line it is about: the node's, or the cursor's. */
  readonly line?: number;
}

function isNode(arg: unknown): arg is OutlineNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && 'id' in arg && 'contextValue' in arg;
}

function isLens(arg: unknown): arg is LensArgs {
  return typeof arg === 'object' && arg !== null && 'uri' in arg && typeof (arg as { uri: unknown }).uri === 'object';
}

function isEnter(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { from?: unknown }).from === 'view' && (arg as { key?: unknown }).key === 'enter';
}

function fromNode(node: OutlineNode, services: Services, source: CommandSource): CommandTarget {
  // The Ready in beads rows belong to no plan: their target is the issue alone.
  if (node.kind === Ctx.BeadsReady || node.kind === Ctx.BeadsIssue) return { source, node, ...(node.taskId !== undefined ? { taskId: node.taskId } : {}) };
  return {
    source,
    uri: services.tree.uriOf(node),
    node,
    ...(node.taskId !== undefined ? { taskId: node.taskId } : {}),
    ...(node.phaseNumber !== undefined ? { phaseNumber: node.phaseNumber } : {}),
    ...(node.line !== undefined ? { line: node.line } : {}),
  };
}

const FOCUSED_ROW_MS = 500;

/**
 * Turns a command's argument into its target. It owns the one wait Enter in
 * the view needs: the arrow keys move the tree's focus, not its selection, and
 * the extension cannot read the focus; VS Code's own Enter (`list.select`)
 * selects the focused row and runs its command with the row's node, which
 * ends the wait. (`$focusedTreeItem` on the Enter key would hand over the bare
 * node, which no handler could tell from a click, and would lose the tree's
 * own Enter on plans and groups, which expand or collapse.) The news of an
 * earlier click's selection can still be on its way then, so a selection
 * change does not end it; for a row with no command the selection is read
 * once the wait's bound has passed.
 */
export class CommandTargets implements vscode.Disposable {
  private pending: ((node: OutlineNode | undefined) => void) | undefined;

  constructor(private readonly services: Services) {}

  async toTarget(arg: unknown): Promise<CommandTarget> {
    const services = this.services;
    // A key in the view with no row under the keyboard (an empty view): the selected row, else nothing (a precondition asks).
    if (arg === null) {
      const selected = services.view.selection[0];
      return selected ? fromNode(selected, services, 'tree') : { source: 'tree' };
    }
    if (isNode(arg)) {
      this.pending?.(arg);
      return fromNode(arg, services, 'tree');
    }
    if (isLens(arg))
      return {
        source: 'lens',
        uri: vscode.Uri.from(arg.uri),
        ...(typeof arg.taskId === 'string' ? { taskId: arg.taskId } : {}),
        ...(typeof arg.phaseNumber === 'number' ? { phaseNumber: arg.phaseNumber } : {}),
        ...(typeof arg.line === 'number' ? { line: arg.line } : {}),
      };
    if (isEnter(arg)) {
      const row = await this.enteredRow();
      return row ? fromNode(row, services, 'enter') : { source: 'enter' };
    }
    const editor = vscode.window.activeTextEditor;
    if (editor && services.store.get(editor.document.uri)) {
      const uri = editor.document.uri;
      const line = editor.selection.active.line;
      const node = services.tree.nodeAt(uri, line);
      return node && node.line === line ? { ...fromNode(node, services, 'editor'), line } : { source: 'editor', uri, line };
    }
    return { source: 'palette' };
  }

  /** The row Enter acts on: the node `list.select` runs its command with, else the selection once the bound has passed. */
  private async enteredRow(): Promise<OutlineNode | undefined> {
    const opened = new Promise<OutlineNode | undefined>((resolve) => {
      const done = (node: OutlineNode | undefined) => {
        if (this.pending === done) this.pending = undefined;
        clearTimeout(timer);
        resolve(node);
      };
      const timer = setTimeout(() => done(this.services.view.selection[0]), FOCUSED_ROW_MS);
      this.pending = done;
    });
    await vscode.commands.executeCommand('list.select');
    return opened;
  }

  /** Ends a wait still pending (the extension is going): it resolves with no row. */
  dispose(): void {
    this.pending?.(undefined);
  }
}
