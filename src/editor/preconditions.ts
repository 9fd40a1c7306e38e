// What a command needs before it can run, declared in the command table and
// checked here once, in order (a trusted workspace, a plan, git, a task), each
// with its one message naming the command, as GitLens and rust-analyzer
// declare theirs. A handler gets what was resolved and never looks it up again.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { findRoot } from '../git/repo';
import type { Plan, Task } from '../plan/model';
import { parsePlan } from '../plan/read/parse';
import { findTask } from '../plan/read/taskIds';
import { phaseSummary } from '../plan/rules/summary';
import type { CommandTarget } from './commandTarget';
import { currentText } from './util/currentText';
import type { Services } from './services/index';
import type { PlanEntry } from './services/planStore';

/** Which task a command is for when its target names none: the tasks it offers, and how it asks. */
export interface TaskNeed {
  /** The tasks offered (all when absent); a task the target names is taken as named. */
  readonly offers?: (plan: Plan, uri: vscode.Uri, services: Services) => (t: Task) => boolean;
  /** Asked even when one task is offered: what must not start unasked (a worker). */
  readonly always?: true;
  /** Listed first (the ready tasks, for a worker). */
  readonly first?: (t: Task) => boolean;
  /** Said after "<Title>: which task?" (Record Validation counts its steps). */
  readonly step?: string;
}

export interface Needs {
  /** Needs a trusted workspace, because it (for the message): `runs git`, `starts a process`. */
  readonly trusted?: string;
  /** Needs a plan: the target's, else the only one, else one the user picks. */
  readonly plan?: true;
  /** Needs a task of the plan (and so the plan). */
  readonly task?: TaskNeed;
  /**
   * Needs the plan in a git work tree (and so the plan). Not Commit's: its
   * gate says first what the plan lacks, in git or not, and each proposal
   * reads the repository afresh.
   */
  readonly git?: true;
}

/** The plan a command runs on, as its text reads now (open document or disk). */
export interface PlanGiven {
  readonly entry: PlanEntry;
  readonly text: string;
  readonly plan: Plan;
}
export interface TaskGiven extends PlanGiven {
  readonly task: Task;
}

type NeedsPlan = { readonly plan: true } | { readonly task: TaskNeed } | { readonly git: true };

/** What a handler is given for what its spec declares (git only checks: the git code finds the repository as it reads it). */
export type Given<N extends Needs> = (N extends NeedsPlan ? PlanGiven : unknown) & (N extends { readonly task: TaskNeed } ? TaskGiven : unknown);

/** Everything a precondition may resolve; a spec's handler sees the part its needs declare. */
export type Resolved = Partial<TaskGiven>;

const MANAGE_TRUST = 'Manage Workspace Trust';

/** A plan as every picker shows it: its name, its phase, and where it is. */
function planItem(services: Services, entry: PlanEntry): vscode.QuickPickItem & { entry: PlanEntry } {
  return {
    label: services.store.label(entry),
    description: entry.plan.isPlan ? phaseSummary(entry.plan).text : 'not readable as a plan',
    detail: vscode.workspace.asRelativePath(entry.uri),
    entry,
  };
}

/** How a command is named: `long` in messages (`Beads Plan: Record Validation…`), `short` in its pickers' titles (`Record Validation`). */
export interface Title {
  readonly long: string;
  readonly short: string;
}

/** The one message of a refused need: why, then what the command needs (`a plan`, `a task`, `a git repository`). */
function refuse(title: Title, need: string, why: string): undefined {
  void vscode.window.showWarningMessage(`${why} ${title.long} needs ${need}.`);
  return undefined;
}

/** The plan: the target's, else the only one, else one the user picks (undefined: refused, or the pick cancelled). */
async function resolvePlan(target: CommandTarget, services: Services, title: Title): Promise<PlanEntry | undefined> {
  if (target.uri) {
    const entry = services.store.get(target.uri);
    return entry ?? refuse(title, 'a plan', `${vscode.workspace.asRelativePath(target.uri)} is no longer a Beads Work Plan the extension knows.`);
  }
  const plans = services.store.list();
  if (plans.length <= 1) return plans[0] ?? refuse(title, 'a plan', 'No Beads Work Plan found in this workspace (plans are looked for under the globs of the beadsPlan.planGlobs setting).');
  const pick = await vscode.window.showQuickPick(
    plans.map((e) => planItem(services, e)),
    { title: title.short, matchOnDescription: true, matchOnDetail: true },
  );
  return pick?.entry;
}

/** The task: the target's, else one the user picks among those offered. */
async function resolveTask(target: CommandTarget, services: Services, title: Title, given: PlanGiven, need: TaskNeed): Promise<Task | undefined> {
  const { plan, entry } = given;
  if (target.taskId !== undefined) return findTask(plan.tasks, target.taskId) ?? refuse(title, 'a task', `Task ${target.taskId} is no longer in the plan.`);
  const offered = need.offers?.(plan, entry.uri, services) ?? (() => true);
  const tasks = plan.tasks.filter(offered);
  if (tasks.length === 0) return refuse(title, 'a task', 'The plan has no task it can act on.');
  if (tasks.length === 1 && !need.always) return tasks[0];
  const first = need.first;
  const ordered = first ? [...tasks.filter(first), ...tasks.filter((t) => !first(t))] : tasks;
  const pick = await vscode.window.showQuickPick(
    ordered.map((t) => ({ label: t.id, description: t.title, detail: t.statusText, task: t })),
    { title: `${title.short}: which task?${need.step ? ` ${need.step}` : ''}`, matchOnDescription: true },
  );
  return pick?.task;
}

/**
 * Checks a command's needs in order; resolves with what they found, or
 * undefined when one was refused (its message shown) or a pick was cancelled.
 */
export async function checkNeeds(needs: Needs, target: CommandTarget, services: Services, title: Title): Promise<Resolved | undefined> {
  if (needs.trusted !== undefined && !vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(`${title.long} is disabled in Restricted Mode: it ${needs.trusted}. Trust this workspace to use it.`, MANAGE_TRUST).then((choice) => {
      if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }
  if (!needs.plan && !needs.task && !needs.git) return {};
  const entry = await resolvePlan(target, services, title);
  if (!entry) return undefined;
  const text = await currentText(entry.uri);
  const given: PlanGiven = { entry, text, plan: parsePlan(text) };
  // Git before the task: a command that cannot run here must not ask which task first.
  if (needs.git) {
    const root = await findRoot(dirname(entry.uri.fsPath));
    if (typeof root !== 'string') return refuse(title, 'a git repository', root.error);
  }
  const task = needs.task && (await resolveTask(target, services, title, given, needs.task));
  if (needs.task && !task) return undefined;
  return { ...given, ...(task ? { task } : {}) };
}
