// Opening plans, revealing lines and files: what a click in the tree does.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import type { OutlineNode } from '../../plan/outline';
import type { PlanStore } from '../planStore';
import { planUri } from '../tree/planTree';

/** Opens a plan and selects a whole line, centred. */
export async function revealLine(uri: vscode.Uri, line: number): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: false });
  const target = Math.min(Math.max(0, line), editor.document.lineCount - 1);
  const range = editor.document.lineAt(target).range;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export async function revealNode(node: OutlineNode | undefined, store: PlanStore): Promise<void> {
  if (node) return revealLine(planUri(node), node.line ?? 0);
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri && store.get(uri)) return revealLine(uri, vscode.window.activeTextEditor!.selection.active.line);
  return openPlan(undefined, store);
}

export async function openPlan(node: OutlineNode | undefined, store: PlanStore): Promise<void> {
  if (node) return revealLine(planUri(node), 0);
  const plans = store.list();
  if (plans.length === 0) {
    void vscode.window.showInformationMessage('No Beads Work Plan found in this workspace. Plans are looked for under the globs of the beadsPlan.planGlobs setting.');
    return;
  }
  const pick =
    plans.length === 1
      ? plans[0]
      : (
          await vscode.window.showQuickPick(
            plans.map((e) => ({ label: vscode.workspace.asRelativePath(e.uri), description: e.plan.title, entry: e })),
            { title: 'Open Beads Work Plan' },
          )
        )?.entry;
  if (pick) await vscode.window.showTextDocument(pick.uri, { preview: false });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return fs.stat(uri.fsPath).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Opens a file a task names: relative to the workspace folder, then to the plan, then anywhere by name. */
export async function openTaskFile(node: OutlineNode): Promise<void> {
  const file = node.file;
  if (!file) return;
  const plan = planUri(node);
  const folder = vscode.workspace.getWorkspaceFolder(plan);
  const candidates = [
    ...(file.startsWith('/') ? [vscode.Uri.file(file)] : []),
    ...(folder ? [vscode.Uri.joinPath(folder.uri, file)] : []),
    vscode.Uri.joinPath(plan, '..', file),
  ];
  for (const uri of candidates) if (await exists(uri)) return void (await vscode.window.showTextDocument(uri, { preview: true }));
  if (folder && !/[*?{}[\]]/.test(file)) {
    const [found] = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${file}`), '**/node_modules/**', 1);
    if (found) return void (await vscode.window.showTextDocument(found, { preview: true }));
  }
  void vscode.window.showWarningMessage(`"${file}" was not found in the workspace.`);
}
