// The order to run a plan's tasks in: batches from the Conflict Matrix (run one
// after another), and a runtime picker that starts what may run now without two
// workers ever touching the same file.
//
// Failure policy: a failed task lets its own batch finish (its batch-mates are
// independent of it by the matrix's own word, and the outcome should not depend
// on maxParallel), but no later batch starts, since later batches exist because
// they come after earlier ones. What never started is reported by `notStarted`.
import type { ConflictEntry, Plan } from '../model';
import { findTask } from '../read/taskIds';

export interface RunState {
  readonly running: ReadonlySet<string>;
  readonly done: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
}

/** A path as a list of segments; `tree` when it stands for everything under it (a directory or a glob). */
interface PathScope {
  readonly segments: readonly string[];
  readonly tree: boolean;
}

/**
 * Reads a Files entry as plans write it: `views.py:85-101`, `NEW: adapters/`,
 * `src\a.ts`, `./tests/core/`; a glob (`tests/**`, `*.py`) covers the folder before its first wildcard.
 */
function pathScope(raw: string): PathScope | undefined {
  const path = raw
    .trim()
    .replace(/^`|`$/g, '')
    .replace(/^[a-z]+:\s+/i, '')
    // From a run's first space only, and up to the next `(`: both retried over long runs were quadratic.
    .replace(/(?<!\s)\s+\([^()]*\)$/, '')
    .replace(/:\d+(?:-\d+)?$/, '')
    .replace(/\\/g, '/');
  const segments: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && segments.length > 0 && segments.at(-1) !== '..') segments.pop();
    else segments.push(s);
  }
  const glob = segments.findIndex((s) => /[*?[{]/.test(s));
  if (glob >= 0) return { segments: segments.slice(0, glob), tree: true };
  const tree = path.endsWith('/') || path === '.';
  return segments.length > 0 || tree ? { segments, tree } : undefined;
}

function startsWith(long: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= long.length && prefix.every((s, i) => long[i] === s);
}

function endsWith(long: readonly string[], suffix: readonly string[]): boolean {
  const offset = long.length - suffix.length;
  return offset >= 0 && suffix.every((s, i) => long[offset + i] === s);
}

function scopesOverlap(a: PathScope, b: PathScope): boolean {
  if (a.tree && b.tree) return startsWith(a.segments, b.segments) || startsWith(b.segments, a.segments);
  if (a.tree) return startsWith(b.segments, a.segments);
  if (b.tree) return startsWith(a.segments, b.segments);
  // Plans name the same file in full or in part (`views.py`, `usecases/x.py`): a segment suffix is a match.
  return endsWith(a.segments, b.segments) || endsWith(b.segments, a.segments);
}

/** Whether two Files entries may name the same file. Errs towards yes: a false match only serialises. */
export function pathsOverlap(a: string, b: string): boolean {
  const sa = pathScope(a);
  const sb = pathScope(b);
  return sa !== undefined && sb !== undefined && scopesOverlap(sa, sb);
}

export function filesOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => pathsOverlap(x, y)));
}

/** The Files column of a task, by any id `findTask` resolves; a task with no files overlaps nothing. */
export function filesOfPlan(plan: Plan): (id: string) => readonly string[] {
  return (id) => findTask(plan.tasks, id)?.files ?? [];
}

/** Ordering entries as written, except that `BATCH n` entries take their places in the order of n. */
function orderingEntries(entries: readonly ConflictEntry[]): ConflictEntry[] {
  const ordering = entries.filter((e) => e.kind !== 'conflict');
  const batches = ordering.filter((e) => e.kind === 'batch').sort((a, b) => (a.batch ?? 0) - (b.batch ?? 0));
  let next = 0;
  return ordering.map((e) => (e.kind === 'batch' ? batches[next++]! : e));
}

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

/**
 * Every two tasks of a CONFLICT entry are kept apart: reading `a <-> b, c` as
 * all pairs only ever serialises more. Only pairs of `wanted` tasks are kept,
 * so that one entry naming thousands of others costs no more than the run.
 */
function conflictPairs(entries: readonly ConflictEntry[], wanted: ReadonlySet<string>): Set<string> {
  const pairs = new Set<string>();
  for (const e of entries) {
    if (e.kind !== 'conflict') continue;
    const tasks = [...new Set(e.tasks)].filter((t) => wanted.has(t));
    for (const a of tasks) for (const b of tasks) if (a !== b) pairs.add(pairKey(a, b));
  }
  return pairs;
}

/** Splits a group into consecutive groups with no conflicting pair, keeping the written order. */
function splitConflicts(tasks: readonly string[], apart: (a: string, b: string) => boolean): string[][] {
  const groups: string[][] = [];
  for (const t of tasks) {
    const home = groups.find((g) => g.every((o) => !apart(t, o)));
    if (home) home.push(t);
    else groups.push([t]);
  }
  return groups;
}

/**
 * The batches to run `taskIds` in, as Tasks-table ids (any id `findTask`
 * resolves is accepted). PARALLEL_SAFE groups and `BATCH n (parallel)` make one
 * batch each; SEQUENTIAL entries and `BATCH n (sequential)` one batch per task,
 * in their order; all in the matrix's order, batches by n. CONFLICT pairs are
 * split apart. A task listed twice keeps its first place. Tasks the matrix does
 * not list join the first batch with no CONFLICT pair and no file overlap with
 * them, else a new last batch.
 */
export function planBatches(plan: Plan, taskIds: readonly string[]): string[][] {
  const wanted = [...new Set(taskIds.map((id) => findTask(plan.tasks, id)?.id ?? id))];
  const pending = new Set(wanted);
  const batches: string[][] = [];
  const conflicts = conflictPairs(plan.conflicts, pending);
  const apart = (a: string, b: string): boolean => conflicts.has(pairKey(a, b));
  for (const entry of orderingEntries(plan.conflicts)) {
    const tasks = [...new Set(entry.tasks)].filter((t) => pending.delete(t));
    const together = entry.kind === 'parallel' || (entry.kind === 'batch' && entry.parallel !== false);
    // One by one: spreading an entry of thousands of tasks into `push` overflows the stack.
    for (const batch of together ? splitConflicts(tasks, apart) : tasks.map((t) => [t])) batches.push(batch);
  }
  const filesOf = filesOfPlan(plan);
  const clash = (a: string, b: string): boolean => apart(a, b) || filesOverlap(filesOf(a), filesOf(b));
  for (const id of pending) {
    const home = batches.find((b) => b.every((o) => !clash(id, o)));
    if (home) home.push(id);
    else batches.push([id]);
  }
  return batches;
}

function isFinished(state: RunState, id: string): boolean {
  return state.done.has(id) || state.failed.has(id);
}

/**
 * The tasks that may start now: from the earliest unfinished batch only, none
 * sharing a file with a running task or with each other, and no more than
 * `maxParallel` running in all (below 1 counts as 1, so a run always moves).
 * Nothing once a task of an earlier batch has failed (see the policy above).
 */
export function nextRunnable(
  batches: readonly (readonly string[])[],
  state: RunState,
  maxParallel: number,
  filesOf: (id: string) => readonly string[],
): string[] {
  const current = batches.findIndex((b) => !b.every((id) => isFinished(state, id)));
  if (current < 0) return [];
  if (batches.slice(0, current).some((b) => b.some((id) => state.failed.has(id)))) return [];
  const limit = maxParallel >= 1 ? Math.floor(maxParallel) : 1;
  const busy = [...state.running].map(filesOf);
  const picked: string[] = [];
  for (const id of batches[current]!) {
    if (state.running.size + picked.length >= limit) break;
    if (isFinished(state, id) || state.running.has(id)) continue;
    const files = filesOf(id);
    if (busy.some((b) => filesOverlap(files, b))) continue;
    picked.push(id);
    busy.push(files);
  }
  return picked;
}

/** Tasks neither running nor finished, in batch order: once a run stops, the ones that never started. */
export function notStarted(batches: readonly (readonly string[])[], state: RunState): string[] {
  return batches.flat().filter((id) => !state.running.has(id) && !isFinished(state, id));
}
