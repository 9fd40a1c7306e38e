// Quick fixes: for a finding a mechanical edit resolves, that edit, computed
// like every other edit on the text it is applied to.
import { setCurrentPhase } from './edit';
import type { Finding, Plan } from './model';
import { replacement, type Replacement } from './textEdit';

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
      // The checklist's phase: its first unfinished one, or its last when every phase is done.
      const n = plan.currentPhase.derived ?? plan.phases.at(-1)?.number;
      if (n === undefined) return undefined;
      const edit = setCurrentPhase(text, n, plan);
      return edit.ok ? { title: `Set Current Phase to ${n}, as the checklist says`, edits: edit.edits } : undefined;
    }
    default:
      return undefined;
  }
}
