// The plan lock between writers of one process and of several.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCK_STALE_MS, LockTimeout, withFileLock } from '../../../src/files/lock';

const dir = mkdtempSync(join(tmpdir(), 'beads-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const plan = (): string => {
  const file = join(dir, `plan-${++n}.md`);
  writeFileSync(file, '0');
  return file;
};

describe('withFileLock', () => {
  it('runs holders one at a time, so that none loses another’s update', async () => {
    const file = plan();
    let inside = 0;
    let most = 0;
    const bump = () =>
      withFileLock(file, async () => {
        most = Math.max(most, ++inside);
        const value = Number(readFileSync(file, 'utf8'));
        await sleep(Math.random() * 3);
        writeFileSync(file, String(value + 1));
        inside--;
      });
    await Promise.all(Array.from({ length: 20 }, bump));
    assert.equal(readFileSync(file, 'utf8'), '20');
    assert.equal(most, 1);
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('releases the lock when the body throws', async () => {
    const file = plan();
    await assert.rejects(withFileLock(file, () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('waits for a lock another process holds (mkdir, as an orchestrator takes it)', async () => {
    const file = plan();
    // The shell's way: mkdir the lock, work, rmdir it.
    const holder = spawn('sh', ['-c', 'mkdir "$1.lock" && echo held && sleep 0.3 && rmdir "$1.lock"', 'sh', file]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const started = Date.now();
    await withFileLock(file, async () => assert.equal(existsSync(`${file}.lock`), true));
    assert.ok(Date.now() - started >= 200, 'it waited');
  });

  it('breaks a lock not refreshed for LOCK_STALE_MS', async () => {
    const file = plan();
    mkdirSync(`${file}.lock`);
    const old = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    assert.equal(await withFileLock(file, async () => 'taken', 200), 'taken');
  });

  it('gives up with LockTimeout on a fresh lock held for the whole wait', async () => {
    const file = plan();
    mkdirSync(`${file}.lock`);
    await assert.rejects(withFileLock(file, async () => 'never', 100), (e: unknown) => e instanceof LockTimeout && e.message === `stays locked by another writer (${file}.lock)`);
    assert.equal(existsSync(`${file}.lock`), true, 'another writer’s lock is left alone');
  });
});
