// Whether the plan and beads agree on each task: a task the plan marks done
// or closed must be closed in beads, and a task beads closed must not still be
// pending in the plan. Beads' side comes in as plain status words (src/beads
// reads them); what counts as closed is beads' status category `done`, so
// custom statuses follow their category, and a status nobody declared is
// never taken for closed.
import type { Finding, Plan, Task } from '../model';

/** One task's issue as beads has it. */
export interface BeadsTaskState {
  readonly id: string;
  /** As beads wrote it (`open`, `deferred`, `in_review`, …). */
  readonly status: string;
}

export interface Disagreement {
  readonly task: Task;
  /** The beads issue's id. */
  readonly issueId: string;
  readonly beadsStatus: string;
  /** `done`: the plan says done and beads does not; `open`: beads closed it and the plan does not. */
  readonly planSays: 'done' | 'open';
  readonly finding: Finding;
}

export const BEADS_STILL_OPEN = 'beads-still-open';
export const BEADS_ALREADY_CLOSED = 'beads-already-closed';

/** The issue beads holds for a task: its full id, its id as written, or a full id ending in the short one (`3b6.1`). */
export function issueOfTask<T extends BeadsTaskState>(task: Task, issues: ReadonlyMap<string, T>): T | undefined {
  const exact = issues.get(task.fullId) ?? issues.get(task.id);
  if (exact) return exact;
  for (const [id, issue] of issues) if (id.endsWith(`-${task.id}`)) return issue;
  return undefined;
}

/** The ids to ask beads about: each task's full id once. */
export function taskIssueIds(plan: Plan): string[] {
  return [...new Set(plan.tasks.map((t) => t.fullId).filter((id) => id !== ''))];
}

const PLAN_DONE = new Set(['done', 'closed']);
const PLAN_OPEN = new Set(['pending', 'in_progress', 'failed', 'blocked']);

/** Every task whose plan status and beads status disagree. `closedStatuses` are beads' statuses of category done. */
export function disagreements(plan: Plan, issues: ReadonlyMap<string, BeadsTaskState>, closedStatuses: ReadonlySet<string>): Disagreement[] {
  const found: Disagreement[] = [];
  for (const task of plan.tasks) {
    const issue = issueOfTask(task, issues);
    if (!issue) continue;
    const closed = closedStatuses.has(issue.status);
    if (PLAN_DONE.has(task.status) && !closed)
      found.push({
        task,
        issueId: issue.id,
        beadsStatus: issue.status,
        planSays: 'done',
        finding: {
          severity: 'warning',
          code: BEADS_STILL_OPEN,
          line: task.line,
          message: `Task ${task.id} is ${task.status} in the plan but ${issue.status} in beads (${issue.id})`,
        },
      });
    else if (PLAN_OPEN.has(task.status) && closed)
      found.push({
        task,
        issueId: issue.id,
        beadsStatus: issue.status,
        planSays: 'open',
        finding: {
          severity: 'info',
          code: BEADS_ALREADY_CLOSED,
          line: task.line,
          message: `Task ${task.id} is ${task.status.replace('_', ' ')} in the plan but ${issue.status} in beads (${issue.id})`,
        },
      });
  }
  return found;
}

/** Which of `ids` no plan names: an id counts as named where it stands alone in a plan's text (not as the start of `id.4`). */
export function unnamedIds(ids: readonly string[], planTexts: readonly string[]): string[] {
  return ids.filter((id) => {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const named = new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`);
    return !planTexts.some((text) => named.test(text));
  });
}
