// What the plan says about one task, for a worker's prompt: its row in the
// Tasks table, its Task Details (description, acceptance criteria, predicted
// files…) and the dependency context, in the plan's own words. A worker then
// has its task even where `bd` is not installed.
//
// Plans write these sections in many shapes (a yaml block, bullets, one `####`
// heading per task), so the brief quotes them rather than reading fields out.
import type { Plan, Section, Task } from '../model';

interface TaskBrief {
  /** The Tasks table's header and the task's row, as written. */
  readonly row: string;
  /** The Discovery Results subsections about this task, headings included. */
  readonly details: string;
  /** The Dependency Context sections, whole: what the task builds on. */
  readonly dependencyContext: string;
}

/** Each quoted part is cut here: the prompt is one command-line argument, and the plan stays the full source. */
export const MAX_PART_CHARS = 6000;

/** Subsections that describe a task (`### Task Details`, `### Acceptance Criteria`, `### Files to Modify`, …). */
const DETAILS = /^(?:task (?:details|context)|description|acceptance(?: criteria)?|(?:predicted |planned )?files(?: (?:to modify|affected))?|location)\b/i;
const DEPENDENCY = /\bdependency context\b/i;

function names(text: string, ids: readonly string[]): boolean {
  return ids.some((id) => new RegExp(`(^|[^\\w.-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-]|\\.\\w)`).test(text));
}

function quote(lines: readonly string[], s: Section): string {
  const body = lines.slice(s.line, s.endLine);
  while (body.length > 0 && /^(?:-{3,}|\*{3,})?$/.test(body.at(-1)!.trim())) body.pop();
  return body.join('\n');
}

function cut(text: string): string {
  return text.length > MAX_PART_CHARS ? `${text.slice(0, MAX_PART_CHARS).trimEnd()}\n… (cut here; the rest is in the plan)` : text;
}

/** The subsections of `parent`: the sections of a deeper level between its heading and its end. */
function children(plan: Plan, parent: Section): Section[] {
  return plan.sections.filter((s) => s.line > parent.line && s.endLine <= parent.endLine && s.level === parent.level + 1);
}

/**
 * The brief of `task` in `plan` (parsed from `text`). A Task Details section
 * with one `####` heading per task gives this task's heading only; a section
 * that names another task of the plan and not this one is left out.
 */
export function taskBrief(text: string, plan: Plan, task: Task): TaskBrief {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const own = [...new Set([task.id, task.fullId])];
  const others = plan.tasks.filter((t) => t !== task).flatMap((t) => [t.id, t.fullId]);
  const aboutThis = (quoted: string) => names(quoted, own) || !names(quoted, others);
  const discovery = plan.sections.find((s) => s.kind === 'discovery');
  const details: string[] = [];
  for (const s of discovery ? children(plan, discovery) : []) {
    if (!DETAILS.test(s.title)) continue;
    const perTask = children(plan, s).filter((c) => names(c.title, [...own, ...others]));
    if (perTask.length > 0) details.push(...perTask.filter((c) => names(c.title, own)).map((c) => quote(lines, c)));
    else if (aboutThis(quote(lines, s))) details.push(quote(lines, s));
  }
  const dependencyContext = plan.sections.filter((s) => DEPENDENCY.test(s.title)).map((s) => quote(lines, s));
  const table = plan.taskTable;
  const row = table ? [table.header.line, table.header.line + 1, task.line].map((l) => lines[l] ?? '').join('\n') : '';
  return { row, details: cut(details.join('\n\n')), dependencyContext: cut(dependencyContext.join('\n\n')) };
}

/** The brief as prompt text (the `${taskDetails}` placeholder). */
export function renderTaskBrief(brief: TaskBrief): string {
  return [
    brief.row && `Its row in the plan's Tasks table:\n${brief.row}`,
    brief.details || 'The plan gives no Task Details for it.',
    brief.dependencyContext,
  ]
    .filter(Boolean)
    .join('\n\n');
}
