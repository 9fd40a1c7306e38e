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
