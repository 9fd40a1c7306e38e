// What a command acts on. Commands are invoked from the tree (an outline
// node), from a CodeLens (`{uri, taskId}`) or from the palette (nothing): all
// three become one Target, asking the user only for what is missing.
import * as vscode from 'vscode';
import type { OutlineNode } from '../../plan/outline';
import type { Plan, Task } from '../../plan/model';
import type { PlanEntry, PlanStore } from '../planStore';
import { planUri } from '../tree/planTree';

export interface LensArgs {
  readonly uri: vscode.Uri;
  readonly taskId?: string;
}

export type CommandArg = OutlineNode | LensArgs | undefined;

export interface Target {
  readonly uri: vscode.Uri;
  readonly taskId?: string;
  readonly phaseNumber?: number;
}

function isNode(arg: CommandArg): arg is OutlineNode {
  return arg !== undefined && 'kind' in arg && 'id' in arg;
}

/** The plan the user means: the one in the active editor, the only one, or one they pick. */
export async function pickPlan(store: PlanStore, title: string): Promise<PlanEntry | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const entry = active && store.get(active);
  if (entry) return entry;
  const plans = store.list();
  if (plans.length <= 1) {
    if (plans.length === 0) void vscode.window.showInformationMessage('No Beads Work Plan found in this workspace.');
    return plans[0];
  }
  const pick = await vscode.window.showQuickPick(
    plans.map((e) => ({ label: vscode.workspace.asRelativePath(e.uri), description: e.plan.title, entry: e })),
    { title },
  );
  return pick?.entry;
}

export async function resolveTarget(arg: CommandArg, store: PlanStore, title: string): Promise<Target | undefined> {
  if (isNode(arg))
    return {
      uri: planUri(arg),
      ...(arg.taskId !== undefined ? { taskId: arg.taskId } : {}),
      ...(arg.phaseNumber !== undefined ? { phaseNumber: arg.phaseNumber } : {}),
    };
  if (arg?.uri) return { uri: vscode.Uri.from(arg.uri), ...(arg.taskId ? { taskId: arg.taskId } : {}) };
  const entry = await pickPlan(store, title);
  return entry ? { uri: entry.uri } : undefined;
}

/** The plan as its text reads now (open document or disk), for commands that must not trust a cached model. */
export async function currentText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

export async function pickTask(plan: Plan, title: string, filter: (t: Task) => boolean = () => true): Promise<Task | undefined> {
  const tasks = plan.tasks.filter(filter);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(`${title}: the plan has no task for this.`);
    return undefined;
  }
  if (tasks.length === 1) return tasks[0];
  const pick = await vscode.window.showQuickPick(
    tasks.map((t) => ({ label: t.id, description: t.title, detail: t.statusText, task: t })),
    { title, matchOnDescription: true },
  );
  return pick?.task;
}
