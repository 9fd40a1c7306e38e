// Which actions sit above which lines of a plan. Pure, so the CodeLens
// provider only translates and the choice is unit-tested.
import type { Plan } from '../model';
import { phaseSummary } from '../rules/summary';
import { phaseByRole } from '../read/roles';
import { advanceable, taskAction, type TaskAction } from '../rules/guards';
import { checkGate, type GateOutside } from '../rules/gate';

export type LensAction = 'focusTree' | 'advancePhase' | 'runWorker' | 'cancelWorker' | 'recordValidation' | 'revealInTree' | 'commit' | 'reviewChanges' | 'commitBlocks';

interface LensSpec {
  readonly line: number;
  readonly title: string;
  readonly action: LensAction;
  readonly taskId?: string;
}

interface LensOptions {
  /** The plan's user-approved commit as git knows it, named on the commit phase once it is done. */
  readonly committed?: { readonly shortHash: string };
  /** Ids of the tasks whose worker is running. */
  readonly running?: ReadonlySet<string>;
  /** What the gate learns from outside the plan (the editor's git checks). */
  readonly gate?: GateOutside;
}

/** The worker lens of a task, by the rule the tree's actions follow too (guards.ts). */
const TASK_LENS: Readonly<Record<TaskAction, { readonly title: string; readonly action: LensAction }>> = {
  run: { title: '$(play) Run worker', action: 'runWorker' },
  runAgain: { title: '$(debug-restart) Run again…', action: 'runWorker' },
  cancel: { title: '$(debug-stop) Cancel worker', action: 'cancelWorker' },
};

export function planLenses(plan: Plan, opts: LensOptions = {}): LensSpec[] {
  const { committed, running, gate } = opts;
  // A damaged plan offers no action that could only refuse; it says what is wrong (the quick fix mends it).
  if (!plan.isPlan) return [{ line: 0, title: '$(warning) Not readable as a plan: the first heading "# Beads Work Plan" is missing', action: 'focusTree' }];
  const lenses: LensSpec[] = [];
  const section = (kind: string) => plan.sections.find((s) => s.kind === kind);
  const checklist = section('phaseChecklist');
  if (checklist && plan.phases.length > 0) {
    const summary = phaseSummary(plan);
    lenses.push({ line: checklist.line, title: `$(checklist) ${summary.title}`, action: 'focusTree' });
    // Only where it can work: never at the last phase nor into the commit, which only the commit moves.
    if (advanceable(plan).ok) lenses.push({ line: checklist.line, title: 'Advance phase', action: 'advancePhase' });
  }
  for (const t of plan.tasks) {
    lenses.push({ line: t.line, ...TASK_LENS[taskAction(t, running?.has(t.id) === true)], taskId: t.id });
    lenses.push({ line: t.line, title: 'Record validation', action: 'recordValidation', taskId: t.id });
    lenses.push({ line: t.line, title: 'Reveal in tree', action: 'revealInTree', taskId: t.id });
  }
  const validation = section('validation');
  if (validation) lenses.push({ line: validation.line, title: 'Record validation…', action: 'recordValidation' });
  const commit = phaseByRole(plan.phases, 'commit');
  // Wherever the commit is offered, so is the diff it would commit; where the
  // gate blocks it, one lens says so and opens the reasons instead.
  const blocks = commit?.status === 'done' ? [] : checkGate(plan, gate).blocks;
  const commitLines = [section('summary')?.line, commit?.line].filter((l): l is number => l !== undefined);
  if (commit?.status === 'done') {
    if (committed) lenses.push({ line: commit.line, title: `$(git-commit) Committed ${committed.shortHash}`, action: 'focusTree' });
  } else if (blocks.length > 0) {
    const line = commit?.line ?? commitLines[0];
    if (line !== undefined) lenses.push({ line, title: `$(circle-slash) Commit blocked: ${blocks.length} reason${blocks.length === 1 ? '' : 's'}`, action: 'commitBlocks' });
  } else
    for (const line of commitLines)
      lenses.push({ line, title: '$(git-commit) Commit (user-approved)…', action: 'commit' }, { line, title: '$(diff) Review changes', action: 'reviewChanges' });
  return lenses.sort((a, b) => a.line - b.line);
}
