// updateFile against real concurrent writes: some put at the exact moments
// that matter (between read and compare, between compare and rename), some
// from another process appending as an agent does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, lutimesSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { updateFile, type Edited } from '../../../src/cli/atomicWrite';
import { CliError } from '../../../src/cli/io';
import { LOCK_STALE_MS } from '../../../src/files/lock';
import { applyEdits, setPhase, setTaskCells, type EditResult } from '../../../src/plan/write/edit';
import { parsePlan } from '../../../src/plan/read/parse';
import { capture, copyPlan, tempDir } from './helpers';

const LINE = '- 2025-12-27T10:00: appended by another writer\n';

function applied(text: string, result: EditResult): Edited<string> {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return { text: applyEdits(text, result.edits), info: result.summary };
}

const setWorker = (worker: string) => (text: string) => applied(text, setTaskCells(text, 'f8s', { worker }));
const read = (file: string): string => readFileSync(file, 'utf8');
const worker = (file: string): string => parsePlan(read(file)).tasks[0]!.worker;
const rejectsWith = (exitCode: number, message: RegExp) => (e: unknown) =>
  e instanceof CliError && e.exitCode === exitCode && message.test(e.message);

describe('updateFile', () => {
  it('writes the edit with the file’s mode and leaves nothing else behind', async () => {
    const file = copyPlan('seed-split-brain.md');
    chmodSync(file, 0o640);
    const result = await updateFile(file, setWorker('w1'));
    assert.equal(result.attempts, 1);
    assert.equal(worker(file), 'w1');
    assert.equal(read(file), result.after);
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
  });

  it('computes the edit again on an in-place change or an append before the compare', async () => {
    const file = copyPlan('seed-split-brain.md');
    let calls = 0;
    const result = await updateFile(file, (text) => {
      // The other writer strikes while each attempt is being computed: first a rewrite, then an append.
      if (++calls === 1) writeFileSync(file, read(file).replace('Session: 65c422f0', 'Session: rewritten'));
      if (calls === 2) appendFileSync(file, LINE);
      return setWorker('w2')(text);
    });
    assert.equal(result.attempts, 3);
    assert.equal(worker(file), 'w2');
    assert.ok(read(file).endsWith(LINE));
    assert.equal(read(file).split(LINE).length, 2, 'the line, once');
    assert.match(read(file), /^Session: rewritten$/m);
    assert.ok(result.before.endsWith(LINE), 'the written edit was computed on the last text');
  });

  it('appends to the new file at once a line appended to the replaced one between the compare and the rename', async () => {
    const file = copyPlan('seed-split-brain.md');
    const result = await updateFile(file, setWorker('w3'), { beforeRename: () => appendFileSync(file, LINE) });
    assert.equal(result.attempts, 1);
    assert.equal(worker(file), 'w3');
    assert.equal(read(file), result.after + LINE, 'the line, once, at the end');
  });

  it('re-applies the edit on an in-place rewrite of the replaced file after the compare', async () => {
    const file = copyPlan('seed-split-brain.md');
    let rewrites = 0;
    const result = await updateFile(file, setWorker('w4'), {
      beforeRename: () => {
        if (rewrites++ === 0) writeFileSync(file, read(file).replace('Session: 65c422f0', 'Session: rewritten'));
      },
    });
    assert.equal(result.attempts, 2);
    assert.equal(worker(file), 'w4');
    assert.match(read(file), /^Session: rewritten$/m);
  });

  it('saves the other writer’s text when both files were rewritten in place', async () => {
    const file = copyPlan('seed-split-brain.md');
    let calls = 0;
    let theirs = '';
    const edit = (text: string) => {
      if (++calls === 2) writeFileSync(file, read(file).replace('Generated:', 'Generated (again):'));
      return setWorker('w5')(text);
    };
    const beforeRename = () => {
      if (theirs !== '') return;
      theirs = read(file).replace('Session: 65c422f0', 'Session: rewritten');
      writeFileSync(file, theirs);
    };
    await assert.rejects(updateFile(file, edit, { beforeRename }), rejectsWith(2, /was rewritten by another writer during this edit; their text is in .*\.orig, merge it by hand/));
    const saved = readdirSync(dirname(file)).find((f) => f.endsWith('.orig'))!;
    assert.equal(read(join(dirname(file), saved)), theirs);
  });

  it('puts the other writer’s text back, and refuses, when their rewrite of the replaced file refuses the edit', async () => {
    // Before issue 20 their text went to a .orig file and the plan kept our edit of the older text.
    const file = copyPlan('seed-split-brain.md');
    let theirs = '';
    const beforeRename = () => {
      if (theirs !== '') return;
      theirs = read(file).replace(/^\| django-litefs-f8s \|.*\n/m, '');
      writeFileSync(file, theirs);
    };
    const refuse = (text: string) => {
      if (parsePlan(text).tasks.length === 0) throw new CliError('no task f8s', 1);
      return setWorker('w5')(text);
    };
    await assert.rejects(updateFile(file, refuse, { beforeRename }), rejectsWith(1, /no task f8s/));
    assert.equal(read(file), theirs);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
  });

  it('gives up without writing when the file keeps being rewritten', async () => {
    const file = copyPlan('seed-split-brain.md');
    let calls = 0;
    const edit = (text: string) => {
      writeFileSync(file, read(file).replace(/^Session: .*$/m, `Session: rewrite ${++calls}`));
      return setWorker('w6')(text);
    };
    await assert.rejects(updateFile(file, edit, { attempts: 3 }), rejectsWith(2, /the plan is being rewritten; nothing was changed/));
    assert.equal(worker(file), '');
    assert.match(read(file), /^Session: rewrite 3$/m);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
  });

  it('does not write when the edit changes nothing', async () => {
    const file = copyPlan('seed-split-brain.md');
    const { ino, mtimeMs } = statSync(file);
    const result = await updateFile(file, (text) => applied(text, setPhase(text, 0, { status: 'done' })));
    assert.equal(result.after, result.before);
    assert.deepEqual([statSync(file).ino, statSync(file).mtimeMs], [ino, mtimeMs]);
  });

  it('waits for another writer’s lock, and breaks a stale one', async () => {
    const file = copyPlan('seed-split-brain.md');
    const lock = `${file}.lock`;
    mkdirSync(lock);
    let waited = false;
    const release = setTimeout(() => {
      waited = true;
      rmdirSync(lock);
    }, 100);
    await updateFile(file, setWorker('w7'));
    clearTimeout(release);
    assert.ok(waited, 'the edit waited for the lock');
    assert.equal(worker(file), 'w7');
    // A lock whose holder stopped refreshing it LOCK_STALE_MS ago belongs to a writer that is gone.
    mkdirSync(lock);
    const old = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
    utimesSync(lock, old, old);
    await updateFile(file, setWorker('w8'));
    assert.equal(worker(file), 'w8');
    assert.equal(existsSync(lock), false);
  });

  it('fails with exit 2 while another writer holds the lock', async () => {
    const file = copyPlan('seed-split-brain.md');
    const before = read(file);
    mkdirSync(`${file}.lock`);
    await assert.rejects(updateFile(file, setWorker('w8'), { lockTimeoutMs: 150 }), rejectsWith(2, /stays locked by another writer \(.*PLAN\.md\.lock\); nothing was written/));
    assert.equal(read(file), before);
    assert.deepEqual(readdirSync(dirname(file)).sort(), ['PLAN.md', 'PLAN.md.lock']);
  });

  it('refuses a read-only plan with exit 2 and one line, even as root', async () => {
    const file = copyPlan('seed-split-brain.md');
    const before = read(file);
    chmodSync(file, 0o444);
    // As root, access() says yes to every file: the mode is what says no.
    await assert.rejects(updateFile(file, setWorker('w9')), rejectsWith(2, /PLAN\.md: cannot be written \(it is read-only, mode 0444\); nothing was written$/));
    // The command an agent runs: exit 2 and the reason on one line.
    const cli = await capture('log', file, 'on a read-only plan');
    assert.equal(cli.code, 2);
    assert.match(cli.err, /^beads-plan: .*PLAN\.md: cannot be written \(it is read-only, mode 0444\); nothing was written$/);
    chmodSync(file, 0o644);
    assert.equal(read(file), before);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
  });

  for (const kind of ['file', 'symlink'] as const)
    it(`removes a stale lock that is a ${kind}, and waits for a fresh one, then reports it`, async () => {
      const file = copyPlan('seed-split-brain.md');
      const lock = `${file}.lock`;
      // A symlink to a directory: proper-lockfile would follow it and fail to rmdir the link.
      const make = (): void => (kind === 'file' ? writeFileSync(lock, '') : symlinkSync(dirname(file), lock));
      make();
      const old = (Date.now() - LOCK_STALE_MS - 1000) / 1000;
      lutimesSync(lock, old, old);
      await updateFile(file, setWorker('w10'));
      assert.equal(worker(file), 'w10');
      assert.equal(existsSync(lock), false);
      assert.ok(existsSync(dirname(file)), 'the link is removed, never what it points to');
      make();
      const before = read(file);
      await assert.rejects(updateFile(file, setWorker('w11'), { lockTimeoutMs: 150 }), rejectsWith(2, /stays locked by another writer \(.*PLAN\.md\.lock\); nothing was written/));
      assert.equal(read(file), before);
      let waited = false;
      const release = setTimeout(() => {
        waited = true;
        rmSync(lock);
      }, 100);
      await updateFile(file, setWorker('w12'));
      clearTimeout(release);
      assert.ok(waited, 'the edit waited for the fresh lock');
      assert.equal(worker(file), 'w12');
    });

  it('fails with exit 2 on a missing file', async () => {
    await assert.rejects(updateFile(join(tempDir(), 'nope.md'), setWorker('x')), rejectsWith(2, /nope\.md: no such file/));
  });
});
