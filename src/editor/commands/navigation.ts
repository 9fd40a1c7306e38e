// Opening plans, revealing lines and files, and the tree node of a line: what
// a click in the tree or on a CodeLens does.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import type { PlanGiven } from '../preconditions';
import { RepeatDetector } from '../util/repeat';
import { Ctx } from '../../plan/present/outline';
import { Commands, FOCUS_VIEW } from '../commandIds';

/** Opens a plan with the cursor at the start of a line, centred, nothing selected (a stray key must not replace a row). */
export async function revealLine(uri: vscode.Uri, line: number, preserveFocus = false, viewColumn?: vscode.ViewColumn): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false, preserveFocus, ...(viewColumn !== undefined ? { viewColumn } : {}) });
  const target = Math.min(Math.max(0, line), editor.document.lineCount - 1);
  const start = editor.document.lineAt(target).range.start;
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

const clicks = new RepeatDetector();

/**
 * A click on a tree node shows its line and keeps the keyboard in the tree,
 * as the Explorer does; a double click (the same node's command run twice
 * within DOUBLE_CLICK_MS) moves the keyboard to the editor. Anything else
 * (a lens, the palette) focuses the editor.
 */
export async function revealInPlan(target: CommandTarget): Promise<void> {
  if (target.source === 'enter') return openFocused(target);
  if (target.uri && target.line !== undefined) {
    const inTree = target.source === 'tree' && target.node !== undefined && !clicks.hit(target.node.id, Date.now());
    return revealLine(target.uri, target.line, inTree);
  }
  // No line to reveal: Open Plan, on the target's plan when it names one (its needs ask for one otherwise).
  await vscode.commands.executeCommand(Commands.OpenPlan, target.uri && { uri: target.uri });
}

/** Rows Enter opens in the editor; on a plan or a group it only expands or collapses, as in any tree. */
const OPENED_BY_ENTER: ReadonlySet<Ctx> = new Set([Ctx.Phase, Ctx.Task, Ctx.Validation, Ctx.Review, Ctx.Finding]);

/** Enter in the view: the row the keyboard is on (its reveal kept the focus in the tree) opens in the editor, the keyboard there too. */
async function openFocused(target: CommandTarget): Promise<void> {
  if (target.node && target.uri && target.line !== undefined && OPENED_BY_ENTER.has(target.node.kind)) await revealLine(target.uri, target.line);
}

/** Opens the target's plan at its line (the first when it names none); a plan picked opens where its editor left it. */
export async function openPlan(target: CommandTarget, _services: Services, { entry }: PlanGiven): Promise<void> {
  if (target.uri) return revealLine(entry.uri, target.line ?? 0);
  await vscode.window.showTextDocument(entry.uri, { preview: false });
}

/** Selects the tree node of the target: the node it names, the node of the cursor's line, or the plan. */
export async function revealInTree(target: CommandTarget, services: Services): Promise<void> {
  if (!target.uri) return;
  const root = services.tree.rootOf(target.uri);
  if (!root) return;
  const byTask = target.taskId === undefined ? undefined : root.children.flatMap((g) => g.children).find((n) => n.taskId === target.taskId);
  const node = target.node ?? byTask ?? (target.line !== undefined ? services.tree.nodeAt(target.uri, target.line) : undefined) ?? root;
  await services.view.reveal(node, { select: true, focus: true, expand: true });
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  return fs.stat(uri.fsPath).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Opens a file a task names: relative to the workspace folder, then to the plan, then anywhere by name. */
export async function openTaskFile(target: CommandTarget): Promise<void> {
  const file = target.node?.file;
  if (!file || !target.uri) return;
  const folder = vscode.workspace.getWorkspaceFolder(target.uri);
  const candidates = [
    ...(file.startsWith('/') ? [vscode.Uri.file(file)] : []),
    ...(folder ? [vscode.Uri.joinPath(folder.uri, file)] : []),
    vscode.Uri.joinPath(target.uri, '..', file),
  ];
  for (const uri of candidates) if (await isFile(uri)) return void (await vscode.window.showTextDocument(uri, { preview: true }));
  if (folder && !/[*?{}[\]]/.test(file)) {
    const [found] = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${file}`), '**/node_modules/**', 1);
    if (found) return void (await vscode.window.showTextDocument(found, { preview: true }));
  }
  void vscode.window.showWarningMessage(`"${file}" was not found in the workspace.`);
}

/**
 * Focus Plans View (Alt+B B): the keyboard in the view, on the row of the
 * plan editor's cursor, else on the first plan that needs the user, else
 * wherever the view's focus was.
 */
export async function focusView(target: CommandTarget, services: Services): Promise<void> {
  if (target.uri) return revealInTree(target, services);
  const waiting = services.attention.list()[0];
  if (waiting) return revealInTree({ source: target.source, uri: waiting.entry.uri }, services);
  await vscode.commands.executeCommand(FOCUS_VIEW);
}
