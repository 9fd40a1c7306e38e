// A beads issue in words, for a task's tooltip: status, priority, type,
// parent, the description's first lines, the acceptance criteria and the
// dependencies with their statuses. Plain text: the view escapes it.
import type { BeadsIssue } from './shapes';

const DESCRIPTION_LINES = 4;
const ACCEPTANCE_LINES = 8;

function firstLines(text: string, count: number): string[] {
  const lines = text.trim().split(/\r?\n/);
  return lines.length > count ? [...lines.slice(0, count), '…'] : lines;
}

/** `P1`: beads' own way to write a priority (0 is critical). */
export const priorityText = (p: number | undefined): string => (p === undefined ? 'P?' : `P${p}`);

/** `open · P1 · task · parent django-litefs-8oi`. */
export function issueHeadline(issue: BeadsIssue): string {
  return [issue.status, priorityText(issue.priority), issue.type, issue.parent && `parent ${issue.parent}`].filter(Boolean).join(' · ');
}

/** Sections of the tooltip: a title line, then blocks of lines. */
export function describeIssue(issue: BeadsIssue): { title: string; blocks: { heading?: string; lines: string[] }[] } {
  const blocks: { heading?: string; lines: string[] }[] = [{ lines: [issueHeadline(issue)] }];
  if (issue.description.trim()) blocks.push({ heading: 'Description', lines: firstLines(issue.description, DESCRIPTION_LINES) });
  if (issue.acceptance.trim()) blocks.push({ heading: 'Acceptance criteria', lines: firstLines(issue.acceptance, ACCEPTANCE_LINES) });
  const deps = issue.dependencies.filter((d) => d.type !== 'parent-child');
  if (deps.length > 0) blocks.push({ heading: 'Depends on', lines: deps.map((d) => `${d.id} (${d.status || 'status unknown'}${d.type && d.type !== 'blocks' ? `, ${d.type}` : ''})${d.title ? ` ${d.title}` : ''}`) });
  else if (issue.dependencyCount) blocks.push({ heading: 'Depends on', lines: [`${issue.dependencyCount} issue${issue.dependencyCount === 1 ? '' : 's'}`] });
  if (issue.closeReason) blocks.push({ heading: 'Closed', lines: [issue.closeReason] });
  return { title: `beads ${issue.id}: ${issue.title}`, blocks };
}
