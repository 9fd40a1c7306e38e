// Plan text → Plan model, in one pass over markdown-it's block tokens. Never
// throws: whatever the input, it yields a model (maybe empty) plus findings.
import type MarkdownIt from 'markdown-it';
import { loadMarkdownIt, loadYaml } from './libraries';
import type {
  ChecklistItem,
  ConflictEntry,
  CurrentPhase,
  Finding,
  HeaderField,
  HiddenRegion,
  ListItem,
  LogEntry,
  Phase,
  Plan,
  ReviewRow,
  Section,
  SectionKind,
  Severity,
  Status,
  StatusLine,
  Table,
  Task,
  ValidationRow,
  WrittenPhase,
  YamlBlock,
} from '../model';
import { parseStatus, parseYesNo, readStatus, readYesNo, stripDecoration } from './status';
import { cellText, isNone, readTable } from './table';
import { PHASE, REVIEW, TASK, VALIDATION, col } from './columns';
import { conflictsFromLine, conflictsFromTable, conflictsFromYaml } from './conflicts';
import { hiddenRegions } from './hidden';
import { readPseudoYaml } from './pseudoYaml';
import { leadingTimestamp } from '../formats/timestamp';
import { currentPhaseRule, judgeWritten } from './currentPhase';
import { IdIndex, TaskIndex } from './taskIds';

let blockParser: ReturnType<typeof MarkdownIt> | undefined;

type Token = ReturnType<ReturnType<typeof MarkdownIt>['parse']>[number];

/** Block structure only: inline parsing is the costly part of markdown-it and the model never needs it. */
function parser(): ReturnType<typeof MarkdownIt> {
  blockParser ??= new (loadMarkdownIt())('default', { html: true, linkify: false, typographer: false }).disable([
    'inline',
    'text_join',
  ]);
  return blockParser;
}

const PLAN_TITLE = /^beads work plan\b/i;
/**
 * How much yaml, in characters of whole blocks, a plan's yaml blocks are read
 * up to. Real plans' blocks are a few hundred bytes; the yaml library costs
 * about fifty times markdown-it per byte, so a plan made of yaml took seconds.
 */
const YAML_BUDGET = 64 * 1024;
const TASK_ID = /^[a-z0-9]\w*(?:[-.]\w+)+$/i;

const SECTION_KINDS: ReadonlyArray<readonly [RegExp, SectionKind]> = [
  [/^phase checklist$/, 'phaseChecklist'],
  [/^current phase$/, 'currentPhase'],
  [/^target tasks?$/, 'targetTasks'],
  [/^discovery( results)?$/, 'discovery'],
  [/^tasks$/, 'tasks'],
  [/^tasks completed$/, 'tasksCompleted'],
  [/^conflict matrix$/, 'conflictMatrix'],
  [/^execution log$/, 'executionLog'],
  [/^(worker )?validation( results)?$/, 'validation'],
  [/^review( results)?$/, 'review'],
  [/^closed tasks$/, 'closedTasks'],
  [/^(discovered issues|issues created during work)$/, 'discoveredIssues'],
  [/^final verification$/, 'finalVerification'],
  [/^summary$/, 'summary'],
];

/** `text` without its `(…)` asides, each from a `(` to the first `)` after it, in one pass (a regex retried from every `(` of `((((…` was quadratic). */
function withoutAsides(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('('); open >= 0; open = text.indexOf('(', from)) {
    const close = text.indexOf(')', open);
    if (close < 0) break;
    out += text.slice(from, open);
    from = close + 1;
  }
  return out + text.slice(from);
}

export function sectionKind(title: string): SectionKind {
  const words = withoutAsides(title.toLowerCase())
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, kind] of SECTION_KINDS) if (pattern.test(words)) return kind;
  return 'other';
}

function headingParts(raw: string): { title: string; number?: number } {
  const text = stripDecoration(raw);
  const m = /^(?:phase\s+)?(\d+)[.):]?\s+(\S.*)$/i.exec(text);
  return m ? { title: m[2]!.trim(), number: Number(m[1]) } : { title: text };
}

/** A Phase Checklist `#` cell: `9`, `9.`, `9)`, `Phase 9`, `9 (final)`, `9 - final` → 9; `9.1`, `9a`, `nine` → undefined. */
function readPhaseCell(text: string): number | undefined {
  const m = /^(?:phase\s+)?(\d+)[.):]?(?:\s+\(.*\)|\s+[-–—]\s.*)?$/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `9 (WAITING FOR USER)` → 9; `4 (complete) → 5` → 5; `awaiting_approval` → undefined. */
export function readPhaseNumber(text: string): number | undefined {
  const arrow = /(?:→|->)\s*(\d+)/.exec(text);
  if (arrow) return Number(arrow[1]);
  const lead = /^\s*(\d+)\b/.exec(text);
  return lead ? Number(lead[1]) : undefined;
}

/** `2025-12-26 11:05: text`, `**2025-12-26** - text`: the separator after the timestamp (`:`, ` - ` or spaces) is dropped. */
export function readLogEntry(text: string, line: number): LogEntry {
  const bare = text.replace(/^\*\*([^*]+)\*\*/, '$1');
  const timestamp = leadingTimestamp(bare);
  if (timestamp === undefined) return { timestamp: '', text, line };
  const rest = bare.slice(timestamp.length).trimStart();
  const body = rest.startsWith(':') || /^-\s/.test(rest) ? rest.slice(1).trimStart() : rest;
  return { timestamp, text: body, line };
}

/** An id and the separator after it (`:`, ` - `, ` — `), looked at from the id's end only. */
const LIST_ID = /^\**([a-z0-9][\w.-]*)\**(?=\s*:|\s+[-—]\s)/i;

function listItem(text: string, line: number): ListItem {
  const m = LIST_ID.exec(text);
  if (!m || !TASK_ID.test(m[1]!)) return { text, line };
  return { id: m[1]!, text: text.slice(m[0].length).trimStart().slice(1).trimStart(), line };
}

/**
 * The value of a `label: value` line (`label` in lower case, any case in the
 * text, spaces before the colon allowed), trimmed; undefined for another line.
 * Found by the first colon, not by a pattern: spaces around optional parts
 * made the patterns backtrack quadratically over a long run of them.
 */
function labelled(text: string, label: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return text.slice(0, colon).trimEnd().toLowerCase() === label ? text.slice(colon + 1).trim() : undefined;
}

/** A header line's `Key: value` (the key a word, then words, spaces and dashes). */
function headerField(text: string, line: number): HeaderField | undefined {
  const colon = text.indexOf(':');
  const key = colon < 0 ? '' : text.slice(0, colon).trimEnd();
  return /^[a-z][\w -]*$/i.test(key) ? { key, value: text.slice(colon + 1).trimStart(), line } : undefined;
}

/** A section while it is read: its end and `Status:` line are filled in later. */
type ReadSection = Section & { endLine: number; status?: StatusLine };

interface Heading {
  readonly section: ReadSection;
}

class PlanReader {
  readonly lines: string[];
  readonly findings: Finding[] = [];
  readonly sections: ReadSection[] = [];
  readonly header: HeaderField[] = [];
  title = '';
  titleLine = -1;
  isPlan = false;
  phaseTable: Table | undefined;
  taskTable: Table | undefined;
  fallbackTaskTable: Table | undefined;
  validationTable: Table | undefined;
  reviewTable: Table | undefined;
  written: WrittenPhase | undefined;
  readonly targetTasks: ListItem[] = [];
  readonly closedTasks: ListItem[] = [];
  readonly discoveredIssues: ListItem[] = [];
  readonly reviewNotes: ListItem[] = [];
  readonly checklist: ChecklistItem[] = [];
  readonly log: LogEntry[] = [];
  readonly conflicts: ConflictEntry[] = [];
  readonly yamlBlocks: YamlBlock[] = [];
  /** Ids written in full anywhere in the plan, to resolve short ids against. */
  readonly knownIds = new Set<string>();
  /** Characters of yaml blocks met so far (see `YAML_BUDGET`). */
  private yamlSeen = 0;
  private h2: Heading | undefined;
  private inner: Heading | undefined;

  constructor(text: string) {
    // Splitting on a string is several times faster than on the pattern, and most plans have no `\r`.
    this.lines = text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
  }

  find(severity: Severity, code: string, message: string, line: number): void {
    this.findings.push({ severity, code, message, line: Math.max(0, Math.min(line, this.lines.length - 1)) });
  }

  /** The kind that decides what a block means: a known `###` heading wins over its `##`. */
  private context(): SectionKind {
    const inner = this.inner?.section.kind;
    if (inner && inner !== 'other' && this.inner !== this.h2) return inner;
    return this.h2?.section.kind ?? 'other';
  }

  read(tokens: Token[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.level !== 0 || !t.map) continue;
      switch (t.type) {
        case 'heading_open':
          this.heading(t, tokens[i + 1]?.content ?? '');
          break;
        case 'paragraph_open':
          this.paragraph(t.map[0], tokens[i + 1]?.content ?? '');
          break;
        case 'table_open':
          this.table(t.map[0], t.map[1]);
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
          i = this.list(tokens, i);
          break;
        case 'fence':
          this.fence(t);
          break;
        default:
          break;
      }
    }
    // A section ends at the next heading of its level or above: the open ones, innermost last, in one pass.
    const open: ReadSection[] = [];
    for (const s of this.sections) {
      while (open.length > 0 && open.at(-1)!.level >= s.level) open.pop()!.endLine = s.line;
      open.push(s);
    }
    for (const s of open) s.endLine = this.lines.length;
  }

  private heading(t: Token, content: string): void {
    const level = Number(t.tag.slice(1));
    const line = t.map![0];
    if (level === 1 && this.titleLine < 0) {
      this.title = stripDecoration(content);
      this.titleLine = line;
      this.isPlan = PLAN_TITLE.test(this.title);
      return;
    }
    const { title, number } = headingParts(content);
    const section = { title, kind: sectionKind(title), level, line, endLine: line + 1, ...(number !== undefined ? { number } : {}) };
    this.sections.push(section);
    const heading = { section };
    if (level <= 2) this.h2 = heading;
    this.inner = heading;
  }

  private paragraph(first: number, content: string): void {
    const texts = content.split('\n');
    const kind = this.context();
    texts.forEach((raw, k) => {
      const line = first + k;
      const text = raw.trim();
      const bare = stripDecoration(text);
      const current = labelled(bare, 'current phase') ?? (kind === 'currentPhase' ? labelled(bare, 'phase') : undefined);
      if (current !== undefined) return this.writtenPhase(current, line);
      if (!this.h2 && this.sections.length === 0 && this.titleLine >= 0) {
        const field = headerField(bare, line);
        if (field) this.header.push(field);
        return;
      }
      const status = labelled(bare, 'status');
      const owner = this.inner?.section;
      if (status && owner && !owner.status) {
        owner.status = { status: parseStatus(status), text: status, line };
        return;
      }
      if (kind === 'conflictMatrix') this.addConflicts(conflictsFromLine(bare, line));
    });
  }

  private writtenPhase(text: string, line: number): void {
    if (this.written) return;
    const number = readPhaseNumber(text);
    this.written = { text, line, ...(number !== undefined ? { number } : {}) };
  }

  private table(first: number, end: number): void {
    const table = readTable(this.lines, first, end);
    const width = table.headers.length;
    for (const row of table.rows) {
      if (row.cells.length !== width)
        this.find(
          'warning',
          'row-width',
          `Table row has ${row.cells.length} cells but its header has ${width}.`,
          row.line,
        );
    }
    const idColumn = col(table, TASK.id);
    if (idColumn >= 0) for (const row of table.rows) this.rememberId(cellText(row, idColumn));
    const kind = this.context();
    const level2 = this.h2 === this.inner;
    if (kind === 'phaseChecklist') this.phaseTable = this.first('Phase Checklist', this.phaseTable, table);
    else if (kind === 'tasks' && idColumn >= 0) this.taskTable = this.first('Tasks', this.taskTable, table);
    else if (kind === 'tasksCompleted' && level2 && !this.fallbackTaskTable && idColumn >= 0)
      this.fallbackTaskTable = table;
    else if (kind === 'validation' && col(table, VALIDATION.task) >= 0)
      this.validationTable = this.first('Worker Validation', this.validationTable, table);
    else if (kind === 'review' && !this.reviewTable && (col(table, REVIEW.epic) >= 0 || col(table, REVIEW.reviewer) >= 0)) this.reviewTable = table;
    else if (kind === 'conflictMatrix') this.addConflicts(conflictsFromTable(table));
  }

  /**
   * The table a section is read from: the first. A second one is not read,
   * and says so: what it holds (a phase still pending, a row not valid)
   * would otherwise be silently ignored.
   */
  private first(name: string, kept: Table | undefined, table: Table): Table {
    if (!kept) return table;
    this.find('warning', 'second-table', `A second ${name} table: only the one on line ${kept.line + 1} is read, so this one's rows are not.`, table.line);
    return kept;
  }

  /** One by one: spreading a table's thousands of entries into `push` overflows the stack. */
  private addConflicts(entries: readonly ConflictEntry[]): void {
    for (const e of entries) this.conflicts.push(e);
  }

  private rememberId(text: string): void {
    const id = stripDecoration(text);
    if (TASK_ID.test(id)) this.knownIds.add(id);
  }

  /** Reads the top-level items of a list; returns the index of its closing token. */
  private list(tokens: Token[], open: number): number {
    const kind = this.context();
    let i = open + 1;
    for (; i < tokens.length && tokens[i]!.level > 0; i++) {
      const t = tokens[i]!;
      if (t.type !== 'list_item_open' || t.level !== 1 || !t.map) continue;
      const inline = tokens[i + 2];
      const line = t.map[0];
      const text = inline?.type === 'inline' ? (inline.content.split('\n')[0] ?? '').trim() : '';
      this.listEntry(kind, text, line);
    }
    return i;
  }

  private listEntry(kind: SectionKind, text: string, line: number): void {
    const check = /^\[([ x])\]\s/i.exec(text);
    if (check && (kind === 'finalVerification' || kind === 'summary')) {
      this.checklist.push({ checked: check[1] !== ' ', text: text.slice(3).trimStart(), line });
      return;
    }
    switch (kind) {
      case 'targetTasks':
        return this.pushItem(this.targetTasks, text, line);
      case 'closedTasks':
        return this.pushItem(this.closedTasks, text, line);
      case 'discoveredIssues':
        return this.pushItem(this.discoveredIssues, text, line);
      case 'review':
        if (this.inner !== this.h2) this.reviewNotes.push({ text, line });
        return;
      case 'executionLog':
        this.log.push(readLogEntry(text, line));
        return;
      case 'conflictMatrix':
        this.addConflicts(conflictsFromLine(stripDecoration(text), line));
        return;
      default:
        return;
    }
  }

  private pushItem(into: ListItem[], text: string, line: number): void {
    const item = listItem(text, line);
    if (item.id) this.knownIds.add(item.id);
    into.push(item);
  }

  private fence(t: Token): void {
    const lang = t.info.trim().split(/\s+/)[0]?.toLowerCase();
    if (lang !== 'yaml' && lang !== 'yml') return;
    const [open, close] = t.map!;
    const within = this.yamlSeen <= YAML_BUDGET;
    this.yamlSeen += t.content.length;
    if (this.yamlSeen > YAML_BUDGET) {
      this.yamlBlocks.push({ line: open, endLine: close, source: t.content });
      if (within)
        this.find('warning', 'yaml-budget', `This yaml block and those after it are not read: a plan's yaml is read up to ${YAML_BUDGET / 1024} KiB.`, open);
      return;
    }
    const block = readYaml(t.content, open, close);
    this.yamlBlocks.push(block);
    if (block.error)
      this.find('warning', 'yaml', `The yaml block does not parse: ${block.error.message}`, block.error.line);
    if (this.context() === 'conflictMatrix') this.addConflicts(conflictsFromYaml(block));
  }
}

function readYaml(source: string, open: number, close: number): YamlBlock {
  const base = { line: open, endLine: close, source };
  try {
    const doc = loadYaml()(source, { prettyErrors: false, uniqueKeys: false });
    const first = doc.errors[0];
    if (first) {
      // The agents' key/value notes are read by their shape; anything else is yaml, broken.
      const notes = readPseudoYaml(source);
      if (notes !== undefined) return { ...base, value: notes };
      const offset = first.pos[0];
      const line = open + 1 + source.slice(0, offset).split('\n').length - 1;
      return { ...base, error: { message: first.message.split('\n')[0]!, line } };
    }
    return { ...base, value: doc.toJS() as unknown };
  } catch (e) {
    return { ...base, error: { message: e instanceof Error ? e.message : String(e), line: open } };
  }
}

function splitFiles(text: string): string[] {
  if (isNone(text)) return [];
  return text
    .split(/<br\s*\/?>|,/i)
    .map((f) => f.trim().replace(/^`|`$/g, '').trim())
    .filter((f) => f !== '' && !isNone(f));
}

function readCount(text: string): number | undefined {
  const m = /^\s*(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function readPhases(r: PlanReader, table: Table): Phase[] {
  const num = col(table, PHASE.number);
  const name = col(table, PHASE.name);
  const agent = col(table, PHASE.agent);
  const status = col(table, PHASE.status);
  const notes = col(table, PHASE.notes);
  if (status < 0) r.find('error', 'phase-columns', 'The Phase Checklist table has no Status column.', table.line);
  const phases: Phase[] = [];
  table.rows.forEach((row, k) => {
    const numberText = stripDecoration(cellText(row, num));
    const n = num < 0 ? k : readPhaseCell(numberText);
    if (n === undefined) {
      r.find('warning', 'phase-number', `Phase row has no readable number: "${numberText}".`, row.line);
      return;
    }
    const twin = phases.find((p) => p.number === n);
    if (twin) r.find('warning', 'duplicate-phase', `Phase ${n} appears twice in the Phase Checklist (also on line ${twin.line + 1}).`, row.line);
    const statusText = cellText(row, status);
    phases.push({
      number: n,
      name: stripDecoration(cellText(row, name)),
      agent: cellText(row, agent),
      status: parseStatus(statusText),
      statusText,
      notes: cellText(row, notes),
      line: row.line,
      row,
    });
  });
  return phases;
}

function readTasks(r: PlanReader, table: Table): Task[] {
  const id = col(table, TASK.id);
  const title = col(table, TASK.title);
  const epic = col(table, TASK.epic);
  const status = col(table, TASK.status);
  const worker = col(table, TASK.worker);
  const files = col(table, TASK.files);
  const respawns = col(table, TASK.respawns);
  const known = new IdIndex(r.knownIds);
  const seen = new Set<string>();
  const tasks: Task[] = [];
  for (const row of table.rows) {
    const taskId = stripDecoration(cellText(row, id)).replace(/`/g, '');
    if (taskId === '') continue;
    if (seen.has(taskId)) r.find('error', 'duplicate-task', `Task ${taskId} appears twice in the Tasks table.`, row.line);
    seen.add(taskId);
    const statusText = cellText(row, status);
    const count = readCount(cellText(row, respawns));
    tasks.push({
      id: taskId,
      fullId: known.longer(taskId),
      title: cellText(row, title),
      epic: cellText(row, epic),
      status: status < 0 ? 'unknown' : parseStatus(statusText),
      statusText,
      worker: isNone(cellText(row, worker)) ? '' : cellText(row, worker),
      files: splitFiles(cellText(row, files)),
      ...(count !== undefined ? { respawns: count } : {}),
      line: row.line,
      row,
    });
  }
  return tasks;
}

function readValidation(tasks: TaskIndex, table: Table): ValidationRow[] {
  const task = col(table, VALIDATION.task);
  const run = col(table, VALIDATION.run);
  const passed = col(table, VALIDATION.passed);
  const types = col(table, VALIDATION.types);
  const valid = col(table, VALIDATION.valid);
  return table.rows
    .filter((row) => cellText(row, task) !== '')
    .map((row) => {
      const ref = stripDecoration(cellText(row, task));
      const match = tasks.find(ref);
      const validText = cellText(row, valid);
      const v = parseYesNo(validText);
      return {
        task: ref,
        ...(match ? { taskId: match.id } : {}),
        testsRun: cellText(row, run),
        testsPassed: cellText(row, passed),
        typesPassed: cellText(row, types),
        ...(v !== undefined ? { valid: v } : {}),
        validText,
        line: row.line,
        row,
      };
    });
}

function readReview(table: Table): ReviewRow[] {
  const epic = col(table, REVIEW.epic);
  const reviewer = col(table, REVIEW.reviewer);
  const status = col(table, REVIEW.status);
  const warnings = col(table, REVIEW.warnings);
  const respawns = col(table, REVIEW.respawns);
  return table.rows.map((row) => {
    const count = readCount(cellText(row, respawns));
    const statusText = cellText(row, status);
    return {
      epic: cellText(row, epic),
      reviewer: cellText(row, reviewer),
      status: parseStatus(statusText),
      statusText,
      warnings: cellText(row, warnings),
      ...(count !== undefined ? { respawns: count } : {}),
      line: row.line,
      row,
    };
  });
}

function deriveCurrent(r: PlanReader, phases: readonly Phase[]): CurrentPhase {
  const rule = currentPhaseRule(phases);
  const { derived } = rule;
  const written = r.written;
  if (written?.number !== undefined && phases.length > 0 && judgeWritten(written.number, rule) !== 'agrees')
    r.find(
      'warning',
      'current-phase-mismatch',
      derived === undefined
        ? `Current Phase says ${written.number}, but every phase in the checklist is done.`
        : `Current Phase says ${written.number}, but the checklist's first unfinished phase is ${derived}.`,
      written.line,
    );
  return { ...(written ? { written } : {}), ...(derived !== undefined ? { derived } : {}) };
}

/** A finding for each status that reads unknown, naming its cell and, where the text seems to say a status, why it does not. */
function statusFindings(r: PlanReader, items: ReadonlyArray<{ cell: string; status: Status; statusText: string; line: number }>): void {
  for (const item of items) {
    if (item.status !== 'unknown' || isNone(item.statusText)) continue;
    const why = readStatus(item.statusText).doubt;
    r.find('warning', 'status-word', `${item.cell}: status "${item.statusText}" is not understood${why ? `: ${why}` : ''}.`, item.line);
  }
}

function validFindings(r: PlanReader, rows: readonly ValidationRow[]): void {
  for (const row of rows) {
    const { answer, doubt } = readYesNo(row.validText);
    if (answer === undefined && !isNone(row.validText))
      r.find('warning', 'valid-word', `Worker Validation for ${row.task}: Valid "${row.validText}" is neither a yes nor a no${doubt ? `: ${doubt}` : ''}.`, row.line);
  }
}

const EPIC_LINE = /^(?:[-*+] )?\**epic\**:\**\s?([\w.-]+)/i;

/** The epics the plan names (an `Epic:` line, the Tasks table's Epic column, the reviews, the target tasks): closing one is no unknown task. */
function epicRefs(r: PlanReader, tasks: readonly Task[], review: readonly ReviewRow[]): Set<string> {
  const refs = [
    ...r.lines.flatMap((l) => EPIC_LINE.exec(l.trimStart())?.[1] ?? []),
    ...tasks.map((t) => t.epic),
    ...review.map((v) => v.epic),
    ...r.targetTasks.map((t) => t.id ?? ''),
  ];
  return new Set(refs.map((e) => stripDecoration(e).trim()).filter((e) => e !== '' && !isNone(e)));
}

/** The lines each parsed plan was read from, so an edit need not split a large text again. */
const linesOfPlan = new WeakMap<Plan, readonly string[]>();

/** The BOM-less lines `plan` was parsed from. */
export function planLines(plan: Plan): readonly string[] | undefined {
  return linesOfPlan.get(plan);
}

export function parsePlan(input: string): Plan {
  const bom = input.charCodeAt(0) === 0xfeff;
  const text = bom ? input.slice(1) : input;
  const head = text.slice(0, 65536);
  const eol = head.includes('\r\n') ? '\r\n' : head.includes('\r') && !head.includes('\n') ? '\r' : '\n';
  const r = new PlanReader(text);
  let hidden: HiddenRegion[] = [];
  try {
    const tokens = parser().parse(text, {});
    r.read(tokens);
    hidden = hiddenRegions(tokens, r.lines, parser().options.maxNesting ?? 100);
  } catch (e) {
    // markdown-it has no failure mode we know of; keep the no-throw promise regardless.
    r.find('error', 'parse', `The plan could not be read: ${e instanceof Error ? e.message : String(e)}`, 0);
  }
  for (const h of hidden) r.find('error', 'hidden', `${h.message[0]!.toUpperCase()}${h.message.slice(1)}.`, h.line);
  if (!r.isPlan) r.find('error', 'not-a-plan', 'Not readable as a plan: the first heading "# Beads Work Plan" is missing.', Math.max(0, r.titleLine));

  const phases = r.phaseTable ? readPhases(r, r.phaseTable) : [];
  if (!r.phaseTable && r.isPlan) r.find('info', 'no-checklist', 'The plan has no Phase Checklist.', r.titleLine);
  const taskTable = r.taskTable ?? r.fallbackTaskTable;
  const tasks = taskTable ? readTasks(r, taskTable) : [];
  // Thousands of rows and references resolve against thousands of tasks: one scan each was quadratic.
  const index = new TaskIndex(tasks);
  const validation = r.validationTable ? readValidation(index, r.validationTable) : [];
  const review = r.reviewTable ? readReview(r.reviewTable) : [];
  const currentPhase = deriveCurrent(r, phases);

  statusFindings(r, phases.map((p) => ({ ...p, cell: `Phase ${p.number} (${p.name})` })));
  statusFindings(r, tasks.map((t) => ({ ...t, cell: `Task ${t.id}` })));
  for (const section of r.sections)
    if (section.status) statusFindings(r, [{ ...section.status, cell: `Section "${section.title}"`, statusText: section.status.text }]);
  validFindings(r, validation);
  if (taskTable) {
    for (const row of validation)
      if (!row.taskId)
        r.find('warning', 'unknown-task', `Worker Validation names ${row.task}, which is not in the Tasks table.`, row.line);
    // Read only once a name is unknown: scanning every line for `Epic:` costs a large plan a pass of its own.
    let epics: Set<string> | undefined;
    const isEpic = (id: string): boolean => {
      epics ??= epicRefs(r, tasks, review);
      // The name itself or any tail after a `-` (`django-litefs-3b6` is epic `3b6`): a few look-ups, not a scan of the epics.
      for (let at = 0; at >= 0; at = id.indexOf('-', at + 1)) if (epics.has(at === 0 ? id : id.slice(at + 1))) return true;
      return false;
    };
    for (const item of r.closedTasks)
      if (item.id && !index.find(item.id) && !isEpic(item.id))
        r.find('info', 'unknown-task', `Closed Tasks names ${item.id}, which is not in the Tasks table.`, item.line);
  }
  // index.find already resolves against the full ids: a second resolveId over them found nothing new.
  const conflicts = r.conflicts.map((c) => ({ ...c, tasks: c.tasks.map((t) => index.find(t)?.id ?? t) }));

  const plan: Plan = {
    isPlan: r.isPlan,
    title: r.title,
    titleLine: r.titleLine,
    header: r.header,
    eol,
    bom,
    lineCount: r.lines.length,
    sections: r.sections,
    phases,
    ...(r.phaseTable ? { phaseTable: r.phaseTable } : {}),
    currentPhase,
    targetTasks: r.targetTasks,
    tasks,
    ...(taskTable ? { taskTable } : {}),
    conflicts,
    log: r.log,
    validation,
    ...(r.validationTable ? { validationTable: r.validationTable } : {}),
    review,
    ...(r.reviewTable ? { reviewTable: r.reviewTable } : {}),
    reviewNotes: r.reviewNotes,
    closedTasks: r.closedTasks,
    discoveredIssues: r.discoveredIssues,
    checklist: r.checklist,
    yamlBlocks: r.yamlBlocks,
    hidden,
    findings: r.findings.sort((a, b) => a.line - b.line),
  };
  linesOfPlan.set(plan, r.lines);
  return plan;
}
