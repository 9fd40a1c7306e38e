// A plan's Execution Log read as a timeline: when each phase ran, every
// worker run of every task (with its duration, turns and cost where the log
// records them), and every entry as a point event. The lines the extension
// writes itself (the worker service, Set Phase Status, Advance, Run All Ready
// Workers, Record Validation, the commit) are read exactly; an orchestrator's
// own words ("Worker spawned for …", "Discovery complete") are read where they
// name what they are about, and what comes from them is marked inferred.
//
// Nothing is invented: an entry without a time of day (no timestamp, or a bare
// date) has no `at`; a log that goes backwards is held at its latest time, so
// no duration is ever negative.
import type { LogEntry, Phase, Plan, Status, Task } from '../model';
import { taskFinder } from '../read/taskIds';
import { phaseByRole } from '../read/roles';
import { isFinished } from '../read/status';
import { readWorkerLine, type WorkerLine } from '../formats/workerLog';
import { readDuration } from '../formats/duration';
import { readPlanLogLine } from '../formats/planLog';
import { readTimeOfDay } from '../formats/timestamp';


type EntryKind =
  | 'workerStarted'
  | 'workerResumed'
  | 'workerEnded'
  | 'phase'
  | 'runAll'
  | 'validation'
  | 'approval'
  | 'commit'
  | 'note';

export interface TimelineEntry {
  /** Position in the Execution Log, from 0. */
  readonly index: number;
  readonly line: number;
  /** As written; '' when the entry has none. */
  readonly timestamp: string;
  /** Milliseconds since the timeline's origin (its first entry with a time of day); absent without one. */
  readonly at?: number;
  /** The log went backwards here: `at` is held at the latest time before it. */
  readonly backwards?: true;
  readonly text: string;
  readonly kind: EntryKind;
  /** The task the entry is about (its id as the Tasks table writes it), for one-task lines. */
  readonly taskId?: string;
}

type RunOutcome = 'done' | 'failed' | 'cancelled' | 'running' | 'unfinished';

export interface TaskRun {
  readonly taskId: string;
  /** 1 for the first run of the task; every later one is a respawn. */
  readonly attempt: number;
  readonly outcome: RunOutcome;
  /** The entry that started it; absent when the log has only its end. */
  readonly start?: TimelineEntry;
  readonly end?: TimelineEntry;
  /** As the end line records it, else the time between its two entries. */
  readonly durationMs?: number;
  readonly turns?: number;
  readonly costUsd?: number;
  readonly session?: string;
  /** Why a failed run failed, as its line says. */
  readonly reason?: string;
  readonly resumed: boolean;
  /** Read from an orchestrator's own wording, not from the extension's exact lines. */
  readonly inferred: boolean;
}

export interface TaskLane {
  readonly id: string;
  /** '' for a task the log names but the Tasks table no longer has. */
  readonly title: string;
  readonly status: Status;
  readonly runs: readonly TaskRun[];
  /** Other entries about this task alone (a recorded validation). */
  readonly events: readonly TimelineEntry[];
  readonly respawns: number;
  /** The sum of the runs' known durations. */
  readonly totalMs?: number;
  readonly costUsd?: number;
}

export interface PhaseSpan {
  readonly number: number;
  readonly name: string;
  readonly status: Status;
  readonly start?: TimelineEntry;
  readonly end?: TimelineEntry;
  readonly durationMs?: number;
  /** A bound came from an orchestrator's wording, a neighbouring phase or the worker runs. */
  readonly inferred: boolean;
}

export interface Timeline {
  /** `time` when the log has at least two different times of day; `order` (log order only) otherwise. */
  readonly axis: 'time' | 'order';
  /** The first timestamp with a time of day, as written. */
  readonly origin?: string;
  readonly entries: readonly TimelineEntry[];
  /** Every phase of the checklist, in its order. */
  readonly phases: readonly PhaseSpan[];
  /** Tasks the log says something about, in the Tasks table's order. */
  readonly tasks: readonly TaskLane[];
  readonly totals: {
    /** From the origin to the latest time in the log. */
    readonly wallMs?: number;
    readonly runs: number;
    readonly turns?: number;
    readonly costUsd?: number;
    /** The task whose runs took longest in all. */
    readonly slowest?: { readonly taskId: string; readonly durationMs: number };
  };
}

// ---------------------------------------------------------------------------
// Times

/** Sums of dollar amounts without float dust (0.05 + 0.12 is 0.17, not 0.16999…). */
function cents(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}


// ---------------------------------------------------------------------------
// The extension's own lines


interface Ended {
  readonly outcome: 'done' | 'failed' | 'cancelled';
  /** As the line says; undefined when it cannot be read, so the run's timestamps decide. */
  readonly durationMs?: number;
  readonly reason?: string;
  readonly turns?: number;
  readonly costUsd?: number;
  readonly session?: string;
}

/** A worker's end line, read by the one reader of those lines (src/plan/formats/workerLog.ts). */
function endOf(line: Extract<WorkerLine, { kind: 'ended' }>): Ended {
  const { end, facts } = line;
  const durationMs = readDuration(end.duration);
  return {
    outcome: end.outcome,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(end.outcome === 'failed' ? { reason: end.reason } : {}),
    ...(facts.turns !== undefined ? { turns: facts.turns } : {}),
    ...(facts.costUsd !== undefined ? { costUsd: facts.costUsd } : {}),
    ...(facts.sessionId ? { session: facts.sessionId } : {}),
  };
}

// ---------------------------------------------------------------------------
// An orchestrator's own words

const WORKER_WORD = /\b(?:workers?|batch(?:es)?)\b/i;
const START_WORD = /\b(?:(?:re)?spawn(?:ed|ing)?|start(?:ed|ing)?|launch(?:ed|ing)?)\b/i;
const END_WORD = /\b(?:complete[ds]?|done|finished|passed|succeeded|fail(?:ed|s)?)\b/i;
const TOKEN = /[a-z\d](?:[\w.-]*\w)?/gi;
/** The first three words, where a phase's name must start for phaseWords to match: most lines are out in one cheap test. */
const LEADING_WORDS = /^\s*([\w'-]+)(?:\s+([\w'-]+))?(?:\s+([\w'-]+))?/;

/** `Discovery complete`, `Discovery phase starting`, `Plan updated …`, `5 tasks closed …`: a phase named by its first word. */
function phaseWords(phase: Phase): { readonly stem: string; readonly end: RegExp; readonly start: RegExp } | undefined {
  const stem = /^[a-z]+/i.exec(phase.name)?.[0].toLowerCase().slice(0, 5);
  if (!stem || stem.length < 3) return undefined;
  const lead = String.raw`^(?:[\w'-]+\s+){0,2}?${stem}[\w-]*`;
  return {
    stem,
    end: new RegExp(String.raw`${lead}(?:\s+[\w-]+)?\s+(?:phase\s+)?(?:complete|completed|done|passed|finished)\b|^(?:[\w'-]+\s+){0,2}?(?=${stem})\w*ed\b`, 'i'),
    start: new RegExp(String.raw`${lead}(?:\s+phase)?\s+(?:start(?:ed|ing)|begins?|began)\b`, 'i'),
  };
}

/** The text with its `(…)` asides blanked, in one pass (a pattern would rescan an unclosed `(` from every position). */
function withoutParentheses(text: string): string {
  let out = '';
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (open < 0 && text[i] === '(') open = i;
    else if (open >= 0 && text[i] === ')') {
      out += ' ';
      open = -1;
    } else if (open < 0) out += text[i];
  }
  // An aside never closed is kept, as the pattern did.
  return open >= 0 ? out + text.slice(open) : out;
}

// ---------------------------------------------------------------------------
// Building

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface PhaseMarks {
  start?: TimelineEntry;
  end?: TimelineEntry;
  inferred: boolean;
}

class TimelineBuilder {
  readonly entries: Mutable<TimelineEntry>[] = [];
  private readonly find: (ref: string) => Task | undefined;
  private readonly runs = new Map<string, Mutable<TaskRun>[]>();
  /** The run of each task that has started and not ended. */
  private readonly open = new Map<string, Mutable<TaskRun>>();
  /** The open runs read from an orchestrator's wording: what "Workers completed" ends. */
  private readonly openInferred = new Set<string>();
  private readonly laneEvents = new Map<string, TimelineEntry[]>();
  private readonly marks = new Map<number, PhaseMarks>();
  /** Each phase's words, by the stem its name starts with. */
  private readonly words = new Map<string, Array<readonly [Phase, NonNullable<ReturnType<typeof phaseWords>>]>>();
  private readonly execute: Phase | undefined;
  private readonly commit: Phase | undefined;
  private runAll: TimelineEntry | undefined;

  constructor(private readonly plan: Plan) {
    this.find = taskFinder(plan.tasks);
    for (const p of plan.phases) {
      const w = phaseWords(p);
      if (w) this.words.set(w.stem, [...(this.words.get(w.stem) ?? []), [p, w]]);
    }
    this.execute = phaseByRole(plan.phases, 'execute');
    this.commit = phaseByRole(plan.phases, 'commit');
  }

  private id(ref: string): string {
    return this.find(ref)?.id ?? ref;
  }

  private mark(phase: number | undefined, which: 'start' | 'end', entry: TimelineEntry, inferred: boolean): void {
    if (phase === undefined) return;
    const m = this.marks.get(phase) ?? { inferred: false };
    // The first start and the last end: a phase redone after a failure spans both tries.
    if (which === 'start' && m.start) return;
    m[which] = entry;
    m.inferred ||= inferred;
    this.marks.set(phase, m);
  }

  private startRun(taskId: string, entry: TimelineEntry, inferred: boolean, extra: Partial<Mutable<TaskRun>> = {}): void {
    this.closeRun(taskId, undefined);
    const runs = this.runs.get(taskId) ?? [];
    const run: Mutable<TaskRun> = { taskId, attempt: runs.length + 1, outcome: 'unfinished', start: entry, resumed: false, inferred, ...extra };
    runs.push(run);
    this.runs.set(taskId, runs);
    this.open.set(taskId, run);
    if (inferred) this.openInferred.add(taskId);
  }

  /** Ends the task's open run (without an entry: left unfinished), or records a run the log has only the end of. */
  private closeRun(taskId: string, entry: TimelineEntry | undefined, end?: Ended, inferredEnd = false): void {
    const run = this.open.get(taskId);
    this.open.delete(taskId);
    this.openInferred.delete(taskId);
    if (!entry) return;
    const fields = end ?? { outcome: /\bfail/i.test(entry.text) ? ('failed' as const) : ('done' as const) };
    if (run) {
      Object.assign(run, fields, { end: entry });
      run.inferred ||= inferredEnd;
      return;
    }
    const runs = this.runs.get(taskId) ?? [];
    runs.push({ taskId, attempt: runs.length + 1, end: entry, resumed: false, inferred: inferredEnd, ...fields });
    this.runs.set(taskId, runs);
  }

  add(log: LogEntry, index: number, at: number | undefined, backwards: boolean): void {
    const text = log.text.trim();
    const entry: Mutable<TimelineEntry> = { index, line: log.line, timestamp: log.timestamp, text, kind: 'note' };
    if (at !== undefined) entry.at = at;
    if (backwards) entry.backwards = true;
    this.entries.push(entry);
    this.read(entry, text);
  }

  private read(entry: Mutable<TimelineEntry>, text: string): void {
    const worker = readWorkerLine(text);
    if (worker?.kind === 'started') {
      entry.kind = 'workerStarted';
      entry.taskId = this.id(worker.taskId);
      return this.startRun(entry.taskId, entry, false);
    }
    if (worker?.kind === 'resumed') {
      entry.kind = 'workerResumed';
      entry.taskId = this.id(worker.taskId);
      return this.startRun(entry.taskId, entry, false, { resumed: true, ...(worker.sessionId ? { session: worker.sessionId } : {}) });
    }
    if (worker?.kind === 'ended') {
      entry.kind = 'workerEnded';
      entry.taskId = this.id(worker.taskId);
      return this.closeRun(entry.taskId, entry, endOf(worker));
    }
    const line = readPlanLogLine(text);
    switch (line?.kind) {
      case 'advanced':
        entry.kind = 'phase';
        this.mark(line.ended, 'end', entry, false);
        if (line.started !== undefined) this.mark(line.started, 'start', entry, false);
        return;
      case 'phaseSet':
        entry.kind = 'phase';
        if (/^in[ _]progress$/.test(line.status)) this.mark(line.phase, 'start', entry, false);
        else if (/^(?:done|failed|skipped)$/.test(line.status)) this.mark(line.phase, 'end', entry, false);
        return;
      case 'runAll':
        entry.kind = 'runAll';
        this.runAll = entry;
        return this.mark(this.execute?.number, 'end', entry, false);
      case 'validation': {
        entry.kind = 'validation';
        entry.taskId = this.id(line.taskId);
        const events = this.laneEvents.get(entry.taskId) ?? [];
        events.push(entry);
        this.laneEvents.set(entry.taskId, events);
        return;
      }
      case 'approved':
        entry.kind = 'approval';
        return this.mark(this.commit?.number, 'start', entry, false);
      case 'committed':
        entry.kind = 'commit';
        return this.mark(this.commit?.number, 'end', entry, false);
      case undefined:
        break;
    }
    this.readProse(entry, text);
  }

  /** An orchestrator's wording: a phase named by its first word, or workers and the tasks they are for. */
  private readProse(entry: Mutable<TimelineEntry>, text: string): void {
    const lead = LEADING_WORDS.exec(text);
    for (let k = 1; lead && k <= 3 && lead[k] !== undefined; k++) {
      const word = lead[k]!.toLowerCase();
      // Stems are 3 to 5 letters (phaseWords).
      for (let n = Math.min(5, word.length); n >= 3; n--)
        for (const [phase, words] of this.words.get(word.slice(0, n)) ?? []) {
          const end = words.end.test(text);
          if (end || words.start.test(text)) {
            entry.kind = 'phase';
            return this.mark(phase.number, end ? 'end' : 'start', entry, true);
          }
        }
    }
    if (!WORKER_WORD.test(text)) return;
    const starts = START_WORD.test(text);
    const ends = END_WORD.test(text);
    if (!starts && !ends) return;
    const named = this.namedTasks(text);
    if (starts && named.length > 0) {
      // "Batch 1 complete, spawning Batch 2 (38o)": the runs not named end here.
      if (ends) for (const id of [...this.openInferred].filter((id) => !named.includes(id))) this.closeRun(id, entry, undefined, true);
      for (const id of named) this.startRun(id, entry, true);
      entry.kind = 'workerStarted';
    } else if (starts) {
      // "5 workers spawned in parallel": the workers began, which ones the line does not say.
      this.mark(this.execute?.number, 'start', entry, true);
    } else {
      const ending = named.length > 0 ? named : [...this.openInferred];
      for (const id of ending) this.closeRun(id, entry, undefined, true);
      if (ending.length > 0) entry.kind = 'workerEnded';
      // "All 5 workers completed": the last such line ends the workers' phase.
      if (named.length === 0) this.mark(this.execute?.number, 'end', entry, true);
    }
    if (named.length === 1) entry.taskId = named[0]!;
  }

  /** The tasks a line names: outside parentheses, else inside them ("Spawned worker for 3j5 (after gth)", "Batch 1 (3b6.1, 3b6.3)"). */
  private namedTasks(text: string): string[] {
    const ids = (s: string) => [...new Set((s.match(TOKEN) ?? []).flatMap((token) => this.find(token)?.id ?? []))];
    const outside = ids(withoutParentheses(text));
    return outside.length > 0 ? outside : ids(text);
  }

  build(): Timeline {
    const byId = new Map(this.plan.tasks.map((t) => [t.id, t]));
    for (const [id, run] of this.open) if (byId.get(id)?.status === 'in_progress') run.outcome = 'running';
    for (const runs of this.runs.values())
      for (const run of runs)
        if (run.durationMs === undefined && run.start?.at !== undefined && run.end?.at !== undefined) run.durationMs = run.end.at - run.start.at;

    const order = new Map(this.plan.tasks.map((t, k) => [t.id, k]));
    const ids = [...new Set([...this.runs.keys(), ...this.laneEvents.keys()])].sort(
      (a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity),
    );
    const tasks: TaskLane[] = ids.map((id) => {
      const task = byId.get(id);
      const runs = this.runs.get(id) ?? [];
      const known = runs.filter((r) => r.durationMs !== undefined);
      const costs = runs.filter((r) => r.costUsd !== undefined);
      return {
        id,
        title: task?.title ?? '',
        status: task?.status ?? 'unknown',
        runs,
        events: this.laneEvents.get(id) ?? [],
        respawns: Math.max(0, runs.length - 1),
        ...(known.length > 0 ? { totalMs: known.reduce((sum, r) => sum + r.durationMs!, 0) } : {}),
        ...(costs.length > 0 ? { costUsd: cents(costs.reduce((sum, r) => sum + r.costUsd!, 0)) } : {}),
      };
    });
    const allRuns = tasks.flatMap((t) => t.runs);
    const times = this.entries.flatMap((e) => (e.at === undefined ? [] : [e.at]));
    const wallMs = times.length > 0 ? Math.max(...times) : undefined;
    const slowest = tasks
      .filter((t) => t.totalMs !== undefined)
      .reduce<TaskLane | undefined>((best, t) => (best === undefined || t.totalMs! > best.totalMs! ? t : best), undefined);
    const sum = (values: number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined);
    const costOf = (values: number[]) => {
      const total = sum(values);
      return total === undefined ? undefined : cents(total);
    };
    const turns = sum(allRuns.flatMap((r) => (r.turns === undefined ? [] : [r.turns])));
    const costUsd = costOf(allRuns.flatMap((r) => (r.costUsd === undefined ? [] : [r.costUsd])));
    const origin = this.entries.find((e) => e.at !== undefined)?.timestamp;
    return {
      axis: wallMs !== undefined && wallMs > 0 ? 'time' : 'order',
      ...(origin !== undefined ? { origin } : {}),
      entries: this.entries,
      phases: this.phaseSpans(allRuns),
      tasks,
      totals: {
        ...(wallMs !== undefined ? { wallMs } : {}),
        runs: allRuns.length,
        ...(turns !== undefined ? { turns } : {}),
        ...(costUsd !== undefined ? { costUsd } : {}),
        ...(slowest ? { slowest: { taskId: slowest.id, durationMs: slowest.totalMs! } } : {}),
      },
    };
  }

  /**
   * The bounds the log gives each phase, completed from what else it says:
   * the execute phase by its worker runs; a finished phase without an end
   * ends where a later one starts; a phase without a start starts where the
   * one before it ended.
   */
  private phaseSpans(runs: readonly TaskRun[]): PhaseSpan[] {
    const spans = this.plan.phases.map((p) => {
      const m = this.marks.get(p.number);
      const s: { phase: Phase; start?: TimelineEntry; end?: TimelineEntry; inferred: boolean } = { phase: p, inferred: m?.inferred ?? false };
      if (m?.start) s.start = m.start;
      if (m?.end) s.end = m.end;
      return s;
    });
    const execute = spans.find((s) => s.phase === this.execute);
    if (execute && runs.length > 0) {
      const bounds = runs.flatMap((r) => [r.start, r.end]).filter((e): e is TimelineEntry => e !== undefined);
      if (!execute.start) Object.assign(execute, { start: bounds.reduce((a, b) => (b.index < a.index ? b : a)), inferred: true });
      if (!execute.end && (isFinished(execute.phase.status) || execute.phase.status === 'failed'))
        Object.assign(execute, { end: this.runAll ?? bounds.reduce((a, b) => (b.index > a.index ? b : a)), inferred: true });
    }
    const explicitStarts = spans.map((s) => s.start);
    spans.forEach((s, k) => {
      if (s.end || !(isFinished(s.phase.status) || s.phase.status === 'failed') || !s.start) return;
      const next = explicitStarts.slice(k + 1).find((e) => e !== undefined && e.index >= s.start!.index);
      if (next) Object.assign(s, { end: next, inferred: true });
    });
    spans.forEach((s, k) => {
      if (s.start || (!s.end && s.phase.status !== 'in_progress')) return;
      const before = spans[k - 1]?.end;
      if (before && (!s.end || before.index <= s.end.index)) Object.assign(s, { start: before, inferred: true });
    });
    // A phase that started again after it ended: still going, or the end stands.
    for (const s of spans)
      if (s.start && s.end && s.start.index > s.end.index) {
        if (s.phase.status === 'in_progress') delete s.end;
        else delete s.start;
      }
    return spans.map(({ phase, start, end, inferred }) => ({
      number: phase.number,
      name: phase.name,
      status: phase.status,
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(start?.at !== undefined && end?.at !== undefined ? { durationMs: end.at - start.at } : {}),
      inferred,
    }));
  }
}

const built = new WeakMap<Plan, Timeline>();

/** The plan's timeline, read from its Execution Log, phase checklist and Tasks table; built once per parsed plan (the tree and the panel share it). */
export function buildTimeline(plan: Plan): Timeline {
  let timeline = built.get(plan);
  if (!timeline) built.set(plan, (timeline = readTimeline(plan)));
  return timeline;
}

function readTimeline(plan: Plan): Timeline {
  const builder = new TimelineBuilder(plan);
  let origin: number | undefined;
  let latest = -Infinity;
  plan.log.forEach((entry, index) => {
    const ms = readTimeOfDay(entry.timestamp);
    origin ??= ms;
    const backwards = ms !== undefined && ms < latest;
    if (ms !== undefined) latest = Math.max(latest, ms);
    builder.add(entry, index, ms === undefined ? undefined : latest - origin!, backwards);
  });
  return builder.build();
}

const SECONDS = /\d:\d\d:\d\d/;

/**
 * The time a run covers, from its start entry: to its end entry when both
 * timestamps carry seconds (finer than a written `2.9 min`), else for the
 * duration its line records. Either bound is absent when the log cannot say.
 */
export function runSpan(run: TaskRun): { readonly startAt?: number; readonly endAt?: number } {
  const { start, end, durationMs } = run;
  const startAt = start?.at;
  const endAt = end?.at;
  const fine = start && end && SECONDS.test(start.timestamp) && SECONDS.test(end.timestamp);
  if (startAt !== undefined && endAt !== undefined && (fine || durationMs === undefined)) return { startAt, endAt };
  if (startAt !== undefined) return { startAt, ...(durationMs !== undefined ? { endAt: startAt + durationMs } : {}) };
  if (endAt !== undefined) return { ...(durationMs !== undefined ? { startAt: Math.max(0, endAt - durationMs) } : {}), endAt };
  return {};
}

/** The last run of each task that recorded its own duration: what the tree shows beside a finished task. */
export function lastRunDurations(timeline: Timeline): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const lane of timeline.tasks) {
    const last = lane.runs.at(-1);
    if (last && !last.inferred && last.end && last.durationMs !== undefined) out.set(lane.id, last.durationMs);
  }
  return out;
}

// ---------------------------------------------------------------------------
// JSON (`beads-plan timeline --json`, documented in the README)

function point(e: TimelineEntry | undefined) {
  return e ? { index: e.index, line: e.line, timestamp: e.timestamp, at: e.at ?? null } : null;
}

export function timelineToJson(t: Timeline) {
  return {
    axis: t.axis,
    origin: t.origin ?? null,
    totals: {
      wallMs: t.totals.wallMs ?? null,
      runs: t.totals.runs,
      turns: t.totals.turns ?? null,
      costUsd: t.totals.costUsd ?? null,
      slowest: t.totals.slowest ?? null,
    },
    phases: t.phases.map((p) => ({
      number: p.number,
      name: p.name,
      status: p.status,
      start: point(p.start),
      end: point(p.end),
      durationMs: p.durationMs ?? null,
      inferred: p.inferred,
    })),
    tasks: t.tasks.map((lane) => ({
      id: lane.id,
      title: lane.title,
      status: lane.status,
      respawns: lane.respawns,
      totalMs: lane.totalMs ?? null,
      costUsd: lane.costUsd ?? null,
      runs: lane.runs.map((r) => ({
        attempt: r.attempt,
        outcome: r.outcome,
        start: point(r.start),
        end: point(r.end),
        durationMs: r.durationMs ?? null,
        turns: r.turns ?? null,
        costUsd: r.costUsd ?? null,
        session: r.session ?? null,
        reason: r.reason ?? null,
        resumed: r.resumed,
        inferred: r.inferred,
      })),
    })),
    events: t.entries.map((e) => ({
      index: e.index,
      line: e.line,
      timestamp: e.timestamp,
      at: e.at ?? null,
      backwards: e.backwards === true,
      kind: e.kind,
      taskId: e.taskId ?? null,
      text: e.text,
    })),
  };
}
