// What an action would step over, in words a modal question can show. The
// editor asks before it advances a phase over unfinished work, runs workers on
// a plan that is past its execution, or runs a finished task again; the same
// rules decide which actions the tree and the CodeLens offer.
import type { Phase, Plan, Task } from '../model';
import { isReady, phaseByRole, roleOf, type PhaseRole } from '../read/roles';
import { isFinished } from '../read/status';
import { filesOverlap, pathsOverlap } from './schedule';

export type Advance =
  | { readonly ok: true; readonly current: Phase; readonly next?: Phase }
  | { readonly ok: false; readonly reason: string; readonly line?: number };

/**
 * Whether Advance to Next Phase can move the plan: the phase the checklist is
 * at becomes done and the next unfinished one starts. The commit phase moves
 * only with the user-approved commit, so it is never advanced into or out of.
 */
export function advanceable(plan: Plan): Advance {
  const { phases, phaseTable } = plan;
  if (!phaseTable) return { ok: false, reason: 'the plan has no Phase Checklist' };
  const current = phases.find((p) => p.number === plan.currentPhase.derived);
  if (!current) return { ok: false, reason: 'every phase in the checklist is already finished', line: phaseTable.line };
  const next = phases.slice(phases.indexOf(current) + 1).find((p) => !isFinished(p.status));
  // Any phase named as a commit: the one the gate finds first, and any other, which makes the gate block.
  const gated = [current, next].find((p) => p !== undefined && roleOf(p) === 'commit');
  if (gated) return { ok: false, reason: `phase ${gated.number} (${gated.name}) moves only with the commit command, after the user approves`, line: gated.line };
  return { ok: true, current, ...(next ? { next } : {}) };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The roles whose own work is checked before their phase is marked done. */
const CHECKED: readonly PhaseRole[] = ['execute', 'validate', 'verify'];

const isDone = (t: Task) => t.status === 'done' || t.status === 'skipped';

/** Unfinished work: what a question says (`3 tasks are not done`) and what it lists. */
export interface Unfinished {
  readonly text: string;
  readonly items: readonly string[];
}

/**
 * What of the phase's own work is unfinished: the tasks for Execute Tasks,
 * the validation rows for Validate Workers, the checklist for Final
 * Verification. Undefined when the phase's work is done or it has none to check.
 */
export function unfinishedWork(plan: Plan, phase: Phase): Unfinished | undefined {
  switch (CHECKED.find((role) => phaseByRole(plan.phases, role) === phase)) {
    case 'execute': {
      const open = plan.tasks.filter((t) => !isDone(t));
      return open.length === 0 ? undefined : { text: `${count(open.length, 'task is', 'tasks are')} not done`, items: open.map((t) => `${t.id}: ${t.statusText || t.status}`) };
    }
    case 'validate': {
      const valid = new Set(plan.validation.filter((v) => v.valid === true).map((v) => v.taskId ?? v.task));
      const missing = plan.tasks.filter((t) => t.status === 'done' && !valid.has(t.id));
      return missing.length === 0 ? undefined : { text: `${count(missing.length, 'done task has', 'done tasks have')} no valid validation row`, items: missing.map((t) => t.id) };
    }
    case 'verify': {
      const items = verificationChecklist(plan);
      const open = items.filter((i) => !i.checked);
      return open.length === 0 ? undefined : { text: `${open.length} of ${items.length} checklist items ${open.length === 1 ? 'is' : 'are'} unchecked`, items: open.map((i) => i.text) };
    }
    default:
      return undefined;
  }
}

/** The Final Verification section's check items (the parser also collects the Summary's). */
function verificationChecklist(plan: Plan): Plan['checklist'] {
  const at = plan.sections.findIndex((s) => s.kind === 'finalVerification');
  if (at < 0) return [];
  const start = plan.sections[at]!.line;
  const end = plan.sections[at + 1]?.line ?? Infinity;
  return plan.checklist.filter((i) => i.line > start && i.line < end);
}

/**
 * Why running workers on this plan may undo its story: it is committed, or
 * its Execute Tasks phase is already done. Empty when nothing stands in the way.
 */
export function runAllConcerns(plan: Plan): string[] {
  const commit = phaseByRole(plan.phases, 'commit');
  if (commit?.status === 'done') return [`the plan is committed (phase ${commit.number}, ${commit.name}, is done)`];
  const execute = phaseByRole(plan.phases, 'execute');
  return execute?.status === 'done' ? [`phase ${execute.number} (${execute.name}) is already done`] : [];
}

/** The Notes cell after a run adds `note`: what an agent wrote there stays, the note comes after it. */
export function appendedNote(notes: string, note: string): string {
  const kept = notes.trim();
  return kept === '' ? note : `${kept}; ${note}`;
}

/** `1 worker done`, `3 workers done`. */
export function workersDone(n: number): string {
  return `${count(n, 'worker', 'workers')} done`;
}

/** `1 ready worker`, `3 ready workers`. */
export function readyWorkers(n: number): string {
  return count(n, 'ready worker', 'ready workers');
}

/** What a worker may do for a task, the same in the tree and in the CodeLens. */
export type TaskAction = 'run' | 'runAgain' | 'cancel';

/**
 * A running task can be cancelled; a ready one run; any other (done,
 * cancelled, in progress elsewhere) run again only after the user confirms.
 */
export function taskAction(task: Task, running: boolean): TaskAction {
  if (running) return 'cancel';
  return isReady(task) ? 'run' : 'runAgain';
}

/** What the user confirms before a task that is not ready gets a worker: `django-litefs-f8s is done`. */
export function runAgainConcern(task: Task): string | undefined {
  return isReady(task) ? undefined : `${task.id} is ${task.statusText || task.status}`;
}

/**
 * Tasks that one batch would run side by side but that are kept apart because
 * they share a file: each pair once, with the first shared entry, for the one
 * message that says why the run goes one at a time.
 */
export function sharedFiles(batches: readonly (readonly string[])[], filesOf: (id: string) => readonly string[]): Array<{ readonly tasks: readonly [string, string]; readonly file: string }> {
  const found: Array<{ readonly tasks: readonly [string, string]; readonly file: string }> = [];
  for (const batch of batches)
    for (let i = 0; i < batch.length; i++)
      for (let j = i + 1; j < batch.length; j++) {
        const a = filesOf(batch[i]!);
        const b = filesOf(batch[j]!);
        if (!filesOverlap(a, b)) continue;
        const file = a.find((x) => b.some((y) => pathsOverlap(x, y)))!;
        found.push({ tasks: [batch[i]!, batch[j]!], file });
      }
  return found;
}

/** `running a, b one at a time: they share tests/test_db.py`, or undefined when nothing is kept apart. */
export function serializedNote(shared: ReturnType<typeof sharedFiles>): string | undefined {
  if (shared.length === 0) return undefined;
  const files = [...new Set(shared.map((s) => s.file))];
  const tasks = [...new Set(shared.flatMap((s) => s.tasks))];
  return `running ${tasks.join(', ')} one at a time: they share ${files.join(', ')}`;
}
