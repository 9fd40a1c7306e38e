// Reading a file that another program may be rewriting at this moment. An
// agent's file tool truncates the plan and then writes it, so a read can see
// an empty or half-written text; an edit computed on that text would throw
// the rest of the plan away. A settled read reads until two reads a few
// milliseconds apart agree on a text the judge calls whole, within a bound.
// Agree: the same bytes, or the later read only adds whole lines to the end
// of the earlier one, as an agent appending to its log does (two such reads
// caught in the middle of one rewrite would both have to end on a line break).
import { setTimeout as sleep } from 'node:timers/promises';
import { unfinishedPlan, type NotWhole } from '../plan/read/whole';

interface SettleOptions {
  /** Why a text is not (yet) whole, as `unfinishedPlan` says for a plan; by default every text is. */
  readonly judge?: (bytes: Buffer) => NotWhole | undefined;
  /** How long to wait for a whole, unchanging text; 2 s by default. */
  readonly timeoutMs?: number;
  /** How far apart two reads must agree; 5 ms by default. */
  readonly gapMs?: number;
}

/** The file never settled into a whole text within the bound. */
export class NotSettled extends Error {
  constructor(
    /** The judge's reason for the last text read, when it stayed the same but was not whole. */
    readonly reason: string | undefined,
    /** False when every read gave the same text: the file is not being written, it just is not whole. */
    readonly changing: boolean,
  ) {
    super(reason === undefined || changing ? 'the file is being rewritten' : reason);
  }
}

const TIMEOUT_MS = 2000;
const GAP_MS = 5;

/** `later` is `earlier` with whole lines appended: both end on a line break. */
export function grewByLines(earlier: Buffer, later: Buffer): boolean {
  const ends = (b: Buffer): boolean => b.length > 0 && (b[b.length - 1] === 0x0a || b[b.length - 1] === 0x0d);
  return later.length > earlier.length && ends(earlier) && ends(later) && later.subarray(0, earlier.length).equals(earlier);
}

/**
 * Reads with `read` (a path's or a descriptor's whole content) until two
 * reads `gapMs` apart agree (see above) and the judge finds them whole.
 * Throws NotSettled when that does not happen within `timeoutMs`, and what
 * `read` throws.
 */
export async function readSettled(read: () => Buffer | Promise<Buffer>, options: SettleOptions = {}): Promise<Buffer> {
  const { judge = () => undefined, timeoutMs = TIMEOUT_MS, gapMs = GAP_MS } = options;
  const started = Date.now();
  let previous = await read();
  let sameSince = started;
  let changing = false;
  // The judge parses the text: once per text read is enough.
  let judged: { readonly of: Buffer; readonly problem: NotWhole | undefined } | undefined;
  const problemOf = (bytes: Buffer): NotWhole | undefined => {
    if (judged?.of !== bytes) judged = { of: bytes, problem: judge(bytes) };
    return judged.problem;
  };
  for (;;) {
    await sleep(gapMs);
    const current = await read();
    const now = Date.now();
    if (grewByLines(previous, current) && problemOf(previous) === undefined && problemOf(current) === undefined) return current;
    if (current.equals(previous)) {
      const problem = problemOf(previous);
      if (problem === undefined || (problem.acceptAfterMs !== undefined && now - sameSince >= problem.acceptAfterMs)) return current;
      if (now - started >= timeoutMs) throw new NotSettled(problem.reason, changing);
    } else {
      previous = current;
      sameSince = now;
      changing = true;
      if (now - started >= timeoutMs) throw new NotSettled(undefined, true);
    }
  }
}

/** Reads until the text is a whole plan: what every writer edits (the CLI, and the extension for a clean document). */
export function readWholePlan(read: () => Buffer | Promise<Buffer>, timeoutMs?: number): Promise<Buffer> {
  return readSettled(read, { judge: (bytes) => unfinishedPlan(bytes.toString('utf8')), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
}
