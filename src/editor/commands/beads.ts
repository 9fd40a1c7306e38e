// The beads flows: Open in beads, Copy Id, Start Plan…, Close in beads… (the
// plan's phase 6 made real: offered once per user-approved commit, and as the
// quick fix of a done task beads still has open), Open beads Settings, and the
// optional `bd dolt push` after a commit. bd and the orchestrator run without
// a shell; an id reaches them only as one whole argument.
import * as vscode from 'vscode';
import { isIssueId } from '../../beads/client';
import { orchestratorCommand } from '../../beads/orchestrator';
import { planLabel } from '../../plan/rules/summary';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import type { PlanEntry } from '../services/planStore';
import { setting } from '../settings';
import { issueDocumentUri } from '../views/beadsDiagnostics';
import type { PlanGiven } from '../preconditions';


/** The beads id and folder a target names: a ready issue's own id, or the issue beads holds for a plan's task. */
function issueTarget(target: CommandTarget, services: Services): { id: string; folder: vscode.WorkspaceFolder } | undefined {
  if (!target.taskId) return undefined;
  if (!target.uri) {
    const folder = services.beads.folderOfReady(target.taskId);
    return folder && { id: target.taskId, folder };
  }
  const entry = services.store.get(target.uri);
  const task = entry?.plan.tasks.find((t) => t.id === target.taskId);
  const issue = task && services.beads.issueOf(target.uri, task);
  const folder = entry?.folder;
  return folder && { id: issue?.id ?? task?.fullId ?? target.taskId, folder };
}

export async function openInBeads(target: CommandTarget, services: Services): Promise<void> {
  const issue = issueTarget(target, services);
  if (!issue || !isIssueId(issue.id)) return void vscode.window.showInformationMessage('Open in beads needs a task or a ready beads issue.');
  const doc = await vscode.workspace.openTextDocument(issueDocumentUri(issue.id, issue.folder));
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function copyIssueId(target: CommandTarget, services: Services): Promise<void> {
  const issue = issueTarget(target, services);
  if (!issue) return;
  await vscode.env.clipboard.writeText(issue.id);
  vscode.window.setStatusBarMessage(`Copied ${issue.id}`, 3000);
}

export async function startPlan(target: CommandTarget, services: Services): Promise<void> {
  const issue = issueTarget(target, services);
  if (!issue) return;
  const expanded = orchestratorCommand(setting('orchestrator.command', issue.folder), issue.id, issue.folder.uri.fsPath);
  if (!expanded.ok) return void vscode.window.showInformationMessage(`Start Plan cannot start: ${expanded.reason}.`);
  const [program, ...args] = expanded.command;
  // The program is the terminal's own process: no shell parses a line made from the id.
  const terminal = vscode.window.createTerminal({ name: `beads: ${issue.id}`, shellPath: program!, shellArgs: args, cwd: issue.folder.uri });
  terminal.show();
  services.log.info(`Start Plan: ${issue.id}: ${JSON.stringify([program, ...args])}`);
}

export function openBeadsSettings(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', '@id:beadsPlan.bd.path');
}

/** The plan's tasks marked done that beads has not closed, asked afresh. */
async function stillOpen(services: Services, entry: PlanEntry): Promise<{ id: string; title: string; status: string }[]> {
  if (!entry.folder) return [];
  await services.beads.fetch(entry.uri);
  const closed = await services.beads.closedStatuses(entry.folder);
  if (!closed) return [];
  return entry.plan.tasks.flatMap((task) => {
    if (task.status !== 'done' && task.status !== 'closed') return [];
    const issue = services.beads.issueOf(entry.uri, task);
    return issue && !closed.has(issue.status) ? [{ id: issue.id, title: issue.title || task.title, status: issue.status }] : [];
  });
}

/** The multi-select of `candidates`, then `bd close` for the ticked ones, each outcome in the log. */
async function closeTicked(services: Services, entry: PlanEntry, candidates: readonly { id: string; title: string; status: string }[], reason: string, preselect?: string): Promise<void> {
  const picks = await vscode.window.showQuickPick(
    candidates.map((c) => ({ label: c.id, description: c.status, detail: c.title, picked: preselect === undefined || preselect === c.id })),
    { title: `Close in beads: "${reason}"`, canPickMany: true, ignoreFocusOut: true, placeHolder: 'The ticked issues are closed in beads' },
  );
  if (!picks || picks.length === 0 || !entry.folder) return;
  const client = services.beads.client(entry.folder);
  const failed: string[] = [];
  for (const pick of picks) {
    const closed = await client.close(pick.label, reason);
    if (closed.ok) services.log.info(`Closed ${pick.label} in beads: ${reason}`);
    else {
      services.log.warn(`Closing ${pick.label} in beads failed: ${closed.problem.message}`);
      failed.push(pick.label);
    }
  }
  await services.beads.fetch(entry.uri);
  void services.beads.fetchReady();
  const done = picks.length - failed.length;
  if (failed.length === 0) void vscode.window.showInformationMessage(`Closed ${done === 1 ? picks[0]!.label : `${done} issues`} in beads.`);
  else void vscode.window.showWarningMessage(`Could not close ${failed.join(', ')} in beads${done ? ` (closed ${done})` : ''}: see the Beads Work Plan log.`);
}

const reasonFor = (entry: PlanEntry, shortHash: string | undefined): string => {
  const label = planLabel(entry.plan) ?? vscode.workspace.asRelativePath(entry.uri);
  return shortHash ? `Committed ${shortHash}: ${label}` : `Done in the Beads Work Plan ${label}`;
};

/** Close in beads… from a quick fix or the palette: the plan's done tasks beads still has open. */
export async function closeInBeads(target: CommandTarget, services: Services, { entry }: PlanGiven): Promise<void> {
  const candidates = await stillOpen(services, entry);
  if (candidates.length === 0) return void vscode.window.showInformationMessage('Every task the plan marks done is closed in beads.');
  const task = target.taskId ? entry.plan.tasks.find((t) => t.id === target.taskId) : undefined;
  const preselect = task && services.beads.issueOf(entry.uri, task)?.id;
  await closeTicked(services, entry, candidates, reasonFor(entry, services.commits.get(entry.uri)?.shortHash), preselect);
}

const offered = new Set<string>();

/**
 * After a user-approved commit: Close in beads… when tasks the plan marks done
 * are still open in beads (offered once per commit, never automatic), and
 * `bd dolt push` when the user asked for it and the installed bd has it.
 */
export async function afterCommit(services: Services, uri: vscode.Uri, shortHash: string): Promise<void> {
  const entry = services.store.get(uri);
  if (!entry?.folder || offered.has(shortHash)) return;
  offered.add(shortHash);
  const caps = await services.beads.capabilitiesOf(entry.folder);
  if (!caps) return;
  if (setting('bd.pushAfterCommit', uri)) {
    if (!caps.doltPush) services.log.warn('beads: bd dolt push was not run: the installed bd has no dolt command');
    else {
      const pushed = await services.beads.client(entry.folder).doltPush();
      if (pushed.ok) services.log.info(`bd dolt push: done\n${pushed.value}`);
      else {
        services.log.warn(`beads: ${pushed.problem.message}`);
        void vscode.window.showWarningMessage(`bd dolt push failed: ${pushed.problem.message}`);
      }
    }
  }
  const candidates = await stillOpen(services, services.store.get(uri) ?? entry);
  if (candidates.length === 0) return;
  const open = candidates.length === 1 ? `${candidates[0]!.id} is` : `${candidates.length} tasks are`;
  const choice = await vscode.window.showInformationMessage(`${open} done in the plan and still open in beads.`, 'Close in beads…');
  if (choice) await closeTicked(services, services.store.get(uri) ?? entry, candidates, reasonFor(entry, shortHash));
}

