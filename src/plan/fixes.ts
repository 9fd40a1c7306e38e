// Quick fixes: for a finding a mechanical edit resolves, that edit, computed
// like every other edit on the text it is applied to.
import type { Finding, Plan } from './model';
import { replacement, type Replacement } from './textEdit';

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly Replacement[];
}

export function quickFix(plan: Plan, finding: Finding): QuickFix | undefined {
  switch (finding.code) {
    case 'not-a-plan':
      return { title: 'Restore the "# Beads Work Plan" heading', edits: [replacement(0, 0, 0, `# Beads Work Plan${plan.eol}`)] };
    default:
      return undefined;
  }
}
