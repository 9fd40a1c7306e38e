// Shared helpers for the worker tests, which run real processes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const FAKE_WORKER = join(__dirname, '..', '..', 'fixtures', 'fake-worker.js');

/** A command that runs the fake worker with `args`. */
export function fake(...args: string[]): string[] {
  return [process.execPath, FAKE_WORKER, ...args];
}

/** A fresh temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beads-workers-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Whether a process still exists, by `process.kill(pid, 0)`. A zombie counts as
 * gone: it has ended, and where PID 1 does not reap orphans (some sandboxes)
 * it would otherwise linger for ever.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Pids {
  readonly worker: number;
  readonly grandchild?: number;
}

/** Waits for the fake worker's pids file, which it writes once it is set up. */
export async function readPids(file: string): Promise<Pids> {
  await waitFor(() => existsSync(file) && readFileSync(file, 'utf8') !== '');
  return JSON.parse(readFileSync(file, 'utf8')) as Pids;
}
