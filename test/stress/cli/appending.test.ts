// Real processes racing an agent that appends to the plan, as `echo … >>`
// does: many CLI runs at once, and updateFile's edits in a loop. Neither loses
// an appended line or an edit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { updateFile, type Edited } from '../../../src/cli/atomicWrite';
import { parsePlan } from '../../../src/plan/read/parse';
import { phaseByRole } from '../../../src/plan/read/roles';
import { applyEdits, setTaskCells, type EditResult } from '../../../src/plan/write/edit';
import { appendedLines, cli, copyPlan, startAppender, type Captured } from '../../unit/cli/helpers';

const read = (file: string): string => readFileSync(file, 'utf8');

function applied(text: string, result: EditResult): Edited<string> {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return { text: applyEdits(text, result.edits), info: result.summary };
}

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
    t.after(appender.stop); // a failed run must not leave the appender running
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

describe('updateFile under a real appending process', () => {
  it('loses neither an appended line nor an edit', async (t) => {
    const file = copyPlan('real/PLAN-v6.md');
    const tasks = parsePlan(read(file)).tasks.map((task) => task.id);
    const appender = startAppender(file, 'fast', 300, [0.5, 3]);
    t.after(appender.stop); // a failed edit must not leave the appender running
    let edits = 0;
    let attempts = 0;
    const started = Date.now();
    for (; edits < 40; edits++) {
      const task = tasks[edits % tasks.length]!;
      const result = await updateFile(file, (text) => applied(text, setTaskCells(text, task, { worker: `edit-${edits}` })));
      attempts += result.attempts;
    }
    const editMs = Date.now() - started;
    appender.stop();
    const appended = await appender.done;
    const text = read(file);
    assert.deepEqual(appendedLines(text, 'fast', appended), Array<number>(appended).fill(1));
    const workers = new Map(parsePlan(text).tasks.map((task) => [task.id, task.worker]));
    for (let k = Math.max(0, edits - tasks.length); k < edits; k++) assert.equal(workers.get(tasks[k % tasks.length]!), `edit-${k}`);
    t.diagnostic(`${edits} edits in ${editMs} ms while ${appended} lines were appended: ${attempts - edits} edits computed again`);
  });
});
