// Deciding whether a Markdown file is a plan from its first few KB only, so
// discovery never reads whole files that are not plans.
export const SNIFF_BYTES = 4096;

/** True when the first level-1 ATX heading is `# Beads Work Plan…` (case-insensitive). */
export function looksLikePlan(head: string): boolean {
  let inFence = false;
  for (const raw of head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd();
    if (/^ {0,3}(?:```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const h1 = /^ {0,3}#[ \t]/.exec(line);
    if (h1) return /^(?:\*\*)?beads work plan\b/i.test(line.slice(h1[0].length).trim());
  }
  return false;
}

/** Headings and lines only a plan has, for telling a plan whose title was lost from any other Markdown. */
const PLAN_STRUCTURE = /^(?:#{2,3}[ \t]+(?:\d+[.)]?[ \t]+)?(?:phase checklist|execution log|worker validation)\b|\*\*current phase:)/im;

/**
 * Whether a Markdown text that is not (or no longer) a plan still has a
 * plan's structure: a file under `.beads/` like this is a damaged plan, shown
 * with a finding rather than dropped.
 */
export function hasPlanStructure(text: string): boolean {
  return PLAN_STRUCTURE.test(text.slice(0, 65536));
}
