// The Execution Log lines a worker run writes, and what a later reader (the
// tree after a reload, Resume Worker) learns back from them. The shapes are
// stated here once:
//
//   Worker started for <task>
//   Worker resumed for <task> (session <id>)
//   Worker for <task> done in 6.1 s · 6 turns · $0.12 · session <id>
//   Worker for <task> failed: <reason> (3 s) · 1 turn · $0.00 · session <id>
//   Worker for <task> cancelled after 2 s · session <id>
//
// The ` · ` parts are written when known (a plain command has none).
import type { LogEntry, Task } from '../model';

/** What a run's `result` and `init` events told; all optional. */
export interface RunFacts {
  readonly turns?: number;
  readonly costUsd?: number;
  readonly sessionId?: string;
}

export type WorkerEnd =
  | { readonly outcome: 'done'; readonly duration: string }
  | { readonly outcome: 'failed'; readonly reason: string; readonly duration: string }
  | { readonly outcome: 'cancelled'; readonly duration: string };

/** `6 turns`, `1 turn`. */
export function formatTurns(turns: number): string {
  return `${turns} ${turns === 1 ? 'turn' : 'turns'}`;
}

/** `$0.12`. */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

/** The facts as the log and the transcript show them: `6 turns · $0.12 · session 3f2a…`. */
export function factParts(facts: RunFacts): string[] {
  return [
    facts.turns !== undefined ? formatTurns(facts.turns) : '',
    facts.costUsd !== undefined ? formatCost(facts.costUsd) : '',
    facts.sessionId ? `session ${facts.sessionId}` : '',
  ].filter(Boolean);
}

export function workerStartedLine(taskId: string): string {
  return `Worker started for ${taskId}`;
}

export function workerResumedLine(taskId: string, sessionId: string): string {
  return `Worker resumed for ${taskId} (session ${sessionId})`;
}

/** `done in 6.1 s`, `failed: exited with code 1 (3 s)`, `cancelled after 2 s`. */
export function outcomeText(end: WorkerEnd): string {
  if (end.outcome === 'done') return `done in ${end.duration}`;
  if (end.outcome === 'cancelled') return `cancelled after ${end.duration}`;
  return `failed: ${end.reason} (${end.duration})`;
}

export function workerEndedLine(taskId: string, end: WorkerEnd, facts: RunFacts): string {
  return [`Worker for ${taskId} ${outcomeText(end)}`, ...factParts(facts)].join(' · ');
}

/** What the log says of a task's last worker run. */
export interface LastRun {
  /** `running` when the run's start is its last line (still running, or the editor closed on it). */
  readonly outcome: 'running' | WorkerEnd['outcome'];
  /** The reason of a failed run. */
  readonly reason?: string;
  /** The Claude Code session the run recorded: what Resume continues. */
  readonly sessionId?: string;
}

/** A session id as Claude Code writes them (a UUID); never one that starts like an option. */
const SESSION = String.raw`[A-Za-z0-9][\w-]*`;
/** One of the known ` · ` parts a line ends with. */
const FACT = new RegExp(String.raw`^(?:(\d+) turns?|\$(\d+(?:\.\d+)?)|session (${SESSION}))$`);
const STARTED = /^Worker started for (\S+)$/;
const RESUMED = new RegExp(String.raw`^Worker resumed for (\S+)(?: \(session (${SESSION})\))?$`);
const ENDED = /^Worker for (\S+) (done in|failed:|cancelled after) (.*)$/;

/** A worker line of the Execution Log, read back. */
export type WorkerLine =
  | { readonly kind: 'started'; readonly taskId: string }
  | { readonly kind: 'resumed'; readonly taskId: string; readonly sessionId?: string }
  | {
      readonly kind: 'ended';
      readonly taskId: string;
      readonly end: WorkerEnd;
      readonly facts: RunFacts;
    };

/**
 * The facts at the end of a line's text, read from the right (a reason may
 * hold ` · ` itself: `Not logged in · Please run /login`), and what precedes them.
 */
function splitFacts(rest: string): { head: string; facts: RunFacts } {
  const parts = rest.split(' · ');
  const facts: { turns?: number; costUsd?: number; sessionId?: string } = {};
  while (parts.length > 1) {
    const fact = FACT.exec(parts.at(-1)!);
    if (!fact) break;
    // The last one written wins: a reason is worker text and could end in words that look like a fact.
    if (fact[1] !== undefined) facts.turns ??= Number(fact[1]);
    else if (fact[2] !== undefined) facts.costUsd ??= Number(fact[2]);
    else facts.sessionId ??= fact[3];
    parts.pop();
  }
  return { head: parts.join(' · '), facts };
}

/** Reads one Execution Log text as a worker line; undefined for any other line. */
export function readWorkerLine(text: string): WorkerLine | undefined {
  const line = text.trim();
  const started = STARTED.exec(line);
  if (started) return { kind: 'started', taskId: started[1]! };
  const resumed = RESUMED.exec(line);
  if (resumed) return { kind: 'resumed', taskId: resumed[1]!, ...(resumed[2] ? { sessionId: resumed[2] } : {}) };
  const ended = ENDED.exec(line);
  if (!ended) return undefined;
  const { head, facts } = splitFacts(ended[3]!);
  if (ended[2] === 'done in') return { kind: 'ended', taskId: ended[1]!, end: { outcome: 'done', duration: head }, facts };
  if (ended[2] === 'cancelled after') return { kind: 'ended', taskId: ended[1]!, end: { outcome: 'cancelled', duration: head }, facts };
  // `failed: <reason> (<duration>)`: the duration is the last parenthesis.
  const open = head.lastIndexOf(' (');
  const reason = open >= 0 && head.endsWith(')') ? head.slice(0, open) : head;
  const duration = open >= 0 && head.endsWith(')') ? head.slice(open + 2, -1) : '';
  return { kind: 'ended', taskId: ended[1]!, end: { outcome: 'failed', reason, duration }, facts };
}

/**
 * The last worker run of every task the Execution Log names, in one pass
 * from its end: a run is its last end line (or its start line, while it has
 * none), and its session is the one its end line or else its start line
 * names. Keyed by the task id as the lines write it.
 */
export function workerRuns(log: readonly LogEntry[]): ReadonlyMap<string, LastRun> {
  const runs = new Map<string, LastRun>();
  /** Tasks whose last run is read to its start. */
  const complete = new Set<string>();
  for (let i = log.length - 1; i >= 0; i--) {
    const line = readWorkerLine(log[i]!.text);
    if (!line || complete.has(line.taskId)) continue;
    const seen = runs.get(line.taskId);
    if (line.kind !== 'ended') {
      const run = seen ?? { outcome: 'running' };
      const sessionId = line.kind === 'resumed' ? line.sessionId : undefined;
      runs.set(line.taskId, run.sessionId || !sessionId ? run : { ...run, sessionId });
      complete.add(line.taskId);
    } else if (!seen) {
      const { end, facts } = line;
      const run: LastRun = {
        outcome: end.outcome,
        ...(end.outcome === 'failed' ? { reason: end.reason } : {}),
        ...(facts.sessionId ? { sessionId: facts.sessionId } : {}),
      };
      runs.set(line.taskId, run);
      if (run.sessionId) complete.add(line.taskId);
    }
  }
  return runs;
}

/** A task Resume Worker can continue: failed (a cancel reads as failed) after a run that recorded a session. */
export function isResumable(task: Task, run: LastRun | undefined): boolean {
  return task.status === 'failed' && run?.sessionId !== undefined && run.outcome !== 'done';
}
