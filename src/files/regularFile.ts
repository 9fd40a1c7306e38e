// Reading a plan file whatever its path names: only a regular file is read,
// never more than MAX_PLAN_BYTES of it, and the open cannot block (a FIFO
// opened for reading waits for a writer; with O_NONBLOCK it opens at once and
// is then refused), so a device, FIFO or socket is never read or written.
// Node-only and editor-free: the CLI and the extension share it.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** The largest plan read: real plans are about 100 KB, the benchmark's largest 5 MB. */
export const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** Windows has no O_NONBLOCK, and no FIFOs to open either. */
const NO_WAIT = constants.O_NONBLOCK ?? 0;

/** A file that cannot be read as a plan. The message is one line, to follow the path as the user gave it. */
export class FileError extends Error {}

export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function kind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const mb = (n: number): string => `${Math.ceil(n / (1024 * 1024))} MB`;

/** Throws a FileError unless `stat` is of a regular file of at most `maxBytes`. */
function checkRegular(stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new FileError(`is ${kind(stat)}, not a plan file`);
  if (stat.size > maxBytes) throw new FileError(`is ${mb(stat.size)}, more than the ${mb(maxBytes)} a plan may have`);
}

function readError(e: unknown): unknown {
  if (e instanceof FileError) return e;
  const code = errnoCode(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileError('no such file');
  return code === undefined ? e : new FileError(`cannot be read (${code})`);
}

/**
 * The stat of the regular file at `path` (a symlink is followed), after
 * checking it is one of at most `maxBytes`. Throws a FileError.
 */
export function regularFileStat(path: string, maxBytes = MAX_PLAN_BYTES): Stats {
  try {
    const stat = statSync(path);
    checkRegular(stat, maxBytes);
    return stat;
  } catch (e) {
    throw readError(e);
  }
}

/**
 * Opens the regular file at `path` for reading without ever blocking, and
 * checks what was opened (the path may have changed since it was looked at).
 * Throws a FileError; the caller closes the descriptor.
 */
export function openRegularSync(path: string, maxBytes = MAX_PLAN_BYTES): number {
  // Looked at first: opening a socket fails with a bare ENXIO, and a device should not even be opened.
  regularFileStat(path, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NO_WAIT);
  } catch (e) {
    throw readError(e);
  }
  try {
    checkRegular(fstatSync(fd), maxBytes);
  } catch (e) {
    closeSync(fd);
    throw readError(e);
  }
  return fd;
}

/**
 * The whole content of an open regular file, from offset 0 whatever the
 * descriptor's position, so that one descriptor can be read again. A file
 * that grows past `maxBytes` while being read is refused.
 */
export function readOpenFileSync(fd: number, maxBytes = MAX_PLAN_BYTES): Buffer {
  try {
    const { size } = fstatSync(fd);
    // One byte more than the size: a file that grew meanwhile is read to its end, not cut at the old size.
    let buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let at = 0;
    for (;;) {
      if (at === buffer.length) {
        if (buffer.length > maxBytes) throw new FileError(`grew past ${mb(maxBytes)} while being read`);
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, at);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, at, buffer.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return buffer.subarray(0, at);
  } catch (e) {
    throw readError(e);
  }
}

/** The bytes of the regular file at `path` (see openRegularSync). Throws a FileError. */
export function readRegularFileSync(path: string, maxBytes = MAX_PLAN_BYTES): Buffer {
  const fd = openRegularSync(path, maxBytes);
  try {
    return readOpenFileSync(fd, maxBytes);
  } finally {
    closeSync(fd);
  }
}
