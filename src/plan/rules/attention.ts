// Whether a plan needs its user now, and why: the rule behind the view's
// badge, the plan node's state and the notification that calls the user.
// A plan needs the user when it waits at the HARD STOP for the approval, when
// it stopped at the summary but the gate refuses, when a task failed, or when
// a worker stalled. And when a plan enters such a state: the user is called
// once per entry, not on every rewrite.
import { checkGate, type GateEntry } from './gate';
import type { Plan } from '../model';
import { phaseByRole, roleOf } from '../read/roles';
import { byNumber } from '../read/currentPhase';
import { isCancelled, isFinished } from '../read/status';
import { isFinishedPlan } from './summary';

/** In order of precedence: a plan at the HARD STOP is first about the commit. */
export type AttentionKind = 'awaitingApproval' | 'blockedAtGate' | 'workerStalled' | 'taskFailed';

export interface Attention {
  readonly kind: AttentionKind;
  /** What waits, in a few words for a sentence: `3 tasks done, validation 3/3 valid`, `Task a-1 (Alpha) failed`. */
  readonly summary: string;
  /** The line to show the user: the commit phase, the first gate reason, the first task concerned. */
  readonly line: number;
  /** Why the gate refuses (blockedAtGate). */
  readonly reasons?: readonly GateEntry[];
  /** The tasks concerned (taskFailed, workerStalled). */
  readonly taskIds?: readonly string[];
  /** What the user must confirm before committing (awaitingApproval): never announced as clean. */
  readonly doubts?: readonly GateEntry[];
}

interface AttentionInput {
  /** Ids of tasks whose worker runs but has stalled (the worker service knows; the plan does not). */
  readonly stalled?: ReadonlySet<string>;
}

/** The plan node's words for each state. */
export const ATTENTION_TEXT: Readonly<Record<AttentionKind, string>> = {
  awaitingApproval: 'awaiting approval',
  blockedAtGate: 'blocked at the gate',
  workerStalled: 'worker stalled',
  taskFailed: 'task failed',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The state in a few words, as the tree, the badge and the status bar show it: `awaiting approval, 1 doubt`. */
export function attentionText(attention: Attention): string {
  const doubts = attention.doubts?.length ?? 0;
  return doubts > 0 ? `${ATTENTION_TEXT[attention.kind]}, ${plural(doubts, 'doubt')}` : ATTENTION_TEXT[attention.kind];
}

/** `1 doubt: django-litefs-f8s is still "ready"…`, `3 doubts: … (and 2 more)`. */
function doubtText(doubts: readonly GateEntry[]): string {
  const more = doubts.length > 1 ? ` (and ${doubts.length - 1} more)` : '';
  return `${plural(doubts.length, 'doubt')}: ${doubts[0]!.message}${more}`;
}

/** `3 tasks done, validation 3/3 valid`: what the user is asked to approve. */
function workDone(plan: Plan): string {
  const done = plan.tasks.filter((t) => isFinished(t.status)).length;
  const tasks = plan.tasks.length === 0 ? '' : done === plan.tasks.length ? `${plural(done, 'task')} done` : `${done} of ${plural(plan.tasks.length, 'task')} done`;
  const valid = plan.validation.filter((v) => v.valid === true).length;
  const validation = plan.validation.length === 0 ? '' : `validation ${valid}/${plan.validation.length} valid`;
  return [tasks, validation].filter(Boolean).join(', ');
}

function ids(list: readonly string[]): string {
  return list.length === 1 ? `task ${list[0]}` : `tasks ${list.join(', ')}`;
}

/** Whether `plan` needs its user, and why; undefined when it does not (working, committed, or not readable as a plan). */
export function needsUser(plan: Plan, input: AttentionInput = {}): Attention | undefined {
  // The phases in their numbers' order; the commit phase is the highest-numbered one so named, as the gate reads them.
  const phases = byNumber(plan.phases);
  const commit = phases.filter((p) => roleOf(p) === 'commit').at(-1);
  // Committed, or the commit under way: nothing waits for the user.
  if (!plan.isPlan || isFinishedPlan(plan) || commit?.status === 'done' || commit?.status === 'in_progress') return undefined;
  const summary = phaseByRole(phases, 'summary');
  if (commit) {
    const before = phases.filter((p) => p !== commit && p.number <= commit.number);
    const gate = checkGate(plan);
    if (commit.status === 'pending' && before.every((p) => isFinished(p.status)) && gate.ok) {
      // A plan with doubts waits with them, named: never as clean.
      const work = [workDone(plan), ...(gate.doubts.length > 0 ? [doubtText(gate.doubts)] : [])].filter(Boolean).join(', ');
      return { kind: 'awaitingApproval', summary: work, line: commit.line, ...(gate.doubts.length > 0 ? { doubts: gate.doubts } : {}) };
    }
    if (summary?.status === 'done' && !gate.ok) {
      const [first] = gate.blocks;
      const more = gate.blocks.length > 1 ? ` (and ${gate.blocks.length - 1} more)` : '';
      return { kind: 'blockedAtGate', summary: `${first!.message}${more}`, line: first!.line, reasons: gate.blocks };
    }
  }
  const stalled = plan.tasks.filter((t) => input.stalled?.has(t.id));
  if (stalled.length > 0)
    return { kind: 'workerStalled', summary: `the worker for ${ids(stalled.map((t) => t.id))} has stalled`, line: stalled[0]!.line, taskIds: stalled.map((t) => t.id) };
  // A cancel is the user's own act: it calls no one.
  const failed = plan.tasks.filter((t) => t.status === 'failed' && !isCancelled(t.statusText));
  if (failed.length > 0)
    return { kind: 'taskFailed', summary: `${ids(failed.map((t) => t.id))} failed`, line: failed[0]!.line, taskIds: failed.map((t) => t.id) };
  return undefined;
}

/**
 * A plan back in the state it left less than this long ago never left it: an
 * agent that rewrites its plan in two steps (phase 9 in progress, then done)
 * must not call the user twice.
 */
export const REARM_MS = 2000;

/** Which plans just entered a state that needs the user, and whether the set of states changed. */
interface AttentionUpdate {
  readonly entered: readonly string[];
  readonly changed: boolean;
}

/**
 * Tells an entry into a state from a rewrite that stays in it, across updates
 * of every plan's state (keyed by any stable plan key). A state counts as
 * entered once per entry; while `baseline` holds (the editor's first look at
 * the workspace), a plan seen for the first time was already in its state and
 * is not counted as entering it.
 */
export class AttentionTracker {
  /** The state each plan was last in, and when it left it (undefined while it is in it). */
  private readonly seen = new Map<string, { readonly kind: AttentionKind; left?: number }>();
  /** The plans of the last update: a plan not among them is seen for the first time. */
  private known = new Set<string>();

  update(states: ReadonlyMap<string, AttentionKind | undefined>, now: number, baseline: boolean): AttentionUpdate {
    const known = this.known;
    this.known = new Set(states.keys());
    const entered: string[] = [];
    let changed = false;
    for (const [key, kind] of states) {
      if (kind === undefined) continue;
      const seen = this.seen.get(key);
      if (seen?.kind === kind && seen.left === undefined) continue;
      changed = true;
      const back = seen?.kind === kind && now - seen.left! < REARM_MS;
      this.seen.set(key, { kind });
      if (!back && !(baseline && !known.has(key))) entered.push(key);
    }
    for (const [key, seen] of [...this.seen]) {
      if (states.get(key) !== undefined) continue;
      if (seen.left === undefined) {
        seen.left = now;
        changed = true;
      } else if (now - seen.left >= REARM_MS) this.seen.delete(key);
    }
    return { entered, changed };
  }
}
