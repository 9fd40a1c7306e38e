// Quick fixes: for a finding a mechanical edit resolves, that edit, computed
// like every other edit on the text it is applied to.
import { setCurrentPhase } from './edit';
import type { Finding, Plan } from '../model';
import { planLines } from '../read/parse';
import { currentPhaseRule } from '../read/currentPhase';
import { splitRow } from '../read/table';
import { replacement, textLines, type Replacement } from './textEdit';

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly Replacement[];
}

/** `plan` is parsePlan(text). */
export function quickFix(text: string, plan: Plan, finding: Finding): QuickFix | undefined {
  switch (finding.code) {
    case 'not-a-plan':
      return { title: 'Restore the "# Beads Work Plan" heading', edits: [replacement(0, 0, 0, `# Beads Work Plan${plan.eol}`)] };
    case 'current-phase-mismatch': {
      // The number the one Current Phase rule (read/currentPhase.ts) agrees with, so the gate agrees too.
      const n = currentPhaseRule(plan.phases).fix;
      if (n === undefined) return undefined;
      const edit = setCurrentPhase(text, n, plan);
      return edit.ok ? { title: `Set Current Phase to ${n}, as the checklist says`, edits: edit.edits } : undefined;
    }
    case 'row-width':
      return padRow(planLines(plan) ?? textLines(text), finding.line);
    default:
      return undefined;
  }
}

/** A row short of its header's cells gets empty ones at its end; a row with more is left alone (which pipe is text is no mechanical choice). */
function padRow(lines: readonly string[], line: number): QuickFix | undefined {
  let header = line;
  while (header > 0 && lines[header - 1]!.trimStart().startsWith('|')) header--;
  const row = lines[line]!;
  const missing = splitRow(lines[header]!).length - splitRow(row).length;
  if (missing <= 0) return undefined;
  const end = row.trimEnd().length;
  const closed = row.trimEnd().endsWith('|');
  const cells = `${closed ? '' : ' |'}${'  |'.repeat(missing)}`;
  return { title: `Add ${missing === 1 ? 'the missing cell' : `the ${missing} missing cells`}`, edits: [replacement(line, end, end, cells)] };
}
