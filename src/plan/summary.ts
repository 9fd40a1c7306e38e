// What a person says about a plan at a glance: its name and where it stands.
import type { Phase, Plan, Status } from './model';
import { isFinished } from './status';

export interface PhaseSummary {
  /** The phase the plan is at, when it has a checklist. */
  readonly phase?: Phase;
  /** The highest phase number (10 for the canonical checklist). */
  readonly total: number;
  readonly complete: boolean;
  /** `phase 9/10 · Summary & Wait`, `complete`, or the written words when there is no checklist. */
  readonly text: string;
}

/** The plan's name: its target task, its only task, its session, or its title's trailing words. */
export function planLabel(plan: Plan): string | undefined {
  const target = plan.targetTasks.length === 1 ? plan.targetTasks[0] : undefined;
  if (target) return target.id ?? target.text;
  if (plan.tasks.length === 1) return plan.tasks[0]!.fullId;
  const session = plan.header.find((h) => h.key.toLowerCase() === 'session')?.value;
  if (session) return `Session ${session}`;
  const label = /^beads work plan\s*[:—-]/i.exec(plan.title);
  return (label && plan.title.slice(label[0].length).trim()) || undefined;
}

export function headerValue(plan: Plan, key: string): string | undefined {
  return plan.header.find((h) => h.key.toLowerCase() === key.toLowerCase())?.value;
}

/**
 * The current phase as shown: the written one when it agrees with the
 * checklist, the checklist's own otherwise (the disagreement is a finding).
 */
export function phaseSummary(plan: Plan): PhaseSummary {
  const { phases } = plan;
  const total = phases.reduce((max, p) => Math.max(max, p.number), 0);
  const complete = phases.length > 0 && phases.every((p) => isFinished(p.status));
  const written = plan.currentPhase.written;
  if (phases.length === 0) return { total, complete, text: written?.text ?? 'no checklist' };
  const mismatch = plan.findings.some((f) => f.code === 'current-phase-mismatch');
  const wanted = !mismatch && written?.number !== undefined ? written.number : plan.currentPhase.derived;
  const phase = phases.find((p) => p.number === wanted) ?? (complete ? phases[phases.length - 1] : undefined);
  if (complete) return { ...(phase ? { phase } : {}), total, complete, text: 'complete' };
  if (!phase) return { total, complete, text: written?.text ?? '' };
  return { phase, total, complete, text: `phase ${phase.number}/${total} · ${phase.name}` };
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
