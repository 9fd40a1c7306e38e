// What a person says about a plan at a glance: its name and where it stands.
import type { Phase, Plan, Status } from '../model';
import { isFinished } from '../read/status';

export interface PhaseSummary {
  /** The phase the checklist is at (its first unfinished one; the last when complete). */
  readonly phase?: Phase;
  /** How many phases the checklist has, the commit phase included (11 for the canonical 0..10). */
  readonly count: number;
  /** How many of them are finished (done or skipped). */
  readonly done: number;
  readonly complete: boolean;
  /** `phase 9 of 11 · Summary & Wait`, `complete`, or the written words when there is no checklist. */
  readonly text: string;
  /** `text` as a heading starts: `Phase 9 of 11 · Summary & Wait` (status bar, CodeLens). */
  readonly title: string;
  /** `10 of 11 done`: the Phases group, counted as `text` counts. */
  readonly doneText: string;
}

/** The task id a plan is named by: its one target task's, or its only task's. */
export function planTaskId(plan: Plan): string | undefined {
  const target = plan.targetTasks.length === 1 ? plan.targetTasks[0] : undefined;
  return target ? target.id : plan.tasks.length === 1 ? plan.tasks[0]!.fullId : undefined;
}

/** The plan's name: its target task, its only task, its session id (as its file name has it: `plan-1ddafa05.md` is `1ddafa05`), or its title's trailing words. */
export function planLabel(plan: Plan): string | undefined {
  // A one target task written without an id is named by its words.
  const named = planTaskId(plan) ?? (plan.targetTasks.length === 1 ? plan.targetTasks[0]!.text : undefined);
  if (named) return named;
  const session = plan.header.find((h) => h.key.toLowerCase() === 'session')?.value;
  if (session) return session;
  const label = /^beads work plan\s*[:—-]/i.exec(plan.title);
  return (label && plan.title.slice(label[0].length).trim()) || undefined;
}

export function headerValue(plan: Plan, key: string): string | undefined {
  return plan.header.find((h) => h.key.toLowerCase() === key.toLowerCase())?.value;
}

/**
 * Where the plan stands, counted one way everywhere (tree, status bar,
 * CodeLens, preview, CLI): phase *n of m*, n the phase's own number, m the
 * number of phases in the checklist. A checklist numbered 0..10 has 11
 * phases, so its commit phase is `phase 10 of 11`, and `10 of 11 done` agrees
 * with it. The current phase is the checklist's (`currentPhase.derived`);
 * a written `Current Phase` that disagrees is a finding, not the truth.
 */
export function phaseSummary(plan: Plan): PhaseSummary {
  const { phases } = plan;
  const count = phases.length;
  const done = phases.filter((p) => isFinished(p.status)).length;
  const complete = count > 0 && done === count;
  // Unless complete, some phase is unfinished, and the checklist derives it.
  const phase = complete ? phases[count - 1] : phases.find((p) => p.number === plan.currentPhase.derived);
  const text =
    count === 0 ? (plan.currentPhase.written?.text ?? 'no checklist') : complete ? 'complete' : `phase ${phase!.number} of ${count} · ${phase!.name}`;
  return {
    ...(phase ? { phase } : {}),
    count,
    done,
    complete,
    text,
    title: text.charAt(0).toUpperCase() + text.slice(1),
    doneText: `${done} of ${count} done`,
  };
}

/** A finished plan: its last phase (the user-approved commit) is done. */
export function isFinishedPlan(plan: Plan): boolean {
  const last = plan.phases[plan.phases.length - 1];
  return last !== undefined && last.status === 'done';
}

/** What the Worker Validation section's `Status:` should say: done when every task has a valid row. */
export function validationStatus(plan: Plan): Status {
  if (plan.validation.some((v) => v.valid === false)) return 'failed';
  const valid = new Set(plan.validation.filter((v) => v.valid === true).map((v) => v.taskId ?? v.task));
  return plan.tasks.length > 0 && plan.tasks.every((t) => valid.has(t.id)) ? 'done' : 'in_progress';
}
