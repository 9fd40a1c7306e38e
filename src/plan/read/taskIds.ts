// Task ids and the references to them: a full id (`django-litefs-3b6.1`), the
// short form a plan writes (`3b6.1`), resolved exactly as one rule everywhere
// (the parser, the gate, the timeline, scheduling). Indexed, so that a plan of
// thousands of tasks resolves thousands of references in linear time.
import type { Task } from '../model';
import { stripDecoration } from './status';

/** Real ids are a few dozen characters (`django-litefs-3b6.1`); a longer cell is not read as a short form of one. */
const MAX_ID = 256;

/** Resolves a (possibly short) id against a set of ids: exact, or the one full id ending in `-<ref>`. */
export function resolveId(ref: string, ids: Iterable<string>): string | undefined {
  return new IdIndex(ids).resolve(ref);
}

/**
 * Ids indexed by every text that follows a `-` in them, so that resolving a
 * short id is a few map look-ups, not a scan of every id: a plan with
 * thousands of tasks resolves thousands of references per parse, and the
 * scans made parsing quadratic. Answers exactly as `resolveId` and the
 * `endsWith` filter did, for ids up to `MAX_ID` characters; a longer one
 * resolves only exactly (indexing its every tail was quadratic in its length).
 */
export class IdIndex {
  /** How many times each id occurs (the Tasks table may repeat one). */
  private readonly count = new Map<string, number>();
  /** For each text after a `-` in some id: the first id ending so, and how many do. */
  private readonly tails = new Map<string, { id: string; n: number }>();

  constructor(ids: Iterable<string>) {
    for (const id of ids) {
      this.count.set(id, (this.count.get(id) ?? 0) + 1);
      if (id.length > MAX_ID) continue;
      for (let i = id.indexOf('-'); i >= 0; i = id.indexOf('-', i + 1)) {
        const tail = id.slice(i + 1);
        const hit = this.tails.get(tail);
        if (hit) hit.n++;
        else this.tails.set(tail, { id, n: 1 });
      }
    }
  }

  /** `resolveId(ref, ids)`: exact, else the one id that ends in `-<ref>` or that `ref` ends in `-<id>`. */
  resolve(ref: string): string | undefined {
    const want = stripDecoration(ref).replace(/`/g, '');
    if (this.count.has(want)) return want;
    if (want.length > MAX_ID) return undefined;
    const longer = this.tails.get(want);
    let n = longer?.n ?? 0;
    let found = longer?.id;
    for (let i = want.indexOf('-'); i >= 0 && n < 2; i = want.indexOf('-', i + 1)) {
      const k = this.count.get(want.slice(i + 1)) ?? 0;
      if (k > 0) found = want.slice(i + 1);
      n += k;
    }
    return n === 1 ? found : undefined;
  }

  /** The one id written elsewhere in the plan that a short id abbreviates (`3b6.1` → `django-litefs-3b6.1`). */
  longer(id: string): string {
    const hit = this.tails.get(id);
    return hit?.n === 1 ? hit.id : id;
  }
}

/** A task list's look-ups, answering as `findTask`'s scans do; built once per parse, not kept in the model. */
export class TaskIndex {
  /** The first task whose id or full id is the key, in table order. */
  private readonly exact = new Map<string, Task>();
  private readonly byFullId = new Map<string, Task>();
  private readonly fullIds: IdIndex;

  constructor(tasks: readonly Task[]) {
    for (const t of tasks) {
      if (!this.exact.has(t.id)) this.exact.set(t.id, t);
      if (!this.exact.has(t.fullId)) this.exact.set(t.fullId, t);
      if (!this.byFullId.has(t.fullId)) this.byFullId.set(t.fullId, t);
    }
    this.fullIds = new IdIndex(this.byFullId.size === tasks.length ? this.byFullId.keys() : tasks.map((t) => t.fullId));
  }

  find(ref: string): Task | undefined {
    const exact = this.exact.get(ref);
    if (exact) return exact;
    const id = this.fullIds.resolve(ref);
    return id === undefined ? undefined : this.byFullId.get(id);
  }
}

/** A resolver for many references at once: the index is built once (`findTask` builds it per call). */
export function taskFinder(tasks: readonly Task[]): (ref: string) => Task | undefined {
  const index = new TaskIndex(tasks);
  return (ref) => index.find(ref);
}

/** Resolves a reference (full or short id) to a task's id as written in the Tasks table. */
export function findTask(tasks: readonly Task[], ref: string): Task | undefined {
  // One look-up: an exact scan is cheaper than building the index, which only short ids need.
  return tasks.find((t) => t.id === ref || t.fullId === ref) ?? new TaskIndex(tasks).find(ref);
}

