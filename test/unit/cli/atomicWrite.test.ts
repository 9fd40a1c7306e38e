// updateFile against real concurrent writes: some put at the exact moments
// that matter (between read and compare, between compare and rename), some
// from another process appending as an agent does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { updateFile, type Edited } from '../../../src/cli/atomicWrite';
import { CliError } from '../../../src/cli/io';
import { applyEdits, setPhase, setTaskCells, type EditResult } from '../../../src/plan/edit';
import { parsePlan } from '../../../src/plan/parse';
import { appendedLines, copyPlan, startAppender, tempDir } from './helpers';

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
    assert.deepEqual([result.attempts, result.carried], [1, 0]);
    assert.equal(worker(file), 'w1');
    assert.equal(read(file), result.after);
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
  });

  it('re-applies the edit on an in-place change before the compare, and carries an append', async () => {
    const file = copyPlan('seed-split-brain.md');
    let calls = 0;
    const result = await updateFile(file, (text) => {
      // The other writer strikes while each attempt is being computed: first a rewrite, then an append.
      if (++calls === 1) writeFileSync(file, read(file).replace('Session: 65c422f0', 'Session: rewritten'));
      if (calls === 2) appendFileSync(file, LINE);
      return setWorker('w2')(text);
    });
    assert.deepEqual([result.attempts, result.carried], [2, 1]);
    assert.equal(worker(file), 'w2');
    assert.ok(read(file).endsWith(LINE));
    assert.match(read(file), /^Session: rewritten$/m);
  });

  it('carries a line appended to the replaced file after the compare into the new one', async () => {
    const file = copyPlan('seed-split-brain.md');
    const result = await updateFile(file, setWorker('w3'), { beforeRename: () => appendFileSync(file, LINE) });
    assert.deepEqual([result.attempts, result.carried], [1, 1]);
    assert.equal(worker(file), 'w3');
    assert.equal(read(file).split(LINE).length, 2, 'the line, once');
  });

  it('re-applies the edit on an in-place rewrite of the replaced file after the compare', async () => {
    const file = copyPlan('seed-split-brain.md');
    let rewrites = 0;
    const result = await updateFile(file, setWorker('w4'), {
      beforeRename: () => {
        if (rewrites++ === 0) writeFileSync(file, read(file).replace('Session: 65c422f0', 'Session: rewritten'));
      },
    });
    assert.deepEqual([result.attempts, result.carried], [2, 1]);
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

  it('saves the other writer’s text when their rewrite of the replaced file refuses the edit', async () => {
    const file = copyPlan('seed-split-brain.md');
    let theirs = '';
    const beforeRename = () => {
      if (theirs !== '') return;
      theirs = read(file).replace(/^\| django-litefs-f8s \|.*\n/m, '');
      writeFileSync(file, theirs);
    };
    await assert.rejects(updateFile(file, setWorker('w5'), { beforeRename }), rejectsWith(2, /their text is in .*\.orig/));
    const saved = readdirSync(dirname(file)).find((f) => f.endsWith('.orig'))!;
    assert.equal(read(join(dirname(file), saved)), theirs);
  });

  it('gives up without writing when the file keeps being rewritten', async () => {
    const file = copyPlan('seed-split-brain.md');
    let calls = 0;
    const edit = (text: string) => {
      writeFileSync(file, read(file).replace(/^Session: .*$/m, `Session: rewrite ${++calls}`));
      return setWorker('w6')(text);
    };
    await assert.rejects(updateFile(file, edit, { attempts: 3 }), rejectsWith(2, /kept changing while being edited \(3 attempts\); nothing was written/));
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

  it('waits for another run’s lock, and breaks the lock of a run that is gone', async () => {
    const file = copyPlan('seed-split-brain.md');
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const release = setTimeout(() => writeFileSync(`${file}.lock`, `${spawnSync(process.execPath, ['-e', '']).pid}\n`), 100);
    await updateFile(file, setWorker('w7'));
    clearTimeout(release);
    assert.equal(worker(file), 'w7');
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('fails with exit 2 while a live run holds the lock', async () => {
    const file = copyPlan('seed-split-brain.md');
    const before = read(file);
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    await assert.rejects(updateFile(file, setWorker('w8'), { lockTimeoutMs: 150 }), rejectsWith(2, /stays locked by another beads-plan/));
    assert.equal(read(file), before);
    assert.deepEqual(readdirSync(dirname(file)).sort(), ['PLAN.md', 'PLAN.md.lock']);
  });

  it('fails with exit 2 on a missing file', async () => {
    await assert.rejects(updateFile(join(tempDir(), 'nope.md'), setWorker('x')), rejectsWith(2, /nope\.md: no such file/));
  });
});

describe('updateFile under a real appending process', () => {
  it('loses neither an appended line nor an edit', async (t) => {
    const file = copyPlan('real/PLAN-v6.md');
    const tasks = parsePlan(read(file)).tasks.map((task) => task.id);
    const appender = startAppender(file, 'fast', 300, [0.5, 3]);
    let edits = 0;
    let attempts = 0;
    let carried = 0;
    const started = Date.now();
    for (; edits < 40; edits++) {
      const task = tasks[edits % tasks.length]!;
      const result = await updateFile(file, (text) => applied(text, setTaskCells(text, task, { worker: `edit-${edits}` })));
      attempts += result.attempts;
      carried += result.carried;
    }
    const editMs = Date.now() - started;
    appender.stop();
    const appended = await appender.done;
    const text = read(file);
    assert.deepEqual(appendedLines(text, 'fast', appended), Array<number>(appended).fill(1));
    const workers = new Map(parsePlan(text).tasks.map((task) => [task.id, task.worker]));
    for (let k = Math.max(0, edits - tasks.length); k < edits; k++) assert.equal(workers.get(tasks[k % tasks.length]!), `edit-${k}`);
    t.diagnostic(`${edits} edits in ${editMs} ms while ${appended} lines were appended: ${attempts - edits} edits computed again, ${carried} carried appended lines over`);
  });
});
