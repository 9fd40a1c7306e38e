// The one rule for the Current Phase line, asked by the parser's finding
// (`current-phase-mismatch`), its quick fix, the gate (`current-phase-ahead`)
// and so the attention rule: what the checklist says the current phase is,
// and which written numbers agree with it. Two rules used to disagree: the
// quick fix wrote 10 at the HARD STOP, which the gate then blocked as ahead.
import type { Phase } from '../model';
import { isFinished } from './status';
import { phaseByRole } from './roles';

export interface PhaseRule {
  /** The first phase that is neither done nor skipped, by number; undefined when all are. */
  readonly derived?: number;
  /** The numbers a Current Phase line may say: the derived one, and at the HARD STOP the summary's too. */
  readonly agrees: ReadonlySet<number>;
  /** What the quick fix writes: the derived phase, or the last one when every phase is finished. */
  readonly fix?: number;
}

/** Phases in the order of their numbers (the table's order when numbers tie). */
export function byNumber(phases: readonly Phase[]): Phase[] {
  return phases.map((p, k) => ({ p, k })).sort((a, b) => a.p.number - b.p.number || a.k - b.k).map(({ p }) => p);
}

export function currentPhaseRule(phases: readonly Phase[]): PhaseRule {
  const ordered = byNumber(phases);
  const next = ordered.find((p) => !isFinished(p.status));
  const previous = next ? ordered[ordered.indexOf(next) - 1] : ordered.at(-1);
  const agrees = new Set<number>();
  if (next) agrees.add(next.number);
  // Waiting at the HARD STOP (the summary done, the commit not started), or every phase finished: the last finished phase agrees too.
  if (previous && (next === undefined || (next.status === 'pending' && previous === phaseByRole(ordered, 'summary')))) agrees.add(previous.number);
  const fix = next?.number ?? ordered.at(-1)?.number;
  return { ...(next ? { derived: next.number } : {}), agrees, ...(fix !== undefined ? { fix } : {}) };
}

/** How a written Current Phase stands to the checklist: it agrees, lags behind (a doubt), or runs ahead of it (a block). */
export function judgeWritten(written: number, rule: PhaseRule): 'agrees' | 'behind' | 'ahead' {
  if (rule.agrees.has(written)) return 'agrees';
  return written > Math.max(-1, ...rule.agrees) ? 'ahead' : 'behind';
}
