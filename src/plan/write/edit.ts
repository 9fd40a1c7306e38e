// The exact-edit engine. Every change the extension or the CLI makes to a
// plan is computed here as replacements against the current text: each
// function parses the text and finds its target by identity (task id, phase
// number, section kind), never by a remembered line, and leaves everything
// outside the replaced ranges byte for byte as it was. The optional last
// `plan` argument is parsePlan(text) when the caller already has it.
import type { LogEntry, Plan, SectionKind, Status, Table, TableRow } from '../model';
import { parsePlan } from '../read/parse';
import { findTask, resolveId } from '../read/taskIds';
import { formatStatus, parseYesNo, stripDecoration } from '../read/status';
import { headerKey } from '../read/table';
import { cellEdit, cellValue, columnWidths, formatRow, formatTable, isAligned, statusStyle } from './tableEdit';
import { applyEdits, diffEdits, replacement, type Replacement } from './textEdit';
import {
  PARAGRAPH,
  SECTION_TITLES,
  TIGHT,
  contentEnd,
  findSection,
  insertAfter,
  insertSection,
  labelledValue,
  readDoc,
  type Doc,
} from './layout';
import { formatTimestamp } from '../formats/timestamp';
import { hiddenBy } from '../read/hidden';
import { PHASE, REVIEW, TASK, VALIDATION, type Locate } from '../read/columns';
import { advanceable } from '../rules/guards';
import { phaseAdvancedLine, phaseSetLine } from '../formats/planLog';

export { applyEdits, type Position, type Range, type Replacement } from './textEdit';

/** On failure, `line` is 0-based like the model; the reason names it 1-based, as editors show it. */
export type EditResult = { ok: true; edits: Replacement[]; summary: string } | { ok: false; reason: string; line?: number };

/** One edit of a text, for `combine`. */
export type EditStep = (text: string) => EditResult;

function fail(reason: string, line?: number): EditResult {
  return line === undefined ? { ok: false, reason } : { ok: false, reason: `line ${line + 1}: ${reason}`, line };
}

/**
 * Success, leaving out single-line replacements that would write what is
 * already there; refused when the parser would not see the result.
 */
function done(doc: Doc, edits: readonly Replacement[], summary: string): EditResult {
  const changes = edits.filter(
    ({ range: { start, end }, newText }) =>
      start.line !== end.line || doc.lines[start.line]?.slice(start.character, end.character) !== newText,
  );
  const hidden = hiddenBy(doc.plan, changes);
  if (hidden) return { ok: false, reason: hidden.message, line: hidden.line };
  return { ok: true, edits: changes, summary };
}

/** A value for one column. An `optional` one is dropped when the table has no such column. */
interface Field {
  readonly label: string;
  readonly locate: Locate;
  readonly value: string;
  readonly optional?: boolean;
}

function describeFields(fields: readonly Field[]): string {
  return fields.map((f) => `${f.label} → ${cellValue(f.value) || '(empty)'}`).join(', ');
}

/** Rewrites cells of an existing row; refuses a missing column or a row too short to hold it. */
function writeRow(doc: Doc, name: string, table: Table, row: TableRow, what: string, fields: readonly Field[]): EditResult {
  const located = fields.map((f) => ({ ...f, column: f.locate(table.keys) }));
  const missing = located.find((f) => f.column < 0);
  if (missing) return fail(`the ${name} table has no ${missing.label} column`, table.line);
  const widest = Math.max(...located.map((f) => f.column));
  if (row.cells.length <= widest)
    return fail(`the ${name} row for ${what} has ${row.cells.length} cells, the header has ${table.headers.length}`, row.line);
  const aligned = isAligned(table, doc.lines);
  const line = doc.lines[row.line] ?? '';
  const edits = located.map((f) => cellEdit(line, row.line, row.cells[f.column]!, f.value, aligned));
  return done(doc, edits, `${what}: ${describeFields(fields)}`);
}

type RowTable = 'tasks' | 'validation' | 'review';

/** The headers a missing table is created with. */
const NEW_TABLES: Readonly<Record<RowTable, readonly string[]>> = {
  tasks: ['ID', 'Title', 'Epic', 'Status', 'Worker', 'Files', 'Respawns'],
  validation: ['Task', 'Tests Run', 'Tests Passed', 'Mypy Passed', 'Valid'],
  review: ['Epic', 'Reviewer', 'Status', 'Warnings', 'Respawns'],
};

/**
 * Appends a row after the table's last row, in its layout; without a table,
 * creates one at the end of the section's own text, or the section itself in
 * its canonical place.
 */
function addRow(doc: Doc, kind: RowTable, table: Table | undefined, fields: readonly Field[], summary: string): EditResult {
  const headers = NEW_TABLES[kind];
  const keys = table ? table.keys : headers.map(headerKey);
  const located = fields.map((f) => ({ ...f, column: f.locate(keys) })).filter((f) => f.column >= 0 || !f.optional);
  const missing = located.find((f) => f.column < 0);
  if (missing) return fail(`the ${SECTION_TITLES[kind]} table has no ${missing.label} column`, table?.line);
  const values = keys.map((_, k) => located.find((f) => f.column === k)?.value ?? '');
  if (table) {
    const widths = isAligned(table, doc.lines) ? columnWidths(table, doc.lines) : undefined;
    return done(doc, [insertAfter(doc, table.endLine - 1, [formatRow(values, widths)], TIGHT)], summary);
  }
  const lines = formatTable(headers, [values]);
  const section = findSection(doc.plan, kind);
  const edit = section ? insertAfter(doc, contentEnd(doc, section), lines, PARAGRAPH) : insertSection(doc, kind, ['', ...lines]);
  return done(doc, [edit], summary);
}

export interface TaskCells {
  readonly status?: Status;
  /** Written as is instead of `status` in the plan's style, for words with a reason (`⏹ cancelled`). */
  readonly statusText?: string;
  readonly worker?: string;
  /** A count, or `'+1'` for one more than the cell says. */
  readonly respawns?: number | '+1';
}

/** Sets cells of a task's row in the Tasks table; the status in the plan's own style. */
export function setTaskCells(text: string, taskRef: string, cells: TaskCells, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const table = doc.plan.taskTable;
  const task = findTask(doc.plan.tasks, taskRef);
  if (!table || !task) return fail(`no task ${taskRef} in the Tasks table`, table?.line);
  const style = statusStyle(doc.plan, doc.plan.tasks.map((t) => t.statusText));
  const { status, statusText, worker, respawns } = cells;
  const word = statusText ?? (status !== undefined ? formatStatus(status, style) : undefined);
  const fields: Field[] = [
    ...(word !== undefined ? [{ label: 'Status', locate: TASK.status, value: word }] : []),
    ...(worker !== undefined ? [{ label: 'Worker', locate: TASK.worker, value: worker }] : []),
    ...(respawns !== undefined
      ? [{ label: 'Respawns', locate: TASK.respawns, value: String(respawns === '+1' ? (task.respawns ?? 0) + 1 : respawns) }]
      : []),
  ];
  return writeRow(doc, 'Tasks', table, task.row, task.id, fields);
}

interface PhaseCells {
  readonly status?: Status;
  readonly notes?: string;
}

/** Sets a phase's Status and/or Notes in the Phase Checklist. */
export function setPhase(text: string, phaseNumber: number, cells: PhaseCells, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const table = doc.plan.phaseTable;
  if (!table) return fail('the plan has no Phase Checklist');
  const phase = doc.plan.phases.find((p) => p.number === phaseNumber);
  if (!phase) return fail(`the Phase Checklist has no phase ${phaseNumber}`, table.line);
  const style = statusStyle(doc.plan, doc.plan.phases.map((p) => p.statusText));
  const fields: Field[] = [
    ...(cells.status !== undefined ? [{ label: 'Status', locate: PHASE.status, value: formatStatus(cells.status, style) }] : []),
    ...(cells.notes !== undefined ? [{ label: 'Notes', locate: PHASE.notes, value: cells.notes }] : []),
  ];
  return writeRow(doc, 'Phase Checklist', table, phase.row, `Phase ${phase.number} (${phase.name})`, fields);
}

/**
 * Every line that states the current phase, with its label: the one
 * parsePlan read, `Current Phase:` lines of the checklist section, and
 * `phase:` in a `## Current Phase` section.
 */
function currentPhaseLines(doc: Doc): Array<{ line: number; label: string }> {
  const found = new Map<number, string>();
  for (const section of doc.plan.sections) {
    const label = section.kind === 'phaseChecklist' ? 'current phase' : section.kind === 'currentPhase' ? 'phase' : undefined;
    if (label === undefined) continue;
    for (let l = section.line + 1; l < section.endLine; l++) if (labelledValue(doc.lines[l] ?? '', label)) found.set(l, label);
  }
  const written = doc.plan.currentPhase.written;
  if (written) found.set(written.line, labelledValue(doc.lines[written.line] ?? '', 'current phase') ? 'current phase' : 'phase');
  return [...found].map(([line, label]) => ({ line, label }));
}

/**
 * Writes `n` as the current phase, keeping each line's decoration and
 * dropping stale words (`**Current Phase: 9 (WAITING)**` → `**Current Phase: 10**`);
 * without such a line, adds one after the Phase Checklist table.
 */
export function setCurrentPhase(text: string, n: number, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const edits: Replacement[] = [];
  for (const { line, label } of currentPhaseLines(doc)) {
    const value = labelledValue(doc.lines[line] ?? '', label);
    if (value) edits.push(replacement(line, value.start, value.end, String(n)));
  }
  if (edits.length === 0) {
    const table = doc.plan.phaseTable;
    if (!table) return fail('the plan has no Phase Checklist and no Current Phase line');
    edits.push(insertAfter(doc, table.endLine - 1, [`**Current Phase: ${n}**`], PARAGRAPH));
  }
  return done(doc, edits, `Current Phase → ${n}`);
}

/** Sets a section's `Status:` value, adding the line right under the heading when it has none. */
export function setSectionStatus(text: string, kind: SectionKind, status: Status, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const section = findSection(doc.plan, kind);
  if (!section) return fail(`the plan has no ${SECTION_TITLES[kind]} section`);
  const style = statusStyle(doc.plan, doc.plan.sections.flatMap((s) => (s.status ? [s.status.text] : [])));
  const value = formatStatus(status, style);
  const summary = `${section.title}: Status → ${value}`;
  const line = section.status?.line;
  const at = line === undefined ? undefined : labelledValue(doc.lines[line] ?? '', 'status');
  if (line !== undefined && at) return done(doc, [replacement(line, at.start, at.end, value)], summary);
  return done(doc, [insertAfter(doc, section.line, [`Status: ${value}`], { above: false, below: true })], summary);
}

/** The last line of the list item starting on `line`: its indented or lazy continuation lines. */
function itemEnd(lines: readonly string[], line: number): number {
  const continues = (l: string | undefined): boolean =>
    l !== undefined && l.trim() !== '' && (/^\s/.test(l) || !/^(?:#|[-*+]\s|\d+[.)]\s|\||```|~~~|---|\*\*\*|___)/.test(l));
  let end = line;
  while (continues(lines[end + 1])) end++;
  return end;
}

/** A log line shaped like `sample`'s (bullet, bold, separator), or `- <timestamp>: <message>`. */
function logLine(doc: Doc, sample: LogEntry | undefined, timestamp: string, message: string): string {
  const raw = sample ? (doc.lines[sample.line] ?? '') : '';
  const at = sample ? raw.indexOf(sample.timestamp) : -1;
  const textAt = sample && sample.text !== '' && at >= 0 ? raw.indexOf(sample.text, at + sample.timestamp.length) : -1;
  if (!sample || textAt < 0) return `- ${timestamp}: ${message}`.trimEnd();
  return (raw.slice(0, at) + timestamp + raw.slice(at + sample.timestamp.length, textAt) + message).trimEnd();
}

/**
 * Appends `- <timestamp>: <message>` after the last Execution Log entry, the
 * timestamp in the log's own style; creates the section when it is missing.
 */
export function appendLog(text: string, message: string, now: Date, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const { log } = doc.plan;
  const sample = [...log].reverse().find((e) => e.timestamp !== '');
  const entry = logLine(doc, sample, formatTimestamp(now, sample?.timestamp), message.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').trim());
  const summary = `Execution Log: ${entry.replace(/^\s*[-*+]\s+/, '')}`;
  const last = log.at(-1);
  if (last) return done(doc, [insertAfter(doc, itemEnd(doc.lines, last.line), [entry], TIGHT)], summary);
  const section = findSection(doc.plan, 'executionLog');
  if (!section) return done(doc, [insertSection(doc, 'executionLog', [entry])], summary);
  return done(doc, [insertAfter(doc, section.status?.line ?? section.line, [entry], { above: false, below: true })], summary);
}

export interface ValidationCells {
  readonly testsRun?: string;
  readonly testsPassed?: string;
  /** The Mypy / Types / Typecheck Passed column, found by its header. */
  readonly typesPassed?: string;
  readonly valid?: boolean;
}

/** `✅`/`❌`, `yes`/`no` or `✓`/`✗`, as the Valid column already writes it. */
function yesNo(value: boolean, samples: readonly string[]): string {
  const sample = samples.map(stripDecoration).find((s) => parseYesNo(s) !== undefined) ?? '';
  if (/^(?:yes|no)\b/i.test(sample)) return value ? 'yes' : 'no';
  if (/^[✓✗]/.test(sample)) return value ? '✓' : '✗';
  return value ? '✅' : '❌';
}

/**
 * Updates the given cells of a task's Worker Validation row, or adds the row
 * (creating the table and section when missing).
 */
export function upsertValidation(text: string, taskRef: string, cells: ValidationCells, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const { validation, validationTable } = doc.plan;
  const task = findTask(doc.plan.tasks, taskRef);
  const row = task
    ? validation.find((v) => v.taskId === task.id)
    : validation.find((v) => resolveId(taskRef, [v.task]) !== undefined);
  const name = task?.id ?? row?.task;
  if (name === undefined) return fail(`no task ${taskRef} in the Tasks table`);
  const { testsRun, testsPassed, typesPassed, valid } = cells;
  const fields: Field[] = [
    ...(testsRun !== undefined ? [{ label: 'Tests Run', locate: VALIDATION.run, value: testsRun }] : []),
    ...(testsPassed !== undefined ? [{ label: 'Tests Passed', locate: VALIDATION.passed, value: testsPassed }] : []),
    ...(typesPassed !== undefined ? [{ label: 'Mypy Passed', locate: VALIDATION.types, value: typesPassed }] : []),
    ...(valid !== undefined
      ? [{ label: 'Valid', locate: VALIDATION.valid, value: yesNo(valid, validation.map((v) => v.validText)) }]
      : []),
  ];
  if (row && validationTable) return writeRow(doc, 'Worker Validation', validationTable, row.row, name, fields);
  const added = [{ label: 'Task', locate: VALIDATION.task, value: name }, ...fields];
  return addRow(doc, 'validation', validationTable, added, `Worker Validation: added ${name} (${describeFields(fields)})`);
}

interface NewTask {
  readonly id: string;
  readonly title: string;
  readonly epic?: string;
  /** Pending when not given. */
  readonly status?: Status;
  readonly worker?: string;
  readonly files?: readonly string[];
  readonly respawns?: number;
}

/** Adds a row to the Tasks table (creating it when missing); refuses an id already there. */
export function addTask(text: string, task: NewTask, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const existing = findTask(doc.plan.tasks, task.id);
  if (existing) return fail(`task ${task.id} is already in the Tasks table`, existing.line);
  const status = formatStatus(task.status ?? 'pending', statusStyle(doc.plan, doc.plan.tasks.map((t) => t.statusText)));
  const given = (label: string, locate: Locate, value: string | undefined, none: string): Field =>
    value === undefined ? { label, locate, value: none, optional: true } : { label, locate, value };
  const fields: Field[] = [
    { label: 'ID', locate: TASK.id, value: task.id },
    { label: 'Title', locate: TASK.title, value: task.title },
    given('Epic', TASK.epic, task.epic, '-'),
    { label: 'Status', locate: TASK.status, value: status },
    given('Worker', TASK.worker, task.worker, '-'),
    given('Files', TASK.files, task.files?.join(', '), '-'),
    given('Respawns', TASK.respawns, task.respawns?.toString(), '0'),
  ];
  return addRow(doc, 'tasks', doc.plan.taskTable, fields, `Tasks: added ${task.id} (${status})`);
}

interface NewReview {
  readonly epic: string;
  readonly reviewer: string;
  readonly status: Status;
  readonly warnings?: string;
  readonly respawns?: number;
}

/** Adds a row to the Review Results table (creating it when missing). */
export function addReview(text: string, review: NewReview, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const status = formatStatus(review.status, statusStyle(doc.plan, doc.plan.review.map((r) => r.statusText)));
  const fields: Field[] = [
    { label: 'Epic', locate: REVIEW.epic, value: review.epic },
    { label: 'Reviewer', locate: REVIEW.reviewer, value: review.reviewer },
    { label: 'Status', locate: REVIEW.status, value: status },
    { label: 'Warnings', locate: REVIEW.warnings, value: review.warnings ?? '0', optional: review.warnings === undefined },
    { label: 'Respawns', locate: REVIEW.respawns, value: String(review.respawns ?? 0), optional: review.respawns === undefined },
  ];
  return addRow(doc, 'review', doc.plan.reviewTable, fields, `Review Results: added ${review.epic} by ${review.reviewer} (${status})`);
}

/**
 * Checks or unchecks a Final Verification item, named by its 0-based index or
 * its text (exact, else the one item containing it, case ignored).
 */
export function setChecklistItem(text: string, item: number | string, checked: boolean, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const items = doc.plan.checklist;
  const wanted = typeof item === 'string' ? item.trim().toLowerCase() : '';
  const matches =
    typeof item === 'number'
      ? items.filter((_, k) => k === item)
      : [items.filter((i) => i.text.trim() === item.trim()), items.filter((i) => i.text.toLowerCase().includes(wanted))].find(
          (m) => m.length > 0,
        ) ?? [];
  if (matches.length !== 1)
    return fail(matches.length === 0 ? `no checklist item ${JSON.stringify(item)}` : `${matches.length} checklist items match ${JSON.stringify(item)}`);
  const target = matches[0]!;
  const summary = `Checklist: [${checked ? 'x' : ' '}] ${target.text}`;
  if (target.checked === checked) return done(doc, [], summary);
  const box = /^(\s*(?:[-*+]|\d+[.)])\s+\[)[ x]\]/i.exec(doc.lines[target.line] ?? '');
  if (!box) return fail('the checklist item is not a "- [ ]" line', target.line);
  const at = box[1]!.length;
  return done(doc, [replacement(target.line, at, at + 1, checked ? 'x' : ' ')], summary);
}

/** A phase's status (and notes) plus a log line saying so: what Set Phase Status does, in the editor and the CLI alike. */
export function setPhaseStatus(text: string, phaseNumber: number, cells: PhaseCells & { readonly status: Status }, now: Date): EditResult {
  const row = setPhase(text, phaseNumber, cells);
  if (!row.ok || row.edits.length === 0) return row;
  const phase = parsePlan(text).phases.find((p) => p.number === phaseNumber);
  const message = phaseSetLine({ number: phaseNumber, ...(phase ? { name: phase.name } : {}) }, cells.status);
  const result = combine(
    text,
    (t) => setPhase(t, phaseNumber, cells),
    (t) => appendLog(t, message, now),
  );
  return result.ok ? { ...result, summary: message } : result;
}

/**
 * Applies steps one after another, each to the previous one's result, and
 * returns the whole change as one list of non-overlapping replacements. The
 * first failing step's result is returned as is (its line is in the text that step saw).
 */
export function combine(text: string, ...steps: readonly EditStep[]): EditResult {
  let current = text;
  const summaries: string[] = [];
  for (const step of steps) {
    const result = step(current);
    if (!result.ok) return result;
    current = applyEdits(current, result.edits);
    summaries.push(result.summary);
  }
  return { ok: true, edits: diffEdits(text, current), summary: summaries.join('; ') };
}

/**
 * Marks the current phase (the checklist's first unfinished one) done and
 * the next unfinished one in progress, moves the Current Phase line and logs
 * it. Refused without a checklist, and when a phase named as the commit
 * would move: only the commit, through the gate, does that.
 */
export function advancePhase(text: string, now: Date, plan?: Plan): EditResult {
  const doc = readDoc(text, plan);
  const advance = advanceable(doc.plan);
  if (!advance.ok) return fail(advance.reason, advance.line);
  const { current, next } = advance;
  const message = phaseAdvancedLine(current, next);
  // The next phase goes first: the current one's `in_progress` is the sample that tells the style.
  const steps: EditStep[] = [
    ...(next
      ? [(t: string) => setPhase(t, next.number, { status: 'in_progress' }), (t: string) => setCurrentPhase(t, next.number)]
      : []),
    (t: string) => setPhase(t, current.number, { status: 'done' }),
    (t: string) => appendLog(t, message, now),
  ];
  const result = combine(text, ...steps);
  return result.ok ? { ...result, summary: message } : result;
}
