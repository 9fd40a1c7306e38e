// The worker service with no processes: Run All's scheduling over a `start`
// whose runs the test ends by hand (the batches of the Conflict Matrix, the
// maxParallel bound, tasks sharing a file, what a failure stops, the outcome),
// and the bound on the output channels it opens, seen through refused starts.
import { fake, Uri } from '../vscode';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import type { Plan } from '../../../../src/plan/model';
import { handPlan } from '../../fixtures';
import { MAX_CHANNELS, WorkerService, type RunAllOutcome, type StartResult, type WorkerRun } from '../../../../src/editor/services/workerService';


const PLAN_URI = Uri.file(`${tmpdir()}/ws/.beads/plans/plan-run.md`) as never;

/**
 * Lets every pending promise callback run: the scripted runs involve no timer
 * and no I/O, so the microtask queue drains before the event loop's next turn.
 * What has not started then, will not start until the test ends another run.
 */
function quiet(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The plan text every start reads: the service itself is real up to the process. */
function service(planText = '# Beads Work Plan\n'): WorkerService {
  return new WorkerService(undefined as never, () => Promise.resolve(planText), Uri.file(tmpdir()) as never, undefined as never, () => '');
}

/** A worker service whose `start` starts nothing: each run ends when the test says, and the peak of runs at once is kept. */
class ScriptedWorkers extends WorkerService {
  readonly started: string[] = [];
  readonly runningNow = new Set<string>();
  peak = 0;
  readonly refused = new Set<string>();
  private readonly ends = new Map<string, (run: WorkerRun) => void>();

  constructor() {
    super(undefined as never, () => Promise.resolve(''), Uri.file(tmpdir()) as never, undefined as never, () => '');
  }

  override start(_uri: unknown, taskId: string): Promise<StartResult> {
    this.started.push(taskId);
    if (this.refused.has(taskId)) return Promise.resolve({ ok: false, reason: 'the plan could not be updated' });
    this.runningNow.add(taskId);
    this.peak = Math.max(this.peak, this.runningNow.size);
    return Promise.resolve({ ok: true, run: new Promise<WorkerRun>((resolve) => this.ends.set(taskId, resolve)) });
  }

  end(taskId: string, ended: WorkerRun['ended']): void {
    assert.ok(this.runningNow.delete(taskId), `${taskId} is running`);
    this.ends.get(taskId)!({ taskId, ended, outcome: ended, facts: {}, recorded: { ok: true, summary: '' } });
  }
}

describe('WorkerService.runAll: the scheduling', () => {
  let workers: ScriptedWorkers;
  beforeEach(() => {
    fake.reset();
    workers = new ScriptedWorkers();
  });
  afterEach(() => workers.dispose());

  /** Starts the run over all the plan's tasks; it has started `first`, and nothing else, once it is quiet. */
  async function runAll(plan: Plan, maxParallel: number, first: readonly string[]): Promise<{ readonly outcome: Promise<RunAllOutcome> }> {
    const outcome = workers.runAll(PLAN_URI, plan, plan.tasks.map((t) => t.id), maxParallel);
    await quiet();
    assert.deepEqual(workers.started, first);
    return { outcome }; // wrapped: an async function's promise would wait for the whole run
  }

  /** Ends `taskId`'s run; the run then starts `next`, and nothing else. */
  async function endThen(taskId: string, ended: WorkerRun['ended'], next: readonly string[]): Promise<void> {
    const before = workers.started.length;
    workers.end(taskId, ended);
    await quiet();
    assert.deepEqual(workers.started.slice(before), next, `started after ${taskId} ended ${ended}`);
  }

  it('never runs more than maxParallel workers at once, and starts the next as one ends', async () => {
    const plan = handPlan(
      ['a', 'b', 'c', 'd', 'e'].map((id) => [id, `src/${id}.ts`] as const),
      ['PARALLEL_SAFE: [a, b, c, d, e]'],
    );
    const { outcome } = await runAll(plan, 2, ['a', 'b']);
    await endThen('b', 'done', ['c']);
    await endThen('a', 'done', ['d']);
    await endThen('c', 'done', ['e']);
    workers.end('d', 'done');
    workers.end('e', 'done');
    assert.deepEqual(await outcome, { done: ['b', 'a', 'c', 'd', 'e'], failed: [], notStarted: [] });
    assert.equal(workers.peak, 2, 'two at a time: never more, and not one by one either');
  });

  it('starts a batch only once the batch before it has finished', async () => {
    const plan = handPlan(
      [
        ['a', 'src/a.ts'],
        ['b', 'src/b.ts'],
        ['c', 'src/c.ts'],
      ],
      ['BATCH 1 (parallel): [a, b]', 'BATCH 2 (parallel): [c]'],
    );
    const { outcome } = await runAll(plan, 4, ['a', 'b']);
    await endThen('a', 'done', []); // c waits while b, of the batch before, runs
    await endThen('b', 'done', ['c']);
    workers.end('c', 'done');
    assert.deepEqual(await outcome, { done: ['a', 'b', 'c'], failed: [], notStarted: [] });
  });

  it('runs tasks that share a file one after the other, even in one parallel batch', async () => {
    const plan = handPlan(
      [
        ['a', 'src/shared.ts'],
        ['b', 'src/shared.ts:10-20'],
        ['c', 'src/other.ts'],
      ],
      ['PARALLEL_SAFE: [a, b, c]'],
    );
    const { outcome } = await runAll(plan, 3, ['a', 'c']);
    await endThen('c', 'done', []); // b waits for a: both touch src/shared.ts
    await endThen('a', 'done', ['b']);
    workers.end('b', 'done');
    assert.deepEqual(await outcome, { done: ['c', 'a', 'b'], failed: [], notStarted: [] });
  });

  it('lets a failed task’s batch finish, and reports the later batches as not started', async () => {
    const plan = handPlan(
      [
        ['a', 'src/a.ts'],
        ['b', 'src/b.ts'],
        ['c', 'src/c.ts'],
        ['d', 'src/d.ts'],
      ],
      ['BATCH 1 (parallel): [a, b]', 'BATCH 2 (sequential): [c, d]'],
    );
    const { outcome } = await runAll(plan, 1, ['a']);
    await endThen('a', 'failed', ['b']);
    workers.end('b', 'done');
    assert.deepEqual(await outcome, { done: ['b'], failed: ['a'], notStarted: ['c', 'd'] });
    assert.deepEqual(workers.started, ['a', 'b'], 'nothing of batch 2 started');
  });

  it('counts a cancelled run and a refused start as not done', async () => {
    const plan = handPlan(
      [
        ['a', 'src/a.ts'],
        ['b', 'src/b.ts'],
        ['c', 'src/c.ts'],
      ],
      ['PARALLEL_SAFE: [a, b, c]'],
    );
    workers.refused.add('b');
    const { outcome } = await runAll(plan, 3, ['a', 'b', 'c']);
    workers.end('a', 'cancelled');
    workers.end('c', 'done');
    assert.deepEqual(await outcome, { done: ['c'], failed: ['b', 'a'], notStarted: [] });
  });

  it('hears of every start, and counts a task finished only once what follows it is done', async () => {
    const plan = handPlan(
      [
        ['a', 'src/a.ts'],
        ['b', 'src/b.ts'],
      ],
      ['SEQUENTIAL: [a -> b]'],
    );
    workers.refused.add('b');
    const heard: Array<{ id: string; ok: boolean }> = [];
    let told: () => void = () => assert.fail('a was never followed');
    const outcome = workers.runAll(PLAN_URI, plan, ['a', 'b'], 4, (id, started) => {
      heard.push({ id, ok: started.ok });
      return id === 'a' ? new Promise<void>((resolve) => (told = resolve)) : undefined;
    });
    await quiet();
    assert.deepEqual(heard, [{ id: 'a', ok: true }]);
    workers.end('a', 'done');
    await quiet();
    assert.deepEqual(workers.started, ['a'], 'b waits until what the user is told of a is out');
    told();
    assert.deepEqual(await outcome, { done: ['a'], failed: ['b'], notStarted: [] });
    assert.deepEqual(heard, [
      { id: 'a', ok: true },
      { id: 'b', ok: false },
    ]);
  });
});

describe('WorkerService: the output channels', () => {
  let workers: WorkerService;
  beforeEach(() => {
    fake.reset();
    workers = service();
  });
  afterEach(() => workers.dispose());

  /** A start that is refused (the plan has no such task) still writes why to the task's channel. */
  async function refuse(taskId: string): Promise<void> {
    const started = await workers.start(PLAN_URI, taskId);
    assert.equal(started.ok, false);
  }

  const open = () => fake.channels.filter((c) => !c.disposed).map((c) => c.name);

  it(`keeps at most ${MAX_CHANNELS} open however many tasks write to one, closing the oldest`, async () => {
    const ids = Array.from({ length: MAX_CHANNELS + 6 }, (_, i) => `gone-${i}`);
    for (const id of ids) await refuse(id);
    assert.equal(fake.channels.length, ids.length, 'one channel made per task');
    assert.deepEqual(
      open(),
      ids.slice(-MAX_CHANNELS).map((id) => `Beads Worker: ${id}`),
    );
    assert.equal(workers.hasOutput(ids[0]!), false, 'a closed channel has nothing to show');
    assert.equal(workers.hasOutput(ids.at(-1)!), true);
    assert.match(fake.channels.at(-1)!.output, /The worker was not started: task gone-9 is no longer in the plan/);
  });

  it('reuses a task’s open channel, and closes the one used longest ago, not the one made first', async () => {
    const ids = Array.from({ length: MAX_CHANNELS }, (_, i) => `gone-${i}`);
    for (const id of ids) await refuse(id);
    await refuse('gone-0');
    assert.equal(fake.channels.length, MAX_CHANNELS, 'the second refusal of gone-0 went to its open channel');
    assert.equal(fake.channels[0]!.output.match(/not started/g)?.length, 2);
    await refuse('new');
    assert.deepEqual(open().sort(), ['Beads Worker: gone-0', 'Beads Worker: gone-2', 'Beads Worker: gone-3', 'Beads Worker: new']);
  });

  it('opens a task’s channel again once it was closed, and the service closes every one when disposed', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) await refuse(id);
    assert.equal(workers.hasOutput('a'), false);
    workers.showOutput('a');
    assert.equal(fake.channels.filter((c) => c.name === 'Beads Worker: a').length, 2);
    assert.equal(open().length, MAX_CHANNELS);
    workers.dispose();
    assert.deepEqual(open(), []);
  });
});
