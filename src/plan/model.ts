// The typed shape of a Beads Work Plan. Every element keeps its 0-based line
// (and table cells their character range) so that it can be revealed and
// edited exactly later.

export type Status =
  | 'done'
  | 'pending'
  | 'in_progress'
  | 'failed'
  | 'blocked'
  | 'skipped'
  | 'closed'
  | 'unknown';

export const STATUSES: readonly Status[] = [
  'done',
  'pending',
  'in_progress',
  'failed',
  'blocked',
  'skipped',
  'closed',
  'unknown',
];

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  /** A stable machine-readable id, e.g. `current-phase-mismatch`. */
  readonly code: string;
}

/** A cell of a pipe table: its trimmed text and where that text sits in its line. */
export interface Cell {
  /** What a reader sees: the trimmed source with its escapes undone (`a \| b` → `a | b`, see escapes.ts). */
  readonly text: string;
  /** Character offsets of the trimmed source within the line (end exclusive). */
  readonly start: number;
  readonly end: number;
  /** The span between the cell's pipes, padding included. */
  readonly rawStart: number;
  readonly rawEnd: number;
}

export interface TableRow {
  readonly line: number;
  readonly cells: readonly Cell[];
}

export interface Table {
  readonly line: number;
  /** Line after the last row. */
  readonly endLine: number;
  readonly headers: readonly string[];
  /** Normalised header names (lower case, single spaces), used to find columns. */
  readonly keys: readonly string[];
  readonly header: TableRow;
  readonly rows: readonly TableRow[];
}

export type SectionKind =
  | 'phaseChecklist'
  | 'currentPhase'
  | 'targetTasks'
  | 'discovery'
  | 'tasks'
  | 'tasksCompleted'
  | 'conflictMatrix'
  | 'executionLog'
  | 'validation'
  | 'review'
  | 'closedTasks'
  | 'discoveredIssues'
  | 'finalVerification'
  | 'summary'
  | 'other';

export interface StatusLine {
  readonly status: Status;
  readonly text: string;
  readonly line: number;
}

export interface Section {
  readonly title: string;
  readonly kind: SectionKind;
  /** The leading number of `## 4. Worker Validation`, when present. */
  readonly number?: number;
  readonly level: number;
  /** Line of the heading. */
  readonly line: number;
  /** Line after the section's last line (the next heading of the same or a higher level, or EOF). */
  readonly endLine: number;
  readonly status?: StatusLine;
}

export interface Phase {
  readonly number: number;
  readonly name: string;
  readonly agent: string;
  readonly status: Status;
  readonly statusText: string;
  readonly notes: string;
  readonly line: number;
  readonly row: TableRow;
}

export interface WrittenPhase {
  readonly number?: number;
  /** The words as written: `9 (WAITING FOR USER)`, `awaiting_approval`. */
  readonly text: string;
  readonly line: number;
}

export interface CurrentPhase {
  readonly written?: WrittenPhase;
  /** The first phase that is neither done nor skipped; undefined when all are. */
  readonly derived?: number;
}

export interface ListItem {
  /** The task id the item starts with, when it starts with one. */
  readonly id?: string;
  readonly text: string;
  readonly line: number;
}

export interface Task {
  /** The id as written in the Tasks table (may be short: `3b6.1`). */
  readonly id: string;
  /** The full id (`django-litefs-3b6.1`) where the plan names it unambiguously elsewhere; else `id`. */
  readonly fullId: string;
  readonly title: string;
  readonly epic: string;
  readonly status: Status;
  readonly statusText: string;
  readonly worker: string;
  readonly files: readonly string[];
  readonly respawns?: number;
  readonly line: number;
  readonly row: TableRow;
}

export type ConflictKind = 'parallel' | 'sequential' | 'batch' | 'conflict';

export interface ConflictEntry {
  readonly kind: ConflictKind;
  /** Task ids, resolved to the Tasks table's ids where they name a task. */
  readonly tasks: readonly string[];
  readonly batch?: number;
  /** For a batch: whether its tasks may run together. */
  readonly parallel?: boolean;
  readonly note: string;
  readonly line: number;
}

export interface LogEntry {
  readonly timestamp: string;
  readonly text: string;
  readonly line: number;
}

export interface ValidationRow {
  /** The task as written in the row. */
  readonly task: string;
  /** The id (as the Tasks table writes it) of the task the row names, when it names one. */
  readonly taskId?: string;
  readonly testsRun: string;
  readonly testsPassed: string;
  readonly typesPassed: string;
  readonly valid?: boolean;
  readonly validText: string;
  readonly line: number;
  readonly row: TableRow;
}

export interface ReviewRow {
  readonly epic: string;
  readonly reviewer: string;
  readonly status: Status;
  readonly statusText: string;
  readonly warnings: string;
  readonly respawns?: number;
  readonly line: number;
  readonly row: TableRow;
}

export interface ChecklistItem {
  readonly checked: boolean;
  readonly text: string;
  readonly line: number;
}

export interface YamlBlock {
  readonly line: number;
  readonly endLine: number;
  readonly source: string;
  /** What the block holds; absent when it does not parse (`error`) or is past the plan's yaml budget (finding `yaml-budget`). */
  readonly value?: unknown;
  readonly error?: { readonly message: string; readonly line: number };
}

export interface HeaderField {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** Lines the parser reads as code or raw HTML, or skips: nothing in them is in the model. */
export interface HiddenRegion {
  readonly line: number;
  /** Line after the last hidden one; the line count when everything after `line` is hidden. */
  readonly endLine: number;
  /** One line for a finding or a refusal: `an unclosed code fence at line 5 hides everything after it`. */
  readonly message: string;
  /** A line in it looks like a heading: a section the model misses, which an edit must not add a second time. */
  readonly hidesHeading: boolean;
}

export interface Plan {
  /** False when the first level-1 heading is not `# Beads Work Plan…`. */
  readonly isPlan: boolean;
  readonly title: string;
  readonly titleLine: number;
  readonly header: readonly HeaderField[];
  readonly eol: '\n' | '\r\n' | '\r';
  readonly bom: boolean;
  readonly lineCount: number;
  readonly sections: readonly Section[];
  readonly phases: readonly Phase[];
  readonly phaseTable?: Table;
  readonly currentPhase: CurrentPhase;
  readonly targetTasks: readonly ListItem[];
  readonly tasks: readonly Task[];
  readonly taskTable?: Table;
  readonly conflicts: readonly ConflictEntry[];
  readonly log: readonly LogEntry[];
  readonly validation: readonly ValidationRow[];
  readonly validationTable?: Table;
  readonly review: readonly ReviewRow[];
  readonly reviewTable?: Table;
  readonly reviewNotes: readonly ListItem[];
  readonly closedTasks: readonly ListItem[];
  readonly discoveredIssues: readonly ListItem[];
  readonly checklist: readonly ChecklistItem[];
  readonly yamlBlocks: readonly YamlBlock[];
  readonly hidden: readonly HiddenRegion[];
  readonly findings: readonly Finding[];
}
