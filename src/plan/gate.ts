// The gate before phase 10 "User-Approved Commit": what must hold before the
// extension offers to commit. Each unmet condition is its own reason, with the
// line to reveal, so the user sees everything that blocks at once.
import type { Phase, Plan, Status } from './model';
import { formatStatus, isFinished } from './status';
import { phaseByRole } from './roles';

export interface GateReason {
  /** Stable id: `no-checklist`, `phase-unfinished`, `summary-pending`, `task-in-progress`, `task-failed`, `validation-invalid`, `already-committed`. */
  readonly code: string;
  readonly message: string;
  readonly line: number;
}

export type GateResult = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly GateReason[] };

/** The phase the commit belongs to; a checklist without one is gated on its last phase. */
export function gatedPhase(plan: Plan): Phase | undefined {
  return phaseByRole(plan.phases, 'commit') ?? plan.phases.at(-1);
}

function shown(status: Status, statusText: string): string {
  return status === 'unknown' ? `"${statusText}"` : formatStatus(status, { emoji: true, underscore: false });
}

function phaseReason(phase: Phase, isSummary: boolean): GateReason {
  const head = `Phase ${phase.number} ${phase.name} is ${shown(phase.status, phase.statusText)}`;
  return isSummary
    ? { code: 'summary-pending', message: `${head}: the summary must be done before committing`, line: phase.line }
    : { code: 'phase-unfinished', message: `${head}: it must be done or skipped before committing`, line: phase.line };
}

function phaseReasons(plan: Plan): GateReason[] {
  if (plan.phases.length === 0)
    return [{ code: 'no-checklist', message: 'The plan has no Phase Checklist, so its progress cannot be checked', line: Math.max(0, plan.titleLine) }];
  const commit = gatedPhase(plan)!;
  const before = plan.phases.slice(0, plan.phases.indexOf(commit));
  const summary = phaseByRole(before, 'summary');
  const reasons = before.filter((p) => !isFinished(p.status)).map((p) => phaseReason(p, p === summary));
  if (commit.status === 'done')
    reasons.push({ code: 'already-committed', message: `Phase ${commit.number} ${commit.name} is already done`, line: commit.line });
  return reasons;
}

function taskReasons(plan: Plan): GateReason[] {
  return plan.tasks.flatMap((t): GateReason[] => {
    if (t.status === 'in_progress')
      return [{ code: 'task-in-progress', message: `Task ${t.id} (${t.title}) is still in progress`, line: t.line }];
    if (t.status === 'failed') return [{ code: 'task-failed', message: `Task ${t.id} (${t.title}) failed`, line: t.line }];
    return [];
  });
}

function validationReasons(plan: Plan): GateReason[] {
  return plan.validation
    .filter((v) => v.valid === false)
    .map((v) => ({ code: 'validation-invalid', message: `Worker Validation marks ${v.task} as not valid (${v.validText})`, line: v.line }));
}

/** Whether the plan allows the user-approved commit now; every blocking reason otherwise, in line order. */
export function checkGate(plan: Plan): GateResult {
  const reasons = [...phaseReasons(plan), ...taskReasons(plan), ...validationReasons(plan)].sort((a, b) => a.line - b.line);
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}
