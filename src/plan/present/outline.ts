// The plan as a tree of nodes, with no editor types: labels, descriptions,
// codicon ids, context values and stable ids. The editor's tree view and the
// CodeLens only translate these.
import { STATUSES, type Finding, type Phase, type Plan, type ReviewRow, type Status, type Task, type ValidationRow } from '../model';
import { headerValue, phaseSummary, planLabel, planTaskId } from '../rules/summary';
import { phaseByRole, roleOf } from '../read/roles';
import { isCancelled, isFinished } from '../read/status';
import { isResumable, workerRuns, type LastRun } from '../formats/workerLog';
import { buildTimeline, lastRunDurations } from '../timeline/model';
import { attentionText, type Attention, type AttentionKind } from '../rules/attention';
import { advanceable, taskAction } from '../rules/guards';
import { formatDuration, formatElapsed, formatSilence } from '../formats/duration';
import { checkGate } from '../rules/gate';

/** Node kinds and context flags: the one vocabulary `when` clauses match (`viewItem =~ /^task;.*ready;/`). */
export enum Ctx {
  Plan = 'plan',
  Group = 'group',
  Phase = 'phase',
  Task = 'task',
  File = 'file',
  Validation = 'validation',
  Review = 'review',
  Finding = 'finding',
  /** The phase the plan is at. */
  Current = 'current',
  /** The user-approved commit phase. */
  CommitPhase = 'commitPhase',
  /** The Summary & Wait phase (the HARD STOP), where the commit is offered too. */
  SummaryPhase = 'summaryPhase',
  /** On the plan and on the phase that Advance to Next Phase would mark done: offered only where it can work. */
  Advance = 'advance',
  /** A task a worker may start: pending, failed or blocked, and not running. */
  Ready = 'ready',
  /** A task that is not ready and not running (done, cancelled, in progress elsewhere): a worker runs again only once the user confirms. */
  RunAgain = 'runAgain',
  Running = 'running',
  /** A failed or cancelled task whose last worker run recorded a Claude Code session to resume. */
  Resumable = 'resumable',
  /** A task the Execution Log says a worker ran for: it may have a raw log. */
  WorkerRan = 'workerRan',
  Finished = 'finished',
  /** On the plan and its commit and summary phases when the gate lets the commit through: Commit is offered only there. */
  Commitable = 'commitable',
  /** On a plan with a task a worker may start: Run All Ready Workers is offered only there. */
  HasReady = 'hasReady',
  /** A file that lost its plan title: shown with what could be read, no plan actions. */
  Damaged = 'damaged',
  /** The Ready in beads group at the top of the view (src/editor/views/beadsTree.ts). */
  BeadsReady = 'beadsReady',
  /** A ready beads issue no plan names. */
  BeadsIssue = 'beadsIssue',
  /** A task whose beads issue bd answered about: Open in beads is offered. */
  InBeads = 'inBeads',
}

const GROUPS = ['phases', 'tasks', 'validation', 'review', 'findings'] as const;

type GroupName = (typeof GROUPS)[number];

/** Every word a context value is made of: the kinds and flags, the statuses, the group names. */
export const CONTEXT_FLAGS: ReadonlySet<string> = new Set<string>([...Object.values(Ctx), ...STATUSES, ...GROUPS]);

export interface OutlineNode {
  readonly kind: Ctx;
  /** Stable across re-parses: built from the parent's id and the element's identity, never its index. */
  readonly id: string;
  readonly parent?: OutlineNode;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon id (`pass`, `sync~spin`) and an optional theme color id. */
  readonly icon?: { readonly id: string; readonly color?: string };
  /** The 0-based line of the plan to reveal. */
  readonly line?: number;
  readonly contextValue: string;
  readonly children: OutlineNode[];
  readonly expanded?: boolean;
  readonly group?: GroupName;
  readonly taskId?: string;
  readonly phaseNumber?: number;
  /** A file named by a task, as written in the plan. */
  readonly file?: string;
}

/** What a running worker is doing, as its output tells (ms since epoch). */
export interface WorkerActivity {
  readonly started: number;
  /** The current step of a stream-json worker: `Edit foo.py`, `Bash: pytest -q`. */
  readonly step?: string;
  /** The last few steps, oldest first. */
  readonly recent?: readonly string[];
  /** Set while the worker is stalled: when it last printed anything. */
  readonly silentSince?: number;
}

interface OutlineOptions {
  /** Display name for the plan when it names nothing better (its file name). */
  readonly fallbackLabel: string;
  /** Shown in the tooltip. */
  readonly path: string;
  /** Tasks with a running worker, and what each is doing. */
  readonly running?: ReadonlyMap<string, WorkerActivity>;
  readonly now?: number;
  readonly openTasksOnly?: boolean;
  /** What the plan needs from its user now (src/plan/rules/attention.ts), shown on the plan node. */
  readonly attention?: Attention;
  /** The plan's user-approved commit, as git knows it (its trailer names the plan): shown on the commit phase. */
  readonly committed?: { readonly shortHash: string; readonly subject: string };
}

const ICONS: Readonly<Record<Status, { id: string; color?: string }>> = {
  done: { id: 'pass', color: 'testing.iconPassed' },
  closed: { id: 'pass-filled', color: 'testing.iconPassed' },
  pending: { id: 'clock' },
  in_progress: { id: 'sync~spin', color: 'charts.blue' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  blocked: { id: 'warning', color: 'list.warningForeground' },
  skipped: { id: 'circle-slash', color: 'disabledForeground' },
  unknown: { id: 'question' },
};

const ATTENTION_ICONS: Readonly<Record<AttentionKind, { id: string; color?: string }>> = {
  awaitingApproval: { id: 'bell-dot', color: 'charts.yellow' },
  blockedAtGate: { id: 'warning', color: 'list.warningForeground' },
  workerStalled: { id: 'watch', color: 'list.warningForeground' },
  taskFailed: { id: 'error', color: 'testing.iconFailed' },
};

/** A cancel reads failed (it may run again) but is no failure: its own icon, apart from skipped's. */
const CANCELLED_ICON = { id: 'debug-stop', color: 'descriptionForeground' } as const;

/** The codicon of a status; given the cell's text, a cancelled one gets its own. */
function statusIcon(status: Status, text = ''): { id: string; color?: string } {
  return status === 'failed' && isCancelled(text) ? CANCELLED_ICON : ICONS[status];
}

export function contextValue(kind: Ctx, ...flags: ReadonlyArray<string | false | undefined>): string {
  return [kind, ...flags.filter((f): f is string => typeof f === 'string' && f !== '')].map((f) => `${f};`).join('');
}

/** About what the default sidebar width shows beside a label: a longer description is cut, the tooltip keeps it whole. */
export const DESCRIPTION_MAX = 40;
/** Where a cell's first clause ends: `yes (340 tests)`, `N/A - docs only`, `done; see notes`. */
const CLAUSE_END = / \(| [-–—] |; /;

/** `text` cut to `max` characters (code points, so that an emoji is never split), with an ellipsis when cut. */
export function capText(text: string, max = DESCRIPTION_MAX): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** A cell's first clause, capped: the tree's words for it. */
function firstClause(text: string, max = DESCRIPTION_MAX): string {
  return capText(text.split(CLAUSE_END)[0]!.trim(), max);
}

/** A note as the tree shows it: whole when it fits, else its first clause. */
function shortNote(text: string): string {
  return [...text].length <= DESCRIPTION_MAX ? text : firstClause(text);
}

/**
 * The ids a person reads: a beads id without its project prefix
 * (`django-litefs-8oi.4` → `8oi.4`, `django-litefs-f8s` → `f8s`), as the
 * plan's own notes write them. An id with no prefix (`3b6.1`), or one whose
 * short form another task of the plan shares, stays whole.
 */
export function shortTaskIds(ids: readonly string[]): Map<string, string> {
  const short = (id: string) => /^[a-z][\w-]*?-([a-z0-9]+(?:\.\d+)*)$/i.exec(id)?.[1] ?? id;
  const counts = new Map<string, number>();
  for (const id of new Set(ids)) counts.set(short(id), (counts.get(short(id)) ?? 0) + 1);
  return new Map(ids.map((id) => [id, counts.get(short(id)) === 1 ? short(id) : id]));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function node(parent: OutlineNode | undefined, key: string, fields: Omit<OutlineNode, 'id' | 'parent' | 'children'>): Mutable<OutlineNode> {
  return { ...fields, id: parent ? `${parent.id}/${key}` : key, ...(parent ? { parent } : {}), children: [] };
}

function phaseNode(parent: OutlineNode, p: Phase, current: boolean, commit: boolean, committed: OutlineOptions['committed'], advances: boolean, gateOpen: boolean): OutlineNode {
  const made = commit && p.status === 'done' ? committed : undefined;
  return node(parent, String(p.number), {
    kind: Ctx.Phase,
    label: `${p.number}. ${p.name}`,
    description: capText([current ? '← current' : '', made ? `committed ${made.shortHash}` : '', shortNote(p.notes.replace(/\*\*/g, ''))].filter(Boolean).join(' · ')),
    tooltip: `Phase ${p.number}: ${p.name}\nStatus: ${p.statusText || '—'}${p.agent ? `\nAgent: ${p.agent}` : ''}${p.notes ? `\nNotes: ${p.notes}` : ''}${made ? `\nCommit: ${made.shortHash} ${made.subject}` : ''}`,
    icon: current && p.status === 'pending' ? { id: 'arrow-right', color: 'charts.yellow' } : statusIcon(p.status, p.statusText),
    line: p.line,
    contextValue: contextValue(
      Ctx.Phase,
      p.status,
      current && Ctx.Current,
      commit && Ctx.CommitPhase,
      roleOf(p) === 'summary' && Ctx.SummaryPhase,
      advances && Ctx.Advance,
      (commit || roleOf(p) === 'summary') && gateOpen && Ctx.Commitable,
    ),
    phaseNumber: p.number,
  });
}

/** The least of a running task's step the tree shows. */
const STEP_MIN = 12;

function runningDetails(a: WorkerActivity, now: number): { description: string[]; tooltip: string[] } {
  const stalled = a.silentSince !== undefined ? `stalled ${formatSilence(now - a.silentSince)}` : '';
  const elapsed = formatElapsed(now - a.started);
  // A plain worker reads `running 1m05s`, a stream-json one `Edit foo.py · 1m05s`; a stalled one says so first.
  // The step is cut so that the elapsed time after it stays in view; the tooltip has it whole.
  const room = DESCRIPTION_MAX - [stalled, elapsed].filter(Boolean).join(' · ').length - ' · '.length * (stalled ? 2 : 1);
  const step = a.step && capText(a.step, Math.max(STEP_MIN, room));
  const description = (stalled ? [stalled, step, elapsed] : step ? [step, elapsed] : [`running ${elapsed}`]).filter((d): d is string => Boolean(d));
  const tooltip = [
    `Running for ${elapsed}${a.step ? `: ${a.step}` : ''}`,
    stalled && `Stalled: no output for ${formatSilence(now - a.silentSince!)}`,
    a.recent && a.recent.length > 0 ? `Recent steps:\n${a.recent.map((r) => `  ${r}`).join('\n')}` : '',
  ].filter(Boolean);
  return { description, tooltip };
}

function taskNode(parent: OutlineNode, t: Task, label: string, last: LastRun | undefined, lastRunMs: number | undefined, opts: OutlineOptions): OutlineNode {
  const activity = opts.running?.get(t.id);
  const running = activity !== undefined;
  const live = activity ? runningDetails(activity, opts.now ?? Date.now()) : undefined;
  const lastLine =
    last && !running && last.outcome !== 'running'
      ? `Last worker run: ${last.outcome}${last.reason ? `: ${last.reason}` : ''}${last.sessionId ? ` (session ${last.sessionId})` : ''}`
      : '';
  // The label is the short id alone, so that what follows it (a running
  // worker's step and elapsed time first, then the title) is in view at the
  // default sidebar width; the full id is in the tooltip.
  const details = [
    ...(live?.description ?? []),
    t.title,
    t.worker,
    t.respawns ? `respawns ${t.respawns}` : '',
    !running && isFinished(t.status) && lastRunMs !== undefined ? `last run ${formatDuration(lastRunMs)}` : '',
  ].filter(Boolean);
  const action = taskAction(t, running);
  const resumable = !running && isResumable(t, last);
  const n = node(parent, encodeURIComponent(t.id), {
    kind: Ctx.Task,
    label,
    description: details.join(' · '),
    tooltip: [
      `${t.fullId}: ${t.title}`,
      `Status: ${t.statusText || '—'}`,
      t.epic && `Epic: ${t.epic}`,
      t.worker && `Worker: ${t.worker}`,
      ...(live?.tooltip ?? []),
      lastLine,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: activity?.silentSince !== undefined ? { id: 'warning', color: 'list.warningForeground' } : running ? statusIcon('in_progress') : statusIcon(t.status, t.statusText),
    line: t.line,
    contextValue: contextValue(
      Ctx.Task,
      t.status,
      action === 'run' && Ctx.Ready,
      action === 'runAgain' && Ctx.RunAgain,
      running && Ctx.Running,
      resumable && Ctx.Resumable,
      last !== undefined && Ctx.WorkerRan,
      isFinished(t.status) && Ctx.Finished,
    ),
    taskId: t.id,
  });
  for (const f of t.files)
    n.children.push(
      node(n, `files/${encodeURIComponent(f)}`, {
        kind: Ctx.File,
        label: f,
        icon: { id: 'file' },
        line: t.line,
        contextValue: contextValue(Ctx.File),
        file: f,
        taskId: t.id,
      }),
    );
  return n;
}

/** `tests yes · passed yes (46) · types N/A`; too long for the tree, each cell's first word (`✅ 6 new tests` → `✅`). */
function validationDescription(v: ValidationRow): string {
  const cells = [v.testsRun, v.testsPassed, v.typesPassed].map((c) => c.split(CLAUSE_END)[0]!.trim());
  const text = (words: readonly string[]) => ['tests', 'passed', 'types'].map((name, i) => `${name} ${words[i] || '-'}`).join(' · ');
  const whole = text(cells);
  return [...whole].length <= DESCRIPTION_MAX ? whole : capText(text(cells.map((c) => c.split(' ')[0]!)));
}

function validationNode(parent: OutlineNode, v: ValidationRow, task: Task | undefined): OutlineNode {
  const status: Status = v.valid === true ? 'done' : v.valid === false ? 'failed' : 'unknown';
  // What the extension made of the Valid cell, beside the cell itself: a cell it cannot read is said to be so.
  const read = v.valid === true ? 'valid' : v.valid === false ? 'not valid' : 'unreadable: neither valid nor invalid';
  return node(parent, encodeURIComponent(v.task), {
    kind: Ctx.Validation,
    label: v.task,
    description: validationDescription(v),
    tooltip: [
      task ? `${task.fullId}: ${task.title}` : `${v.task} (no such task in the Tasks table)`,
      `Valid: ${v.validText || '—'} (read as ${read})`,
      `Tests run: ${v.testsRun || '—'}`,
      `Tests passed: ${v.testsPassed || '—'}`,
      `Types passed: ${v.typesPassed || '—'}`,
    ].join('\n'),
    icon: statusIcon(status),
    line: v.line,
    contextValue: contextValue(Ctx.Validation, status),
    ...(v.taskId ? { taskId: v.taskId } : {}),
  });
}

function reviewNode(parent: OutlineNode, r: ReviewRow): OutlineNode {
  return node(parent, encodeURIComponent(`${r.epic}@${r.reviewer}`), {
    kind: Ctx.Review,
    label: r.epic || r.reviewer,
    description: capText([r.reviewer, firstClause(r.statusText), r.warnings && r.warnings !== '0' ? `warnings ${firstClause(r.warnings)}` : ''].filter(Boolean).join(' · ')),
    tooltip: [`${r.epic || r.reviewer}`, r.reviewer && `Reviewer: ${r.reviewer}`, `Status: ${r.statusText || '—'}`, r.warnings && `Warnings: ${r.warnings}`].filter(Boolean).join('\n'),
    icon: statusIcon(r.status, r.statusText),
    line: r.line,
    contextValue: contextValue(Ctx.Review, r.status),
  });
}

function findingNode(parent: OutlineNode, f: Finding): OutlineNode {
  return node(parent, `${f.code}@${f.line}`, {
    kind: Ctx.Finding,
    label: f.message,
    description: `line ${f.line + 1}`,
    icon: f.severity === 'error' ? { id: 'error', color: 'problemsErrorIcon.foreground' } : f.severity === 'warning' ? { id: 'warning', color: 'problemsWarningIcon.foreground' } : { id: 'info' },
    line: f.line,
    contextValue: contextValue(Ctx.Finding, f.severity),
  });
}

function groupNode(parent: OutlineNode, group: GroupName, label: string, description: string, icon: string, line: number | undefined): Mutable<OutlineNode> {
  return node(parent, group, {
    kind: Ctx.Group,
    label,
    description,
    icon: { id: icon },
    ...(line !== undefined ? { line } : {}),
    contextValue: contextValue(Ctx.Group, group),
    group,
    expanded: group === 'phases' || group === 'tasks',
  });
}

/** The plan's subtree: the plan node with its groups and their items. */
export function buildOutline(plan: Plan, id: string, opts: OutlineOptions): OutlineNode {
  const summary = phaseSummary(plan);
  const advance = advanceable(plan);
  const generated = headerValue(plan, 'Generated');
  const session = headerValue(plan, 'Session');
  const damaged = plan.isPlan ? undefined : plan.findings.find((f) => f.code === 'not-a-plan');
  const attention = opts.attention;
  const commit = phaseByRole(plan.phases, 'commit');
  // Commit is offered only where the gate lets it through (the blocked-at-gate attention holds the editor's outside checks too).
  const gateOpen = !damaged && commit?.status !== 'done' && attention?.kind !== 'blockedAtGate' && checkGate(plan).ok;
  const hasReady = plan.tasks.some((t) => taskAction(t, opts.running?.has(t.id) === true) === 'run');
  const running = plan.tasks.filter((t) => opts.running?.has(t.id)).length;
  // What needs the user first, then how many workers run (before the phase, so that it stays in view at 300 px).
  const state = damaged ? 'not readable as a plan' : attention ? attentionText(attention) : running > 0 ? `${running} running · ${summary.text}` : summary.text;
  const name = planLabel(plan) ?? opts.fallbackLabel;
  const taskId = planTaskId(plan);
  // A plan named by its task reads as its task row does (`f8s`), so that its state stays in view at the default width.
  const label = taskId ? shortTaskIds([taskId]).get(taskId)! : name;
  const root = node(undefined, id, {
    kind: Ctx.Plan,
    label,
    description: state,
    tooltip: [
      label === name ? undefined : name,
      opts.path,
      damaged?.message,
      attention && `Needs you: ${attentionText(attention)}${attention.summary ? ` (${attention.summary})` : ''}`,
      attention && summary.text,
      generated && `Generated: ${generated}`,
      session && `Session: ${session}`,
    ]
      .filter(Boolean)
      .join('\n'),
    icon: damaged ? { id: 'warning', color: 'list.warningForeground' } : attention ? ATTENTION_ICONS[attention.kind] : { id: summary.complete ? 'pass-filled' : 'checklist' },
    line: Math.max(0, plan.titleLine),
    contextValue: contextValue(Ctx.Plan, damaged ? Ctx.Damaged : summary.complete && Ctx.Finished, advance.ok && Ctx.Advance, gateOpen && Ctx.Commitable, !damaged && hasReady && Ctx.HasReady),
    expanded: false,
  });
  const sectionLine = (kind: string) => plan.sections.find((s) => s.kind === kind)?.line;

  if (plan.phases.length > 0) {
    const g = groupNode(root, 'phases', 'Phases', summary.doneText, 'list-ordered', sectionLine('phaseChecklist'));
    for (const p of plan.phases) g.children.push(phaseNode(g, p, p === summary.phase && !summary.complete, p === commit, opts.committed, advance.ok && p === advance.current, gateOpen));
    root.children.push(g);
  }
  if (plan.tasks.length > 0) {
    const done = plan.tasks.filter((t) => isFinished(t.status)).length;
    const g = groupNode(root, 'tasks', 'Tasks', `${done}/${plan.tasks.length} done`, 'tasklist', plan.taskTable?.line);
    const shown = opts.openTasksOnly ? plan.tasks.filter((t) => !isFinished(t.status) || opts.running?.has(t.id)) : plan.tasks;
    const runs = workerRuns(plan.log);
    const lastRuns = lastRunDurations(buildTimeline(plan));
    const labels = shortTaskIds(plan.tasks.map((t) => t.id));
    for (const t of shown) g.children.push(taskNode(g, t, labels.get(t.id)!, runs.get(t.id), lastRuns.get(t.id), opts));
    root.children.push(g);
  }
  if (plan.validation.length > 0) {
    const valid = plan.validation.filter((v) => v.valid === true).length;
    const g = groupNode(root, 'validation', 'Validation', `${valid}/${plan.validation.length} valid`, 'beaker', plan.validationTable?.line);
    for (const v of plan.validation) g.children.push(validationNode(g, v, v.taskId === undefined ? undefined : plan.tasks.find((t) => t.id === v.taskId)));
    root.children.push(g);
  }
  if (plan.review.length > 0) {
    const g = groupNode(root, 'review', 'Review', `${plan.review.length}`, 'eye', plan.reviewTable?.line);
    for (const r of plan.review) g.children.push(reviewNode(g, r));
    root.children.push(g);
  }
  if (plan.findings.length > 0) {
    const g = groupNode(root, 'findings', 'Findings', `${plan.findings.length}`, 'lightbulb', undefined);
    for (const f of plan.findings) g.children.push(findingNode(g, f));
    root.children.push(g);
  }
  return root;
}

/** The deepest node that sits on `line` (a row, or failing that its group's heading), for following the cursor. */
export function nodeAtLine(root: OutlineNode, line: number): OutlineNode | undefined {
  for (const group of root.children) {
    for (const item of group.children) if (item.line === line) return item;
    if (group.line === line) return group;
  }
  return root.line === line ? root : undefined;
}
