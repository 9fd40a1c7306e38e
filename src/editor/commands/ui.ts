// What the command flows share: finding the plan and task a command is for
// (asking only for what the target does not say), reading a plan's current
// text, and applying an edit with a message when it cannot be made.
import * as vscode from 'vscode';
import type { EditStep } from '../../plan/write/edit';
import type { Plan, Task } from '../../plan/model';
import { phaseSummary } from '../../plan/rules/summary';
import type { CommandTarget } from '../commandTarget';
import type { PlanEntry } from '../services/planStore';
import type { Services } from '../services/index';

/** How long a short status bar message (Advance, Cancel Worker) stays. */
export const STATUS_MESSAGE_MS = 5000;

/** A plan as every picker shows it: its name, its phase, and where it is. */
export function planItem(services: Services, entry: PlanEntry): vscode.QuickPickItem & { entry: PlanEntry } {
  return {
    label: services.store.label(entry),
    description: entry.plan.isPlan ? phaseSummary(entry.plan).text : 'not readable as a plan',
    detail: vscode.workspace.asRelativePath(entry.uri),
    entry,
  };
}

/** The plan a command is for: the target's, else the only plan, else one the user picks. */
export async function targetPlan(target: CommandTarget, services: Services, title: string): Promise<PlanEntry | undefined> {
  if (target.uri) {
    const entry = services.store.get(target.uri);
    if (!entry) void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(target.uri)} is no longer a Beads Work Plan the extension knows.`);
    return entry;
  }
  const plans = services.store.list();
  if (plans.length <= 1) {
    if (plans.length === 0) void vscode.window.showInformationMessage('No Beads Work Plan found in this workspace.');
    return plans[0];
  }
  const pick = await vscode.window.showQuickPick(
    plans.map((e) => planItem(services, e)),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.entry;
}

/** The plan as its text reads now (open document or disk), for commands that must not trust a cached model. */
export async function currentText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

export async function pickTask(
  plan: Plan,
  title: string,
  filter: (t: Task) => boolean = () => true,
  opts: { readonly always?: boolean; readonly first?: (t: Task) => boolean } = {},
): Promise<Task | undefined> {
  const tasks = plan.tasks.filter(filter);
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(`${title}: the plan has no task for this.`);
    return undefined;
  }
  // `always`: the user names the task even when there is one, for what must not start unasked (a worker).
  if (tasks.length === 1 && !opts.always) return tasks[0];
  const first = opts.first;
  const ordered = first ? [...tasks.filter(first), ...tasks.filter((t) => !first(t))] : tasks;
  const pick = await vscode.window.showQuickPick(
    ordered.map((t) => ({ label: t.id, description: t.title, detail: t.statusText, task: t })),
    { title, matchOnDescription: true },
  );
  return pick?.task;
}

/** Applies an edit and tells the user why when it could not be made; whether it was. */
export async function applyOrExplain(services: Services, uri: vscode.Uri, edit: EditStep): Promise<boolean> {
  const outcome = await services.writer.apply(uri, edit);
  if (!outcome.ok) void vscode.window.showErrorMessage(outcome.reason);
  return outcome.ok;
}

/** A modal question with one way forward (`button`) besides Cancel; whether the user took it. */
export async function confirmModal(message: string, detail: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}
