// The gate before the commit phase ("User-Approved Commit"): what must hold
// before anyone commits the plan's work. It has three answers and is closed by
// construction: it passes only when every cell it reads is a clean done
// (read/cell.ts); what is plainly not done, or cannot be read whole, blocks;
// everything else is a doubt, which the user sees, quoted with its line, and
// must confirm on its own. It reads every table of the plan, at any depth.
// The extension, `beads-plan gate` and the CLI's commit-phase edits all ask here.
import type { Finding, Phase, Plan, Status, Table, TableRow, Task, ValidationRow } from '../model';
import { judgeCell, normalizeCell, statedFailure, type CellVerdict } from '../read/cell';
import { allTables } from '../read/allTables';
import { byNumber, currentPhaseRule, judgeWritten } from '../read/currentPhase';
import { planLines } from '../read/parse';
import { taskFinder } from '../read/taskIds';
import { roleOf, phaseByRole } from '../read/roles';
import { cellText, isNone } from '../read/table';
import { TASK, VALIDATION, col } from '../read/columns';
import { formatStatus, isFinished, readStatus, readYesNo } from '../read/status';

export interface GateEntry {
  /** Stable id, e.g. `phase-unfinished`, `task-pending`; the README lists them. */
  readonly code: string;
  readonly message: string;
  /** 0-based, like the model. */
  readonly line: number;
}

export type GateVerdict = 'pass' | 'doubt' | 'block';

export interface GateResult {
  /** pass: every cell read is a clean done; doubt: nothing blocks, but the user must confirm each doubt; block: it may not proceed. */
  readonly verdict: GateVerdict;
  /** True when nothing blocks: the commit may proceed, once the user has confirmed the doubts. */
  readonly ok: boolean;
  /** Why the commit may not proceed, in line order; empty when `ok`. */
  readonly blocks: readonly GateEntry[];
  /** What the user must confirm before committing, each quoting its cell, in line order. */
  readonly doubts: readonly GateEntry[];
}

/** What the gate learns from outside the plan's text: the git state a worker left, a staged index, a commit already made. */
export interface GateOutside {
  readonly blocks?: readonly GateEntry[];
  readonly doubts?: readonly GateEntry[];
  /** A commit in git carrying this plan's trailer (`abc1234 feat: …`): the plan was already committed. */
  readonly committed?: string;
}

/** Findings that block though the parser rates them below an error: the gate would read only part of what they name. */
const UNREADABLE: ReadonlySet<string> = new Set(['phase-number', 'duplicate-phase', 'second-table']);

const entry = (code: string, message: string, line: number): GateEntry => ({ code, message, line });
/** A parser finding as a gate entry, worded as the gate words its own (no closing period). */
const fromFinding = (f: Finding): GateEntry => entry(f.code, f.message.replace(/\.$/, ''), f.line);

/** A cell as the user sees it in a message: quoted, normalised, one line. */
const quote = (text: string): string => (isNone(text) ? 'an empty cell' : `"${normalizeCell(text).replace(/\s+/g, ' ').trim()}"`);
const why = (v: CellVerdict): string => (v.why ? `: ${v.why}` : '');

/** The entries as they are gathered; sorted by line at the end. */
class Verdicts {
  readonly blocks: GateEntry[] = [];
  readonly doubts: GateEntry[] = [];
  block(code: string, message: string, line: number): void {
    this.blocks.push(entry(code, message, line));
  }
  doubt(code: string, message: string, line: number): void {
    this.doubts.push(entry(code, message, line));
  }
}

/** How a status is named in a message: its emoji form, or its text in quotes with the reason it reads unknown. */
function shown(status: Status, statusText: string): string {
  if (status !== 'unknown') return formatStatus(status, { emoji: true, underscore: false });
  if (isNone(statusText)) return 'without a status';
  const doubt = readStatus(statusText).doubt;
  return `"${statusText}", which is not understood${doubt ? ` (${doubt})` : ''}`;
}

function phaseEntries(v: Verdicts, phase: Phase, isSummary: boolean): void {
  const name = `Phase ${phase.number} ${phase.name}`;
  const cell = judgeCell(phase.statusText, 'status');
  if (cell.verdict === 'pass') return;
  if (cell.verdict === 'doubt') return v.doubt('phase-remark', `${name} is ${quote(phase.statusText)}${why(cell)}`, phase.line);
  const head = `${name} is ${isFinished(phase.status) ? `${quote(phase.statusText)}${why(cell)}` : shown(phase.status, phase.statusText)}`;
  if (phase.status === 'unknown') return v.block('phase-unreadable', `${head}: it must say done or skipped before committing`, phase.line);
  if (isSummary) return v.block('summary-pending', `${head}: the summary must be done before committing`, phase.line);
  v.block('phase-unfinished', `${head}: it must be done or skipped before committing`, phase.line);
}

function commitPhaseEntries(v: Verdicts, commit: Phase, committed: string | undefined): void {
  const name = `Phase ${commit.number} ${commit.name}`;
  if (commit.status === 'done' || commit.status === 'closed') return v.block('already-committed', `${name} is already done`, commit.line);
  if (committed !== undefined) return v.block('already-committed', `Commit ${committed} in git carries this plan's trailer: the plan was already committed`, commit.line);
  const cell = judgeCell(commit.statusText, 'status');
  // The one cell that says the commit has not happened says nothing else: `pending (pushed)` must not pass.
  if (commit.status !== 'pending' || cell.status !== 'pending' || statedFailure(normalizeCell(commit.statusText)) !== undefined || /[(:;,]| - /.test(commit.statusText))
    v.block('commit-phase-state', `${name} is ${quote(commit.statusText)}: the commit phase must say pending and nothing more until the user approves (notes go in Notes)`, commit.line);
}

function currentPhaseEntries(v: Verdicts, plan: Plan): void {
  const written = plan.currentPhase.written;
  if (written?.number === undefined || plan.phases.length === 0) return;
  const rule = currentPhaseRule(plan.phases);
  const stands = judgeWritten(written.number, rule);
  if (stands === 'ahead')
    v.block('current-phase-ahead', `Current Phase says ${written.number}, while the checklist is at ${rule.derived ?? 'its end'}: the plan says it is further along than its checklist`, written.line);
  else if (stands === 'behind') v.doubt('current-phase-mismatch', `Current Phase says ${written.number}, while the checklist is at ${rule.derived ?? 'its end'}`, written.line);
}

function checklistEntries(v: Verdicts, plan: Plan, committed: string | undefined): void {
  if (plan.phases.length === 0) return v.block('no-checklist', 'The plan has no Phase Checklist, so its progress cannot be checked', Math.max(0, plan.titleLine));
  const phases = byNumber(plan.phases);
  // The commit phase is the highest-numbered one named so; a lower one named so is a phase before it like any other.
  const commit = phases.filter((p) => roleOf(p) === 'commit').at(-1);
  if (!commit)
    v.block('no-commit-phase', 'No phase of the Phase Checklist is named as the commit (e.g. "User-Approved Commit"), so nothing says the commit waits for the user', plan.phaseTable?.line ?? phases[0]!.line);
  const before = commit ? phases.filter((p) => p !== commit && p.number <= commit.number) : phases;
  const summary = phaseByRole(before, 'summary');
  for (const p of before) phaseEntries(v, p, p === summary);
  // Work the commit approves cannot come after it: an unfinished execute, validate, review, verify or summary phase
  // numbered after the commit phase (the commit moved to #0) blocks. A later phase with no such role (Cleanup) is not read.
  for (const p of commit ? phases.filter((q) => q.number > commit.number && roleOf(q) !== undefined && !isFinished(q.status)) : [])
    v.block('phase-after-commit', `Phase ${p.number} ${p.name} is ${shown(p.status, p.statusText)}, numbered after the commit phase (${commit!.number}): the work the commit approves must come before it`, p.line);
  if (!commit) return;
  commitPhaseEntries(v, commit, committed);
  currentPhaseEntries(v, plan);
}

/** Each task's Worker Validation rows, built once: a scan per task made the gate quadratic. */
function validationByTask(rows: readonly ValidationRow[]): Map<string, ValidationRow[]> {
  const by = new Map<string, ValidationRow[]>();
  for (const row of rows) {
    const key = row.taskId ?? row.task;
    const list = by.get(key);
    if (list) list.push(row);
    else by.set(key, [row]);
  }
  return by;
}

function taskEntries(v: Verdicts, task: Task, rows: readonly ValidationRow[] | undefined): void {
  const name = `Task ${task.fullId} (${task.title})`;
  const cell = judgeCell(task.statusText, 'status');
  const says = quote(task.statusText);
  switch (task.status) {
    case 'unknown':
      if (cell.verdict === 'doubt') return v.doubt('task-remark', `${name} is ${says}${why(cell)}`, task.line);
      return v.block('task-unreadable', `${name} is ${isNone(task.statusText) ? 'without a status' : `${says}${why(cell)}`}: the gate cannot tell whether its work is done`, task.line);
    case 'in_progress':
      return v.block('task-in-progress', `${name} is still in progress (${says})`, task.line);
    case 'failed':
      return v.block('task-failed', `${name} failed (${says})`, task.line);
    case 'blocked':
      if (rows !== undefined && rows.length > 0 && rows.every((r) => r.valid === true))
        return v.doubt('task-blocked', `${name} is blocked (${says}), though Worker Validation marks it valid`, task.line);
      return v.block('task-blocked', `${name} is blocked (${says}), and no Worker Validation row marks it valid`, task.line);
    case 'pending':
      // The Execute phase may be done while a task is not: never silent, and the user decides.
      return v.doubt('task-pending', `${task.fullId} is still ${says}: its work may not be done`, task.line);
    default:
      if (cell.verdict === 'block') return v.block('task-failed', `${name} is ${says}${why(cell)}`, task.line);
      if (cell.verdict === 'doubt') v.doubt('task-remark', `${name} is ${says}${why(cell)}`, task.line);
      if (task.status !== 'skipped' && (rows === undefined || rows.length === 0))
        v.doubt('validation-missing', `${name} is ${task.status}, but Worker Validation has no row for it`, task.line);
  }
}

/** A validation row's own cells: its Valid answer, and numbers that contradict it. */
function validationEntries(v: Verdicts, row: ValidationRow): void {
  const valid = judgeCell(row.validText, 'valid');
  const at = `Worker Validation for ${row.task}`;
  if (valid.verdict === 'block') {
    if (readYesNo(normalizeCell(row.validText)).answer !== false) {
      const says = isNone(row.validText) ? 'has no Valid answer' : `says Valid ${quote(row.validText)}, which is not a yes${why(valid)}`;
      return v.block('validation-unreadable', `${at} ${says}`, row.line);
    }
    return v.block('validation-invalid', `${at} is not valid: Valid ${quote(row.validText)}${why(valid)}`, row.line);
  }
  const passed = statedFailure(normalizeCell(row.testsPassed));
  if (passed !== undefined) return v.block('validation-numbers', `${at} says Valid ${quote(row.validText)} but Tests Passed ${quote(row.testsPassed)}: the row contradicts itself`, row.line);
  const types = normalizeCell(row.typesPassed);
  if (!isNone(types) && (readYesNo(types).answer === false || statedFailure(types) !== undefined))
    return v.block('validation-numbers', `${at} says Valid ${quote(row.validText)} but its type check says ${quote(row.typesPassed)}: the row contradicts itself`, row.line);
  if (valid.verdict === 'doubt') v.doubt('validation-remark', `${at} says Valid ${quote(row.validText)}${why(valid)}`, row.line);
  else if (!/\d/.test(`${row.testsRun}${row.testsPassed}`)) v.doubt('validation-no-numbers', `${at} says valid with no test numbers`, row.line);
}

/** Status-like columns: whatever a header calls a status, state, result or verdict. */
const STATUS_KEY = /\b(?:status|state|result|outcome|verdict|valid|validated)\b/;
/** Id-like columns, by name. */
const ID_KEYS: ReadonlySet<string> = new Set(['id', 'task', 'task id', 'issue', 'issue id', 'bead', 'bead id', 'ticket', 'epic', 'subtask']);

interface TableShape {
  readonly id: number;
  readonly statuses: readonly number[];
}

function shapeOf(table: Table): TableShape {
  const statuses = table.keys.flatMap((k, i) => (STATUS_KEY.test(k) ? [i] : []));
  return { id: table.keys.findIndex((k) => ID_KEYS.has(k)), statuses };
}

/** Whether a table is a validation table: a task column and a Valid or Tests Passed column. */
function isValidation(table: Table): boolean {
  return col(table, VALIDATION.task) >= 0 && (table.keys.includes('valid') || table.keys.includes('validated') || col(table, VALIDATION.passed) >= 0);
}

/** Validation rows read from a table the parser did not place (a `Re-validation` table, one in a blockquote). */
function validationRows(table: Table, find: (ref: string) => Task | undefined): ValidationRow[] {
  const [task, run, passed, types, valid] = [VALIDATION.task, VALIDATION.run, VALIDATION.passed, VALIDATION.types, VALIDATION.valid].map((l) => col(table, l)) as [number, number, number, number, number];
  return table.rows
    .filter((row) => cellText(row, task) !== '')
    .map((row) => {
      const ref = cellText(row, task).replace(/[*`]/g, '').trim();
      const match = find(ref);
      return { task: ref, ...(match ? { taskId: match.id } : {}), testsRun: cellText(row, run), testsPassed: cellText(row, passed), typesPassed: cellText(row, types), validText: cellText(row, valid), line: row.line, row };
    });
}

/** One status cell of a table other than the Tasks table, read against the Tasks table's record. */
function otherCellEntries(v: Verdicts, table: Table, row: TableRow, column: number, task: Task | undefined, record: boolean): void {
  const text = cellText(row, column);
  if (isNone(text) && task === undefined) return;
  const cell = judgeCell(text, 'status');
  const header = table.headers[column] ?? 'Status';
  const where = `${header} ${quote(text)} on line ${row.line + 1}`;
  const failed = cell.status === 'failed' || cell.status === 'blocked' || statedFailure(normalizeCell(text)) !== undefined;
  if (failed) return v.block('table-failure', `${task ? `${task.fullId}: ` : ''}${where}${why(cell)}`, row.line);
  if (task !== undefined && !record && isFinished(task.status) !== isFinished(cell.status))
    return v.doubt('table-disagrees', `${task.fullId} is ${quote(task.statusText)} in the Tasks table (line ${task.line + 1}), but ${where}`, row.line);
  if (cell.verdict === 'pass') return;
  if (task !== undefined && !record && cell.status === task.status) return;
  v.doubt('table-remark', `${task ? `${task.fullId}: ` : ''}${where}${why(cell)}`, row.line);
}

/** Every table the parser did not read as the checklist, the Tasks or the review table: validation tables, and any with a status column. */
function tableEntries(v: Verdicts, plan: Plan, lines: readonly string[], find: (ref: string) => Task | undefined): ValidationRow[] {
  const known = [plan.phaseTable, plan.taskTable, plan.validationTable, plan.reviewTable].filter((t): t is Table => t !== undefined);
  const extraValidation: ValidationRow[] = [];
  const noRecord = plan.tasks.length === 0;
  for (const table of allTables(lines, known)) {
    if (table === plan.phaseTable || table === plan.reviewTable || table === plan.validationTable) continue;
    if (table !== plan.taskTable && isValidation(table)) {
      extraValidation.push(...validationRows(table, find));
      continue;
    }
    const shape = shapeOf(table);
    const taskStatus = table === plan.taskTable ? col(table, TASK.status) : -1;
    for (const row of table.rows) {
      const ref = shape.id >= 0 ? cellText(row, shape.id).replace(/[*`]/g, '').trim() : '';
      const task = ref === '' ? undefined : find(ref);
      for (const column of shape.statuses) {
        if (column === taskStatus) continue;
        otherCellEntries(v, table, row, column, task, noRecord || table === plan.taskTable);
      }
    }
  }
  return extraValidation;
}

/** A review status: failed blocks, not yet done blocks, a remark is a doubt. */
function reviewCell(v: Verdicts, name: string, text: string, line: number): void {
  const cell = judgeCell(text, 'status');
  if (cell.verdict === 'pass') return;
  if (cell.verdict === 'doubt') return v.doubt('review-remark', `${name} is ${quote(text)}${why(cell)}`, line);
  const failed = cell.status === 'failed' || cell.status === 'blocked' || statedFailure(normalizeCell(text)) !== undefined;
  v.block(failed ? 'review-failed' : 'review-pending', `${name} is ${quote(text)}${why(cell)}`, line);
}

function reviewEntries(v: Verdicts, plan: Plan): void {
  for (const r of plan.review) {
    const name = `Review of ${r.epic || r.reviewer}`;
    reviewCell(v, name, r.statusText, r.line);
    if (!isNone(r.warnings) && !/^0\b/.test(r.warnings.trim())) v.doubt('review-warnings', `${name} has warnings: ${quote(r.warnings)}`, r.line);
  }
  for (const s of plan.sections) if (s.kind === 'review' && s.status) reviewCell(v, `Section "${s.title}"`, s.status.text, s.status.line);
}

const byLine = (a: GateEntry, b: GateEntry): number => a.line - b.line;

/** Whether the plan allows the user-approved commit now: its verdict, every block and every doubt, each in line order. */
export function checkGate(plan: Plan, outside: GateOutside = {}): GateResult {
  const v = new Verdicts();
  // `gate` and `lint` never disagree on wholeness: every error `lint` reports blocks here.
  for (const f of plan.findings) if (f.severity === 'error' || UNREADABLE.has(f.code)) v.blocks.push(fromFinding(f));
  v.blocks.push(...(outside.blocks ?? []));
  v.doubts.push(...(outside.doubts ?? []));
  checklistEntries(v, plan, outside.committed);
  // Built only when a table the parser did not place names tasks: the index costs a pass over every id.
  let finder: ((ref: string) => Task | undefined) | undefined;
  const find = (ref: string): Task | undefined => (finder ??= taskFinder(plan.tasks))(ref);
  const extra = tableEntries(v, plan, planLines(plan) ?? [], find);
  // A later validation table (`Re-validation`) for the same task decides over an earlier one.
  const latest = new Map<string, ValidationRow>();
  const inOrder = extra.length === 0 ? plan.validation : [...plan.validation, ...extra].sort((a, b) => a.line - b.line);
  for (const row of inOrder) latest.set(row.taskId ?? row.task, row);
  const rows = [...latest.values()];
  const byTask = validationByTask(rows);
  for (const t of plan.tasks) taskEntries(v, t, byTask.get(t.id));
  for (const row of rows) validationEntries(v, row);
  reviewEntries(v, plan);
  for (const c of plan.checklist) if (!c.checked) v.doubt('verification-unchecked', `Final Verification item "${normalizeCell(c.text)}" is not checked`, c.line);
  const blocks = v.blocks.sort(byLine);
  const doubts = v.doubts.sort(byLine);
  return { verdict: blocks.length > 0 ? 'block' : doubts.length > 0 ? 'doubt' : 'pass', ok: blocks.length === 0, blocks, doubts };
}
