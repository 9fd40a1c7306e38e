// Where new lines go in a plan, and how they are spaced, so that an insertion
// reads as if the orchestrator had written it: blank lines around blocks,
// missing sections in their canonical place, `---` rules and `## N.` numbers
// as the plan already uses them.
import type { Plan, Section, SectionKind } from '../model';
import { parsePlan, planLines } from '../read/parse';
import { replacement, textLines, type Replacement } from './textEdit';

/** A plan's text, its model and its lines, read once per edit. */
export interface Doc {
  readonly plan: Plan;
  readonly lines: readonly string[];
  readonly eol: string;
}

export function readDoc(text: string, plan: Plan = parsePlan(text)): Doc {
  return { plan, lines: planLines(plan) ?? textLines(text), eol: plan.eol };
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;

/** Blank lines to keep between an inserted block and non-blank neighbours. */
interface Spacing {
  readonly above: boolean;
  readonly below: boolean;
}

export const TIGHT: Spacing = { above: false, below: false };
export const PARAGRAPH: Spacing = { above: true, below: true };

/**
 * Inserts `block` after line `line`, separated by a blank line from a
 * non-blank neighbour where `spacing` asks (a `---` right under a paragraph
 * would turn it into a heading).
 */
export function insertAfter(doc: Doc, line: number, block: readonly string[], spacing: Spacing): Replacement {
  const above = spacing.above && !isBlank(doc.lines[line]) ? [''] : [];
  const below = spacing.below && line + 1 < doc.lines.length && !isBlank(doc.lines[line + 1]) ? [''] : [];
  const text = [...above, ...block, ...below].map((l) => doc.eol + l).join('');
  const at = doc.lines[line]?.length ?? 0;
  return replacement(line, at, at, text);
}

/**
 * The character range of the value in a `Label: value` line, decoration
 * excluded: `**Current Phase: 9 (WAITING)**`, `**Status:** done`, `phase: x`.
 */
export function labelledValue(line: string, label: string): { start: number; end: number } | undefined {
  const m = labelPattern(label).exec(line);
  if (!m) return undefined;
  const marker = m[1];
  let start = m[0].length;
  // `**Status:** done`: the marker closes right after the colon.
  const closedEarly = marker !== undefined && line.startsWith(marker, start);
  if (closedEarly) start = line.length - line.slice(start + marker.length).trimStart().length;
  const value = line.slice(start).trimEnd();
  const closed = marker !== undefined && !closedEarly && value.endsWith(marker);
  return { start, end: start + (closed ? value.slice(0, -marker.length).trimEnd() : value).length };
}

const labelPatterns = new Map<string, RegExp>();

/**
 * `label:` after an optional opening marker, up to the value. The value and
 * its closing marker are found by hand: a pattern with optional parts between
 * `\s*`s backtracked quadratically over long runs of spaces.
 */
function labelPattern(label: string): RegExp {
  let pattern = labelPatterns.get(label);
  if (!pattern) {
    pattern = new RegExp(`^\\s*(?:(\\*\\*|__|\\*|_)\\s*)?${label.split(' ').join('\\s+')}\\s*:\\s*`, 'i');
    labelPatterns.set(label, pattern);
  }
  return pattern;
}

export const SECTION_TITLES: Readonly<Record<SectionKind, string>> = {
  phaseChecklist: 'Phase Checklist',
  currentPhase: 'Current Phase',
  targetTasks: 'Target Tasks',
  discovery: 'Discovery Results',
  tasks: 'Tasks',
  tasksCompleted: 'Tasks Completed',
  conflictMatrix: 'Conflict Matrix',
  executionLog: 'Execution Log',
  validation: 'Worker Validation',
  review: 'Review Results',
  closedTasks: 'Closed Tasks',
  discoveredIssues: 'Discovered Issues',
  finalVerification: 'Final Verification',
  summary: 'Summary',
  other: 'Notes',
};

/** The section of that kind, a top-level one first (`## 2. Tasks` rather than a `### Tasks` inside Discovery). */
export function findSection(plan: Plan, kind: SectionKind): Section | undefined {
  return plan.sections.find((s) => s.kind === kind && s.level <= 2) ?? plan.sections.find((s) => s.kind === kind);
}

/** The plans' section order; a missing section is created before the first one that follows it. */
const CANONICAL: readonly SectionKind[] = [
  'phaseChecklist',
  'currentPhase',
  'targetTasks',
  'discovery',
  'tasks',
  'conflictMatrix',
  'executionLog',
  'validation',
  'review',
  'closedTasks',
  'discoveredIssues',
  'finalVerification',
  'summary',
];

function topSections(plan: Plan): Section[] {
  return plan.sections.filter((s) => s.level <= 2);
}

/** Whether the section heading on `line` is preceded (across blank lines) by a `---` rule. */
function ruleBefore(lines: readonly string[], line: number): boolean {
  let l = line - 1;
  while (l >= 0 && isBlank(lines[l])) l--;
  return l >= 0 && RULE.test(lines[l]!);
}

/** `## 3. Execution Log` when the plan numbers its sections (after the last number before it), else `## Execution Log`. */
function headingFor(doc: Doc, title: string, before: number): string {
  const numbered = topSections(doc.plan).filter((s) => s.number !== undefined);
  if (numbered.length === 0) return `## ${title}`;
  const previous = numbered.filter((s) => s.line < before).at(-1);
  const n = (previous?.number ?? 0) + 1;
  const m = /^(#{2}\s+)\d+([.):]?\s+)/.exec(doc.lines[numbered[0]!.line] ?? '');
  return m ? `${m[1]}${n}${m[2]}${title}` : `## ${n}. ${title}`;
}

/** A new section of `kind` holding `body`, placed canonically. */
export function insertSection(doc: Doc, kind: SectionKind, body: readonly string[]): Replacement {
  const title = SECTION_TITLES[kind];
  const rank = CANONICAL.indexOf(kind);
  const tops = topSections(doc.plan);
  const next = tops.find((s) => CANONICAL.indexOf(s.kind) > rank);
  if (next) {
    const rule = ruleBefore(doc.lines, next.line) ? ['---', ''] : [];
    const above = isBlank(doc.lines[next.line - 1]) ? [] : [''];
    const block = [...above, headingFor(doc, title, next.line), ...body, '', ...rule];
    return replacement(next.line, 0, 0, block.map((l) => l + doc.eol).join(''));
  }
  let last = doc.lines.length - 1;
  while (last > 0 && isBlank(doc.lines[last])) last--;
  const ruled = tops.some((s) => ruleBefore(doc.lines, s.line)) && !RULE.test(doc.lines[last] ?? '');
  const rule = ruled ? ['', '---'] : [];
  const block = [...rule, '', headingFor(doc, title, Infinity), ...body];
  const at = doc.lines[last]?.length ?? 0;
  return replacement(last, at, at, block.map((l) => doc.eol + l).join(''));
}

/**
 * The last line of a section's own content (before its first subsection),
 * skipping trailing blanks and `---` rules; the heading when it has none.
 */
export function contentEnd(doc: Doc, section: Section): number {
  const following = doc.plan.sections.find((s) => s.line > section.line);
  let l = Math.min(section.endLine, following?.line ?? Infinity) - 1;
  while (l > section.line && (isBlank(doc.lines[l]) || RULE.test(doc.lines[l]!))) l--;
  return l;
}
