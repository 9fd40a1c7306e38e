// Which phase does what, and which task may get a worker: the plan rules the
// gate, the scheduler, the outline, the CodeLens and the workers all ask here.
import type { Phase, Task } from '../model';

/** What a phase is for, where a rule depends on it. */
export type PhaseRole = 'execute' | 'validate' | 'review' | 'verify' | 'summary' | 'commit';

/**
 * In order of precedence: a phase named "Summary & Commit" is the commit
 * phase. "Pre-commit checks" is not: a hook's name does not make a phase the
 * one the user's approval moves.
 */
const ROLES: ReadonlyArray<readonly [PhaseRole, RegExp, number]> = [
  ['commit', /(?<![\w-])commit(?:s|ted|ting)?\b/i, 10],
  ['summary', /\bsummary\b|\bwait\b|hard stop/i, 9],
  ['verify', /\bverif/i, 8],
  ['review', /\breview/i, 5],
  ['validate', /\bvalidat/i, 4],
  ['execute', /\bexecut/i, 3],
];

/** A phase's role, read from its name. */
export function roleOf(phase: Phase): PhaseRole | undefined {
  return ROLES.find(([, name]) => name.test(phase.name))?.[0];
}

/**
 * The phase that has `role`: the first one whose name says so. A checklist
 * naming no phase so falls back to the canonical number (3 for execute), as
 * long as that phase's name gives it no other role. The commit phase has no
 * fallback: a phase the user's approval moves must say that it is the commit.
 */
export function phaseByRole(phases: readonly Phase[], role: PhaseRole): Phase | undefined {
  const named = phases.find((p) => roleOf(p) === role);
  if (named || role === 'commit') return named;
  const canonical = ROLES.find(([r]) => r === role)![2];
  return phases.find((p) => p.number === canonical && roleOf(p) === undefined);
}

/** A task a worker may be started for: waiting, or failed or blocked and worth another run. */
export function isReady(task: Task): boolean {
  return task.status === 'pending' || task.status === 'failed' || task.status === 'blocked';
}
