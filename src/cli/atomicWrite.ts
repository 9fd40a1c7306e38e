// Rewriting a plan that others may be writing at the same moment: agents
// appending log lines (`>>`) or rewriting the whole file (truncate + write,
// or a temp file renamed over it), editors saving, people, other writers of
// ours.
//
// Our writers take turns through the plan's lock (src/files/lock.ts), held
// for the whole edit, so they never lose each other's updates. Under it:
// 1. The plan is read until it settles: two reads a few ms apart agree on a
//    whole plan (src/files/stableRead.ts, src/plan/read/whole.ts). An empty or
//    half-written text, which an agent's rewrite shows for a moment, is never
//    edited.
// 2. The edit is computed on that text and written to a temp file beside the
//    plan (fsync'ed, with the plan's mode, owner and group).
// 3. The plan is read again and compared byte for byte with the text the
//    edit was computed on. Changed in any way: back to 1, the edit computed
//    again on the new text, a bounded number of times. Unchanged: the temp
//    file is renamed over it, at once. (Only lines appended, and the edit
//    computed again RECOMPUTES times already: an agent appends faster than
//    the edit can follow, and the rename goes ahead; step 4 keeps the lines.)
// 4. The replaced file, still open, is watched for a moment after the
//    rename: a write that reached it after the compare (a writer that opened
//    the plan just before the rename) is in there, and nowhere else.
//    - Whole lines appended since the text the edit was computed on (an
//      agent's `>>`): added to the end of ours at once (by the same compare
//      and rename), while ours too has only had whole lines appended since.
//      No read before the rename could have seen them. An agent that keeps
//      outrunning those renames (a busy machine) gets its lines appended, as
//      its own `>>` would, once ours is seen to have only grown by lines.
//    - Rewritten: its text, once whole, is edited again and replaces ours, by
//      steps 2 to 4.
// Every text written is the edit computed on one whole text the file held,
// plus, in step 4 only, whole lines appended to that text: nothing is carried
// onto a text that was rewritten, or onto one not seen whole.
//
// What remains (not handled):
// - A writer that replaces the plan by its own rename between the compare and
//   our rename loses its change: there is no compare-and-swap rename. The
//   window is one read and one rename (synchronous calls, microseconds).
// - A writer that opened the plan before our rename and writes into it after
//   the watch of the replaced file (REPLACED_WATCH_MS) loses that write.
// - When a rewrite reached the replaced file and ours was written to before
//   step 4 is done, the two cannot be merged: the other writer's text is
//   saved beside the plan (`.orig`) and the run exits 2.
// - A foreign writer that read the plan before our rename and writes after it
//   overwrites our change: only a lock it takes too prevents that.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, promises as fs, renameSync, rmSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withFileLock, LockTimeout } from '../files/lock';
import { FileError, errnoCode, openRegularSync, readOpenFileSync, readRegularFileSync, regularFileStat } from '../files/regularFile';
import { NotSettled, grewByLines, readWholePlan } from '../files/stableRead';
import { CliError, editableText } from './io';

export interface Edited<T> {
  /** The whole new text; the text given for no change. */
  readonly text: string;
  readonly info: T;
}

/**
 * Computes the new text from the current one, or throws to refuse. It runs
 * again whenever the file changed under it, so it must find its target in the
 * text it is given, never in one seen earlier.
 */
type EditFn<T> = (text: string) => Edited<T>;

interface UpdateResult<T> {
  /** The text the written edit was computed on. */
  readonly before: string;
  /** The text written; equal to `before` when there was nothing to change. */
  readonly after: string;
  readonly info: T;
  /** How many times the edit was computed: more than 1 when the file changed under it. */
  readonly attempts: number;
}

interface UpdateOptions {
  readonly attempts?: number;
  readonly lockTimeoutMs?: number;
  /** How long each read waits for the plan to settle. */
  readonly settleTimeoutMs?: number;
  /** Runs between the final compare and the rename, where a concurrent write is at risk; lets tests put one there. */
  readonly beforeRename?: () => void;
}

/** How many times the edit is computed on a plan that keeps changing; a rewrite in progress waits in the settled read instead. */
const ATTEMPTS = 64;
/**
 * How many times the edit is computed again on a plan that only had lines
 * appended since it was read, before the lines are left to step 4: an agent
 * appending every few milliseconds outruns an edit that takes longer than
 * that on a busy machine.
 */
const RECOMPUTES = 3;

/**
 * How long the file we replaced is watched after the rename. A writer that
 * opened the plan just before it (an agent's `>>`) and was descheduled before
 * its write lands it there; on a busy machine that pause runs to tens of
 * milliseconds. Its lines are carried over as step 4 says.
 */
const REPLACED_WATCH_MS = 100;
const REPLACED_POLL_MS = 5;

/** The replaced file's text once REPLACED_WATCH_MS pass with no write into it, or as soon as one reached it. */
async function watchReplaced(fd: number, expected: Buffer): Promise<Buffer> {
  const until = Date.now() + REPLACED_WATCH_MS;
  for (;;) {
    const text = readOpenFileSync(fd);
    if (!text.equals(expected) || Date.now() >= until) return text;
    await sleep(REPLACED_POLL_MS);
  }
}

/** File-system failures become exit 2 with one line; refusals and bugs pass through as they are. */
function asCliError(e: unknown, path: string): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof FileError || e instanceof LockTimeout) return new CliError(`${path}: ${e.message}; nothing was written`, 2);
  if (e instanceof NotSettled) return notSettled(e, path);
  const code = errnoCode(e);
  return code === undefined ? e : new CliError(`${path}: cannot be written (${code})`, 2);
}

/** A file that kept changing is being rewritten (exit 2, try again); one that stayed as it is cannot be edited (exit 1). */
export function notSettled(e: NotSettled, path: string): CliError {
  if (e.changing || e.reason === undefined) return new CliError(`${path}: the plan is being rewritten; nothing was changed`, 2);
  return new CliError(`${path}: ${e.reason}; nothing was changed`, 1);
}

/** The new text beside the plan, as the plan's file would be. Synchronous: the file changes while we wait on a thread pool. */
function writeTemp(file: string, bytes: Buffer, stat: Stats): string {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const mode = stat.mode & 0o7777;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeFileSync(fd, bytes);
    // The rename must keep the plan's owner and group (root editing another user's plan); one who may not chown owns the new file.
    const uid = process.getuid?.();
    if (uid !== undefined && (uid !== stat.uid || process.getgid?.() !== stat.gid)) {
      try {
        fchownSync(fd, stat.uid, stat.gid);
      } catch (e) {
        if (errnoCode(e) !== 'EPERM') throw e;
      }
    }
    // After chown, which clears set-id bits; open() applied the umask.
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  return temp;
}

/** Makes the rename itself durable; Windows cannot open a folder for that, and the rename has happened anyway. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}

/**
 * The real file behind `path` (a symlinked plan stays a symlink), once it is
 * known to be a regular file, readable, writable, and the only name of its
 * text: replacing one hard link would leave the others with the old text.
 */
async function writableFile(path: string): Promise<{ file: string; stat: Stats }> {
  let file: string;
  try {
    file = await fs.realpath(path);
  } catch {
    throw new CliError(`${path}: no such file`, 2);
  }
  let stat: Stats;
  try {
    stat = regularFileStat(file);
  } catch (e) {
    throw asCliError(e, path);
  }
  if (stat.nlink > 1)
    throw new CliError(`${path}: has ${stat.nlink} hard links, and an edit replaces the file, which would leave the other names with the old text; nothing was written`, 2);
  for (const [mode, what] of [
    [constants.R_OK, 'cannot be read'],
    [constants.W_OK, 'cannot be written'],
  ] as const) {
    try {
      await fs.access(file, mode);
    } catch (e) {
      throw new CliError(`${path}: ${what} (${errnoCode(e) ?? 'error'})`, 2);
    }
  }
  // Root passes every access() check: a plan that grants no one write permission is read-only for us too.
  if ((stat.mode & 0o222) === 0)
    throw new CliError(`${path}: cannot be written (it is read-only, mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); nothing was written`, 2);
  return { file, stat };
}

/**
 * Applies `edit` to the file at `path` and writes the result atomically
 * (see the top of this file). Nothing is written when the edit changes nothing.
 * Throws CliError 2 when the file cannot be read or written, or never
 * settles; CliError 1 when it stays a text that is not a whole plan.
 */
export async function updateFile<T>(path: string, edit: EditFn<T>, options: UpdateOptions = {}): Promise<UpdateResult<T>> {
  const { file, stat } = await writableFile(path);
  try {
    return await withFileLock(file, () => updateLocked(file, stat, path, edit, options), options.lockTimeoutMs);
  } catch (e) {
    throw asCliError(e, path);
  }
}

async function updateLocked<T>(file: string, stat: Stats, path: string, edit: EditFn<T>, options: UpdateOptions): Promise<UpdateResult<T>> {
  const attempts = options.attempts ?? ATTEMPTS;
  const settle = (read: () => Buffer): Promise<Buffer> => readWholePlan(read, options.settleTimeoutMs);
  // A whole plan that only grew by whole lines (an agent appending) is still whole: settled as it was seen.
  const next = async (seen: Buffer, base: Buffer, read: () => Buffer): Promise<Buffer> => (grewByLines(base, seen) ? seen : settle(read));
  // `source` is what the edit applies to; `expected` what the file must still hold for the rename to lose nothing.
  // They differ only after a write reached the file we replaced: then `source` is that file's text, `expected` ours.
  let source = await settle(() => readRegularFileSync(file));
  let expected = source;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const before = editableText(source, path);
    let edited: Edited<T> | undefined;
    let refusal: unknown;
    try {
      edited = edit(before);
    } catch (e) {
      // Their text, which reached the file we replaced, refuses the edit: put it back, then refuse.
      if (source.equals(expected)) throw e;
      refusal = e;
    }
    const after = edited?.text ?? before;
    if (edited && after === before && source.equals(expected)) return { before, after, info: edited.info, attempts: attempt };
    const bytes = Buffer.from(after, 'utf8');
    const temp = writeTemp(file, bytes, stat);
    let fd: number | undefined;
    try {
      fd = openRegularSync(file);
      // From here to the first read after the rename, only synchronous calls: the window for a lost write stays microseconds.
      const current = readOpenFileSync(fd);
      // An agent appending faster than the edit can be computed again: rename, and step 4 appends its lines.
      const outrun = attempt > RECOMPUTES && source.equals(expected) && grewByLines(expected, current);
      if (!current.equals(expected) && !outrun) {
        // Both the file we replaced and ours were written to: two texts that cannot be merged.
        if (!source.equals(expected)) throw await conflict(file, path, source);
        source = expected = await next(current, expected, () => readRegularFileSync(file));
        continue;
      }
      options.beforeRename?.();
      renameSync(temp, file);
      const replaced = fd;
      let late = await watchReplaced(replaced, expected);
      if (!late.equals(expected)) {
        // A write into it may still be going on (a truncate and write, a line cut at a page boundary): wait until it is whole.
        try {
          late = await next(late, expected, () => readOpenFileSync(replaced));
        } catch (e) {
          if (e instanceof NotSettled) throw await conflict(file, path, late);
          throw e;
        }
      }
      if (late.equals(expected) || (grewByLines(expected, late) && (await appendLate(file, stat, bytes, late.subarray(expected.length), settle)))) {
        await syncFolder(dirname(file));
        if (refusal !== undefined || !edited) throw refusal;
        return { before, after, info: edited.info, attempts: attempt };
      }
      // Rewritten between the compare and the rename: that write went into the file we replaced. Edit its text again.
      source = late;
      expected = bytes;
    } finally {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    }
  }
  if (!source.equals(expected)) throw await conflict(file, path, source);
  throw new CliError(`${path}: the plan is being rewritten; nothing was changed`, 2);
}

/**
 * Lines an agent appended to the file we replaced after the compare (its
 * `>>` opened the plan just before the rename), which no read before the
 * rename could see: added to ours at once, as long as ours (`written`) has
 * only had whole lines appended since, by the same compare and rename as any
 * edit (never a blind append, which could land on a text that has them
 * already). False when ours was rewritten meanwhile.
 */
async function appendLate(file: string, stat: Stats, written: Buffer, lines: Buffer, settle: (read: () => Buffer) => Promise<Buffer>): Promise<boolean> {
  const read = () => readRegularFileSync(file);
  let base = written;
  let tail = lines;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let now = read();
    const unchanged = (): boolean => now.equals(base) || grewByLines(base, now);
    try {
      // A line being appended to ours right now: wait until it is whole.
      if (!unchanged()) now = await settle(read);
    } catch (e) {
      if (e instanceof NotSettled) return false;
      throw e;
    }
    if (!unchanged()) return false;
    if (attempt >= RECOMPUTES) {
      // The agent appends to ours faster than this machine writes and renames a temp file, so every rename
      // leaves new lines behind in the file it replaces. Those lines were only ever in a replaced file, so
      // ours cannot hold them yet: append them as the agent appends its own (they land after its newest).
      appendWholeLines(file, tail);
      return true;
    }
    const next = Buffer.concat([now, tail]);
    const temp = writeTemp(file, next, stat);
    const fd = openRegularSync(file);
    try {
      const current = readOpenFileSync(fd);
      // Lines appended since `now` was read go into the file about to be replaced, where the watch below
      // finds them and carries them over: only a rewrite means reading again. (Retrying on every append
      // could lose the race to an agent appending faster than a busy machine writes a temp file.)
      if (!current.equals(now) && !grewByLines(now, current)) continue;
      renameSync(temp, file);
      const late = await watchReplaced(fd, now);
      if (late.equals(now)) return true;
      // More lines reached the file just replaced: add those too.
      if (!grewByLines(now, late)) return false;
      base = next;
      tail = late.subarray(now.length);
    } finally {
      closeSync(fd);
      rmSync(temp, { force: true });
    }
  }
  return false;
}

/** `lines` added at the end of the plan by one append, as a shell's `>>` adds them; never through a link. */
function appendWholeLines(file: string, lines: Buffer): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
  try {
    writeSync(fd, lines);
  } finally {
    closeSync(fd);
  }
}

/** Two writers changed the plan in ways that cannot be merged: keep the other one's text where a person can find it. */
async function conflict(file: string, path: string, theirs: Buffer): Promise<CliError> {
  const saved = `${file}.${process.pid}.orig`;
  try {
    await fs.writeFile(saved, theirs);
  } catch (e) {
    return new CliError(`${path}: was rewritten by another writer during this edit and their text could not be saved (${errnoCode(e) ?? 'error'})`, 2);
  }
  return new CliError(`${path}: was rewritten by another writer during this edit; their text is in ${saved}, merge it by hand`, 2);
}
