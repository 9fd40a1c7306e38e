// The advisory lock our writers take around an edit of a plan, so that two of
// them (CLI runs, the extension's commands, its workers, an orchestrator
// that takes part) never lose each other's updates. It is proper-lockfile's:
// a directory `<plan>.lock` beside the plan (mkdir is atomic),
// whose mtime the holder refreshes every LOCK_STALE_MS / 2; one older than
// LOCK_STALE_MS belongs to a writer that is gone and is removed by the next.
// A lock path that is a file or a symlink (left by a foreign tool, or a
// person) is not proper-lockfile's: it cannot remove it (rmdir fails with
// ENOTDIR), so it is judged here by its own mtime, as a directory would be.
// The README tells an orchestrator how to take it from a shell.
import { lock } from 'proper-lockfile';
import { lstatSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode } from './regularFile';

export const LOCK_STALE_MS = 10_000;
/** Longer than LOCK_STALE_MS, so that a lock left by a crashed writer is always broken within one wait. */
const LOCK_TIMEOUT_MS = 15_000;

/** Another writer held the lock for the whole wait. */
export class LockTimeout extends Error {
  constructor(readonly lockPath: string) {
    super(`stays locked by another writer (${lockPath})`);
  }
}

/**
 * Runs `body` holding the lock of `file` (a real path: the lock sits beside
 * the file a symlink points to). Waits up to `timeoutMs` for another holder;
 * throws LockTimeout then, and the file system's error when the lock cannot
 * be made (a read-only folder).
 */
export async function withFileLock<R>(file: string, body: () => Promise<R>, timeoutMs = LOCK_TIMEOUT_MS): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  let release: () => Promise<void>;
  const lockPath = `${file}.lock`;
  for (;;) {
    try {
      if (foreignLockHeld(lockPath)) throw Object.assign(new Error('held'), { code: 'ELOCKED' });
      release = await lock(file, {
        stale: LOCK_STALE_MS,
        realpath: false,
        // Only when our refresh failed for longer than LOCK_STALE_MS (a blocked event loop): edits hold the lock for milliseconds.
        onCompromised: () => undefined,
      });
      break;
    } catch (e) {
      if (errnoCode(e) !== 'ELOCKED') throw e;
      if (Date.now() > deadline) throw new LockTimeout(lockPath);
      await sleep(2 + Math.random() * 8);
    }
  }
  try {
    return await body();
  } finally {
    // Already gone (broken as stale, or removed by hand) is as good as released.
    await release().catch(() => undefined);
  }
}

/**
 * Whether `lockPath` is a lock that is not a directory and still fresh: it is
 * waited for like a held lock. One older than LOCK_STALE_MS is removed (its
 * link, never what a symlink points to), and the lock is taken as usual.
 */
function foreignLockHeld(lockPath: string): boolean {
  let stat;
  try {
    stat = lstatSync(lockPath);
  } catch {
    return false;
  }
  if (stat.isDirectory()) return false;
  if (stat.mtimeMs >= Date.now() - LOCK_STALE_MS) return true;
  try {
    // Another writer may have removed it first: force ignores that.
    rmSync(lockPath, { force: true });
  } catch {
    // It became a directory meanwhile (another writer's lock): proper-lockfile judges that one.
  }
  return false;
}
