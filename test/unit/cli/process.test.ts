// The real command, as agents run it: many runs at once racing an agent that
// appends to the plan, and files it may not read or write.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parsePlan } from '../../../src/plan/read/parse';
import { phaseByRole } from '../../../src/plan/read/roles';
import { appendedLines, cli, copyPlan, startAppender, type Captured } from './helpers';

const read = (file: string): string => readFileSync(file, 'utf8');

/** Runs every job, `width` at a time. */
async function pool(jobs: readonly string[][], width: number): Promise<Captured[]> {
  const results: Captured[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const k = next++;
      results[k] = await cli(jobs[k]!);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('beads-plan runs racing an appending agent', () => {
  it('keeps every appended line and every edit', async (t) => {
    const file = copyPlan('real/PLAN-v6.md');
    const plan = parsePlan(read(file));
    const phases = plan.phases.filter((p) => p !== phaseByRole(plan.phases, 'commit')).slice(0, 2);
    // Every task, and a few phases, a log line and validation rows: 12 runs, each its own process.
    const jobs = [
      ...plan.tasks.map((task, k) => ['set-task', file, task.id, '--worker', `cli-worker-${k}`]),
      ...phases.map((p) => ['set-phase', file, String(p.number), 'done', '--note', `cli-note-${p.number}`]),
      ['log', file, 'cli log entry'],
      ...plan.tasks.slice(0, 2).map((task, k) => ['validate', file, task.id, '--tests-run', `${k + 1} run by the CLI`]),
    ];
    const started = Date.now();
    const appender = startAppender(file, 'agent', 200, [8, 16]);
    const results = await pool(jobs, 4);
    const cliMs = Date.now() - started;
    appender.stop();
    const appended = await appender.done;
    results.forEach((r, k) => assert.equal(r.code, 0, `${jobs[k]!.join(' ')}: ${r.err}`));

    const text = read(file);
    assert.deepEqual(appendedLines(text, 'agent', appended), Array<number>(appended).fill(1));
    const after = parsePlan(text);
    assert.deepEqual(
      after.tasks.map((task) => task.worker),
      plan.tasks.map((_, k) => `cli-worker-${k}`),
    );
    for (const p of phases) assert.equal(after.phases.find((q) => q.number === p.number)!.notes, `cli-note-${p.number}`);
    assert.equal(after.log.filter((e) => e.text === 'cli log entry').length, 1);
    plan.tasks.slice(0, 2).forEach((task, k) =>
      assert.equal(after.validation.find((v) => v.taskId === task.id)!.testsRun, `${k + 1} run by the CLI`),
    );
    assert.equal(after.phases.length, plan.phases.length);
    assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
    t.diagnostic(`${jobs.length} CLI runs (4 at a time) in ${cliMs} ms while ${appended} lines were appended`);
  });
});

describe('files the command may not read or write (exit 2, one line)', { concurrency: true }, () => {
  // Root reads and writes anything: the command then runs as nobody.
  const other = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const cases: ReadonlyArray<readonly [string, number, number, RegExp]> = [
    ['an unreadable file', 0o000, 0o755, /cannot be read \(EACCES\)/],
    ['a read-only file', 0o444, 0o755, /cannot be written \(EACCES\)/],
    ['a file in a read-only folder', 0o666, 0o555, /cannot be written \(EACCES\)/],
  ];
  for (const [what, fileMode, dirMode, message] of cases)
    it(what, async () => {
      const file = copyPlan('seed-split-brain.md');
      const before = read(file);
      chmodSync(file, fileMode);
      chmodSync(dirname(file), dirMode);
      const r = await cli(['set-task', file, 'f8s', '--worker', 'w'], other);
      chmodSync(dirname(file), 0o755);
      chmodSync(file, 0o644);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.equal(read(file), before);
      assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
    });
});
