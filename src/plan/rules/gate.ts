// The gate before the commit phase ("User-Approved Commit"): what must hold
// before anyone commits the plan's work. It fails closed: whatever it needs
// and cannot read blocks, with its reason and line. What the plan contradicts
// blocks; what the user may reasonably override (a task still ready, a
// Current Phase line that lags behind) is a warning, shown before the commit.
// The extension, `beads-plan gate` and the CLI's commit-phase edits all ask here.
import type { Finding, Phase, Plan, Status, Task } from '../model';
import { formatStatus, isFinished, readStatus, readYesNo } from '../read/status';
import { phaseByRole, roleOf } from '../read/roles';
import { isNone } from '../read/table';

export interface GateEntry {
  /** Stable id, e.g. `phase-unfinished`, `task-pending`; the README lists them. */
  readonly code: string;
  readonly message: string;
  /** 0-based, like the model. */
  readonly line: number;
}

export interface GateResult {
  /** True when nothing blocks: the commit may proceed, after the user has seen the warnings. */
  readonly ok: boolean;
  /** Why the commit may not proceed, in line order; empty when `ok`. */
  readonly blocks: readonly GateEntry[];
  /** What the user should see before approving, in line order. */
  readonly warnings: readonly GateEntry[];
}

/** Parser findings that mean the plan could not be read as the gate needs it: each blocks, as the parser words it. */
const UNREADABLE: ReadonlySet<string> = new Set(['not-a-plan', 'parse', 'phase-columns', 'phase-number', 'duplicate-phase', 'second-table', 'duplicate-task']);

/** A commit hash in a Notes cell: 7 to 40 hex digits with at least one digit and one letter (not a word, not a date). */
const HASH = /(?<![\p{L}\p{N}])(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}(?![\p{L}\p{N}])/iu;

const entry = (code: string, message: string, line: number): GateEntry => ({ code, message, line });
/** A parser finding as a gate entry, worded as the gate words its own (no closing period). */
const fromFinding = (f: Finding): GateEntry => entry(f.code, f.message.replace(/\.$/, ''), f.line);

/** How a status is named in a message: its emoji form, or its text in quotes with the reason it reads unknown. */
function shown(status: Status, statusText: string): string {
  if (status !== 'unknown') return formatStatus(status, { emoji: true, underscore: false });
  if (isNone(statusText)) return 'without a status';
  const why = readStatus(statusText).doubt;
  return `"${statusText}", which is not understood${why ? ` (${why})` : ''}`;
}

function phaseBlock(phase: Phase, isSummary: boolean): GateEntry {
  const head = `Phase ${phase.number} ${phase.name} is ${shown(phase.status, phase.statusText)}`;
  if (phase.status === 'unknown') return entry('phase-unreadable', `${head}: it must say done or skipped before committing`, phase.line);
  return isSummary
    ? entry('summary-pending', `${head}: the summary must be done before committing`, phase.line)
    : entry('phase-unfinished', `${head}: it must be done or skipped before committing`, phase.line);
}

function commitPhaseBlocks(commit: Phase): GateEntry[] {
  const name = `Phase ${commit.number} ${commit.name}`;
  if (commit.status === 'done' || commit.status === 'closed')
    return [entry('already-committed', `${name} is already done`, commit.line)];
  if (commit.status !== 'pending')
    return [entry('commit-phase-state', `${name} is ${shown(commit.status, commit.statusText)}: the commit phase must be pending until the user approves`, commit.line)];
  // The one cell that says the commit has not happened says nothing else: `pending (pushed)` must not pass.
  if (readStatus(commit.statusText).reason !== undefined)
    return [entry('commit-phase-state', `${name} is "${commit.statusText}": the commit phase's status must say pending and nothing more (notes go in Notes)`, commit.line)];
  const hash = HASH.exec(commit.notes)?.[0];
  return hash ? [entry('already-committed', `${name}'s Notes name a commit (${hash}): the plan was already committed`, commit.line)] : [];
}

/** The last phase of the checklist's leading run of finished ones. */
function lastFinished(phases: readonly Phase[]): Phase | undefined {
  const firstOpen = phases.findIndex((p) => !isFinished(p.status));
  return firstOpen < 0 ? phases.at(-1) : phases[firstOpen - 1];
}

function currentPhaseEntries(plan: Plan, blocks: GateEntry[], warnings: GateEntry[]): void {
  const written = plan.currentPhase.written;
  if (written?.number !== undefined) {
    const last = lastFinished(plan.phases);
    if (written.number > (last?.number ?? -1)) {
      const since = last ? `after the last finished phase (${last.number} ${last.name})` : 'while no phase is finished';
      blocks.push(entry('current-phase-ahead', `Current Phase says ${written.number}, ${since}: the plan says it is further along than its checklist`, written.line));
      return;
    }
  }
  for (const f of plan.findings) if (f.code === 'current-phase-mismatch') warnings.push(fromFinding(f));
}

function checklistEntries(plan: Plan, blocks: GateEntry[], warnings: GateEntry[]): void {
  const { phases } = plan;
  if (phases.length === 0) {
    blocks.push(entry('no-checklist', 'The plan has no Phase Checklist, so its progress cannot be checked', Math.max(0, plan.titleLine)));
    return;
  }
  const commits = phases.filter((p) => roleOf(p) === 'commit');
  const commit = commits.length === 1 ? commits[0]! : undefined;
  if (commits.length === 0)
    blocks.push(entry('no-commit-phase', 'No phase of the Phase Checklist is named as the commit (e.g. "User-Approved Commit"), so nothing says the commit waits for the user', plan.phaseTable?.line ?? phases[0]!.line));
  for (const other of commits.slice(1))
    blocks.push(entry('several-commit-phases', `Phase ${other.number} ${other.name} is named as a commit too (besides phase ${commits[0]!.number} ${commits[0]!.name}): the plan must have one commit phase`, other.line));
  // Before the commit: above it in the table, or numbered below it. Without one commit phase, every other phase.
  const at = commit ? phases.indexOf(commit) : -1;
  const before = commit ? phases.filter((p, k) => p !== commit && (k < at || p.number < commit.number)) : phases.filter((p) => roleOf(p) !== 'commit');
  const summary = phaseByRole(before, 'summary');
  for (const p of before) if (!isFinished(p.status)) blocks.push(phaseBlock(p, p === summary));
  if (!commit) return;
  blocks.push(...commitPhaseBlocks(commit));
  currentPhaseEntries(plan, blocks, warnings);
}

function taskEntries(plan: Plan, blocks: GateEntry[], warnings: GateEntry[]): void {
  const validFor = (t: Task) => plan.validation.filter((v) => v.taskId === t.id);
  for (const t of plan.tasks) {
    const name = `Task ${t.id} (${t.title})`;
    const rows = validFor(t);
    switch (t.status) {
      case 'unknown':
        blocks.push(entry('task-unreadable', `${name} is ${shown(t.status, t.statusText)}: the gate cannot tell whether its work is done`, t.line));
        break;
      case 'in_progress':
        blocks.push(entry('task-in-progress', `${name} is still in progress`, t.line));
        break;
      case 'failed':
        blocks.push(entry('task-failed', `${name} failed`, t.line));
        break;
      case 'blocked':
        if (rows.length > 0 && rows.every((v) => v.valid === true))
          warnings.push(entry('task-blocked', `${name} is blocked, though Worker Validation marks it valid`, t.line));
        else blocks.push(entry('task-blocked', `${name} is blocked, and no Worker Validation row marks it valid`, t.line));
        break;
      case 'pending':
        warnings.push(entry('task-pending', `${name} is still ${shown(t.status, t.statusText)} ("${t.statusText}"): its work may not be done`, t.line));
        break;
      case 'done':
      case 'closed':
        if (rows.length === 0) warnings.push(entry('validation-missing', `${name} is ${t.status}, but Worker Validation has no row for it`, t.line));
        break;
      case 'skipped':
        break;
    }
  }
}

function validationBlocks(plan: Plan): GateEntry[] {
  return plan.validation.flatMap((v) => {
    if (v.valid === true) return [];
    if (v.valid === false) return [entry('validation-invalid', `Worker Validation marks ${v.task} as not valid (${v.validText})`, v.line)];
    const why = readYesNo(v.validText).doubt;
    const says = isNone(v.validText) ? 'has no Valid answer' : `says Valid "${v.validText}", which is not a yes${why ? ` (${why})` : ''}`;
    return [entry('validation-unreadable', `Worker Validation for ${v.task} ${says}`, v.line)];
  });
}

function checklistItemWarnings(plan: Plan): GateEntry[] {
  return plan.checklist
    .filter((c) => !c.checked)
    .map((c) => entry('verification-unchecked', `Final Verification item "${c.text}" is not checked`, c.line));
}

const byLine = (a: GateEntry, b: GateEntry): number => a.line - b.line;

/** What the gate learns from outside the plan's text (the git state a worker left, recorded by the editor). */
export interface GateOutside {
  readonly blocks?: readonly GateEntry[];
  readonly doubts?: readonly GateEntry[];
}

/** Whether the plan allows the user-approved commit now: every block and every warning, each in line order. */
export function checkGate(plan: Plan, outside: GateOutside = {}): GateResult {
  const blocks = [...plan.findings.filter((f) => UNREADABLE.has(f.code)).map(fromFinding), ...(outside.blocks ?? [])];
  // Doubts from outside (a staged index) are shown like the plan's warnings.
  const warnings: GateEntry[] = [...(outside.doubts ?? [])];
  checklistEntries(plan, blocks, warnings);
  taskEntries(plan, blocks, warnings);
  blocks.push(...validationBlocks(plan));
  warnings.push(...checklistItemWarnings(plan));
  return { ok: blocks.length === 0, blocks: blocks.sort(byLine), warnings: warnings.sort(byLine) };
}
