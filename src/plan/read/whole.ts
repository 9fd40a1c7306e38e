// Whether a plan file's text is whole enough to edit. An agent rewriting the
// plan truncates it and then writes it, so a read in between sees an empty or
// half-written text: editing that would throw the rest of the plan away. The
// settled read (src/files/stableRead.ts) waits while this says why not.
import type { Plan } from '../model';
import { parsePlan } from './parse';
import { SNIFF_BYTES, looksLikePlan } from './sniff';

export interface NotWhole {
  /** One line, to follow the file's path. */
  readonly reason: string;
  /** Taken as whole after staying the same this long: a plan may just end without a line break. */
  readonly acceptAfterMs?: number;
}

/**
 * A plan without a final line break may be cut short, or just written so:
 * whole once it stays unchanged this long. Long enough for a writer stalled
 * mid-write on a busy machine to go on: an edit of a cut plan loses its rest.
 */
const UNTERMINATED: NotWhole = { reason: 'ends inside a line, as if cut short', acceptAfterMs: 1000 };

/**
 * Undefined when `text` can be edited as a whole plan, or is a whole text
 * that is not a plan at all (its first heading, a whole line, is another
 * one): the edit refuses that itself. Otherwise why it may be a rewrite in
 * progress: empty, no first heading yet, or cut inside a line. `plan` is
 * parsePlan(text) when the caller has it.
 */
export function unfinishedPlan(text: string, plan?: Plan): NotWhole | undefined {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { reason: 'is empty' };
  const cut = !/[\r\n]$/.test(text);
  // The sniff tells nearly every plan without a parse; the parser decides what it cannot tell.
  if (plan === undefined && looksLikePlan(text.slice(0, SNIFF_BYTES))) return cut ? UNTERMINATED : undefined;
  const { isPlan, titleLine, lineCount } = plan ?? parsePlan(text);
  // A first heading followed by a line break is whole: a plan's own, or another one (then it is no plan).
  if (!isPlan && !(titleLine >= 0 && titleLine < lineCount - 1)) return { reason: 'has no "# Beads Work Plan" heading' };
  return cut ? UNTERMINATED : undefined;
}
