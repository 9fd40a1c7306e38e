// Rewriting a plan that others may be writing at the same moment: agents
// appending log lines (`>>`), editors saving, people, other beads-plan runs.
//
// The new text goes to a temp file in the plan's folder (fsync'ed, with the
// plan's mode). Then, under a lock that only beads-plan runs take, the plan is
// read again and compared byte for byte with the text the edit was computed
// on. Changed in place: the edit is computed again on the new text (it
// re-locates its target by identity), a few times at most. Unchanged, or only
// appended to (`>>`): the temp file is renamed over the plan. The replaced
// file, still open, is then read once more, after SETTLE_MS: whatever was
// appended to it since the edit was computed, before or after the compare, is
// appended to the new file (so those lines may land after the edited ones, or
// after a line appended to the new file meanwhile, but never lost); an
// in-place rewrite of it gets the edit computed again on top of it.
//
// What remains (not handled):
// - A writer that replaces the plan by its own rename between the final
//   compare and our rename loses its change: there is no compare-and-swap
//   rename. The window is one read, one rename and one folder fsync.
// - A writer that opened the old file before the rename and writes into it
//   more than SETTLE_MS later loses that write.
// - Two beads-plan runs breaking the same stale lock at once may both hold it.
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
export type EditFn<T> = (text: string) => Edited<T>;

export interface UpdateResult<T> {
  /** The text the written edit was computed on. */
  readonly before: string;
  /** The text written; equal to `before` when there was nothing to change. */
  readonly after: string;
  readonly info: T;
  /** How many times the edit was computed: more than 1 when the file changed under it. */
  readonly attempts: number;
  /** Times the replaced file had been written to meanwhile (appended, carried over; or rewritten, edited again). */
  readonly carried: number;
}

export interface UpdateOptions {
  readonly attempts?: number;
  readonly lockTimeoutMs?: number;
  /** Runs between the final compare and the rename, where a concurrent write is at risk; lets tests put one there. */
  readonly beforeRename?: () => Promise<void> | void;
}

const ATTEMPTS = 8;
/** How long a writer that opened the old file just before the rename has to finish its write. */
const SETTLE_MS = 20;
const LOCK_TIMEOUT_MS = 10_000;
/** A lock is held for a compare, a rename and SETTLE_MS; one this old belongs to a run that is gone. */
const STALE_LOCK_MS = 30_000;

function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** File-system failures become exit 2 with one line; refusals and bugs pass through as they are. */
function asCliError(e: unknown, path: string): unknown {
  if (e instanceof CliError) return e;
  const code = errnoCode(e);
  return code === undefined ? e : new CliError(`${path}: cannot be written (${code})`, 2);
}

/** Reads from offset 0 whatever the handle's position, so the same handle can be read twice. */
async function readAll(handle: FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await handle.read(buffer, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buffer.subarray(0, at);
}

/** `bytes` is `base` with something appended, as `>>` does. */
function isAppendOf(bytes: Buffer, base: Buffer): boolean {
  return bytes.length > base.length && bytes.subarray(0, base.length).equals(base);
}

async function writeTemp(file: string, bytes: Buffer, mode: number): Promise<string> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    // open() applied the umask; the plan's own mode is what the rename must keep.
    await handle.chmod(mode);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw e;
  }
  await handle.close();
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

async function isStale(lock: string): Promise<boolean> {
  let stat: Stats;
  let owner: string;
  try {
    [stat, owner] = await Promise.all([fs.stat(lock), fs.readFile(lock, 'utf8')]);
  } catch {
    // Gone already: trying again is what a stale lock calls for too.
    return true;
  }
  const pid = Number(owner.trim());
  // An empty lock is one being created right now.
  return (Number.isInteger(pid) && pid > 0 && !alive(pid)) || Date.now() - stat.mtimeMs > STALE_LOCK_MS;
}

/** Serialises the compare-and-rename of concurrent beads-plan runs on one plan. */
async function withLock<R>(file: string, shown: string, timeoutMs: number, body: () => Promise<R>): Promise<R> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(lock, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
    if (await isStale(lock)) await fs.rm(lock, { force: true });
    else if (Date.now() > deadline) throw new CliError(`${shown}: stays locked by another beads-plan (${lock}); nothing was written`, 2);
    else await sleep(2 + Math.random() * 8);
  }
  try {
    return await body();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/** The real file behind `path` (a symlinked plan stays a symlink), once it is known to be readable and writable. */
async function writableFile(path: string): Promise<string> {
  let file: string;
  try {
    file = await fs.realpath(path);
  } catch {
    throw new CliError(`${path}: no such file`, 2);
  }
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
  return file;
}

type Swap = { readonly kind: 'changed'; readonly current: Buffer } | { readonly kind: 'renamed'; readonly late: Buffer };

/**
 * Applies `edit` to the file at `path` and writes the result atomically
 * (see the top of this file). Nothing is written when the edit changes nothing.
 * Throws CliError 2 when the file cannot be read or written, or keeps changing.
 */
export async function updateFile<T>(path: string, edit: EditFn<T>, options: UpdateOptions = {}): Promise<UpdateResult<T>> {
  const attempts = options.attempts ?? ATTEMPTS;
  const file = await writableFile(path);
  // `expected` is what the file must still hold for the rename to lose nothing; `source` is what the
  // edit applies to. They differ only after an in-place rewrite of the replaced file was recovered.
  let expected: Buffer;
  try {
    expected = await fs.readFile(file);
  } catch (e) {
    throw asCliError(e, path);
  }
  let source = expected;
  let carried = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const before = editableText(source, path);
    let edited: Edited<T>;
    try {
      edited = edit(before);
    } catch (e) {
      // The file holds our earlier write, without their rewrite, which now refuses the edit: keep theirs.
      if (!source.equals(expected)) throw await conflict(file, path, source);
      throw e;
    }
    const { text: after, info } = edited;
    const done = (): UpdateResult<T> => ({ before, after, info, attempts: attempt, carried });
    if (after === before && source.equals(expected)) return done();
    let swap: Swap;
    try {
      const { mode } = await fs.stat(file);
      const temp = await writeTemp(file, Buffer.from(after, 'utf8'), mode & 0o7777);
      try {
        swap = await withLock(file, path, options.lockTimeoutMs ?? LOCK_TIMEOUT_MS, async () => {
          const handle = await fs.open(file, 'r');
          try {
            const current = await readAll(handle);
            if (!current.equals(expected) && !isAppendOf(current, expected)) return { kind: 'changed', current };
            await options.beforeRename?.();
            await fs.rename(temp, file);
            await syncFolder(dirname(file));
            await sleep(SETTLE_MS);
            const late = await readAll(handle);
            // Still under the lock, so no other beads-plan run replaces the file in between.
            if (isAppendOf(late, expected)) await fs.appendFile(file, late.subarray(expected.length));
            return { kind: 'renamed', late };
          } finally {
            await handle.close();
          }
        });
      } finally {
        // Gone after a rename; left over after a change or a failure.
        await fs.rm(temp, { force: true });
      }
    } catch (e) {
      throw asCliError(e, path);
    }
    if (swap.kind === 'changed') {
      // After a recovered rewrite, the file holding our earlier write was rewritten too: two versions, no safe merge.
      if (!source.equals(expected)) throw await conflict(file, path, source);
      source = expected = swap.current;
      continue;
    }
    if (swap.late.equals(expected)) return done();
    carried++;
    if (isAppendOf(swap.late, expected)) return done();
    // The replaced file was rewritten in place after the compare: edit that text, and replace ours with it.
    source = swap.late;
    expected = Buffer.from(after, 'utf8');
  }
  if (!source.equals(expected)) throw await conflict(file, path, source);
  throw new CliError(`${path}: kept changing while being edited (${attempts} attempts); nothing was written`, 2);
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
