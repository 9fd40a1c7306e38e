import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlan } from '../../../../src/plan/read/parse';
import type { Plan } from '../../../../src/plan/model';
import {
  filesOfPlan,
  filesOverlap,
  nextRunnable,
  notStarted,
  pathsOverlap,
  planBatches,
  type RunState,
} from '../../../../src/plan/rules/schedule';
import { fixture, handPlan } from '../../fixtures';

function state(running: string[] = [], done: string[] = [], failed: string[] = []): RunState {
  return { running: new Set(running), done: new Set(done), failed: new Set(failed) };
}

function realPlan(name: string): Plan {
  return parsePlan(fixture(`real/${name}`));
}

function allIds(plan: Plan): string[] {
  return plan.tasks.map((t) => t.id);
}


describe('planBatches on the real plans', () => {
  it('PLAN-v5: BATCH 1 (parallel) then BATCH 2, with short ids', () => {
    const plan = realPlan('PLAN-v5.md');
    assert.deepEqual(planBatches(plan, allIds(plan)), [['3b6.1', '3b6.3', '3b6.4'], ['3b6.2']]);
    // Full ids resolve to the table's short ids; tasks not asked for drop out.
    assert.deepEqual(planBatches(plan, ['django-litefs-3b6.2', 'django-litefs-3b6.4']), [['3b6.4'], ['3b6.2']]);
  });

  it('PLAN-v6: the PARALLEL group, tasks outside the matrix joining it, then the SEQUENTIAL task', () => {
    const plan = realPlan('PLAN-v6.md');
    const ids = (xs: string[]): string[] => xs.map((x) => `django-litefs-${x}`);
    assert.deepEqual(planBatches(plan, allIds(plan)), [ids(['dl3', 'eni', 'kzk', 'cux', 'q29', '4p8']), ids(['38o'])]);
  });

  it('plan-5d228004: yhj.8 AFTER yhj.7, whatever order they are asked in', () => {
    const plan = realPlan('plan-5d228004.md');
    const expected = [['django-litefs-yhj.7'], ['django-litefs-yhj.8']];
    assert.deepEqual(planBatches(plan, ['django-litefs-yhj.8', 'django-litefs-yhj.7']), expected);
    assert.deepEqual(planBatches(plan, ['django-litefs-yhj.7', 'django-litefs-yhj.8']), expected);
  });

  it('plan-15f8cd71: the yaml PARALLEL_SAFE pair is one batch and both start together', () => {
    const plan = realPlan('plan-15f8cd71.md');
    const batches = planBatches(plan, allIds(plan));
    assert.deepEqual(batches, [['django-litefs-yhj.5', 'django-litefs-yhj.6']]);
    assert.deepEqual(nextRunnable(batches, state(), 4, filesOfPlan(plan)), ['django-litefs-yhj.5', 'django-litefs-yhj.6']);
  });

  it('plan-1ddafa05: PARALLEL_SAFE tasks sharing one file still run one at a time', () => {
    const plan = realPlan('plan-1ddafa05.md');
    const batches = planBatches(plan, allIds(plan));
    const filesOf = filesOfPlan(plan);
    const [a, b, c] = ['django-litefs-8oi.4', 'django-litefs-8oi.5', 'django-litefs-8oi.6'];
    assert.deepEqual(batches, [[a, b, c]]);
    assert.deepEqual(nextRunnable(batches, state(), 3, filesOf), [a]);
    assert.deepEqual(nextRunnable(batches, state([a]), 3, filesOf), []);
    assert.deepEqual(nextRunnable(batches, state([], [a]), 3, filesOf), [b]);
  });

  it('plan-4c9e0d21: a directory and an unrelated file run together', () => {
    const plan = realPlan('plan-4c9e0d21.md');
    const batches = planBatches(plan, allIds(plan));
    assert.deepEqual(nextRunnable(batches, state(), 2, filesOfPlan(plan)), ['django-litefs-c7h.2', 'django-litefs-c7h.3']);
  });

  it('PLAN-v5 end to end: batch 2 starts only once batch 1 is finished', () => {
    const plan = realPlan('PLAN-v5.md');
    const batches = planBatches(plan, allIds(plan));
    const filesOf = filesOfPlan(plan);
    assert.deepEqual(nextRunnable(batches, state(), 8, filesOf), ['3b6.1', '3b6.3', '3b6.4']);
    assert.deepEqual(nextRunnable(batches, state(['3b6.4'], ['3b6.1', '3b6.3']), 8, filesOf), []);
    assert.deepEqual(nextRunnable(batches, state([], ['3b6.1', '3b6.3', '3b6.4']), 8, filesOf), ['3b6.2']);
    assert.deepEqual(nextRunnable(batches, state([], ['3b6.1', '3b6.2', '3b6.3', '3b6.4']), 8, filesOf), []);
  });
});

describe('planBatches on hand-made matrices', () => {
  it('without a matrix: one batch, except tasks whose files overlap an earlier one', () => {
    const plan = handPlan([
      ['p-1', 'src/a.ts'],
      ['p-2', './src/a.ts'],
      ['p-3', 'src/b.ts'],
      ['p-4', '-'],
    ]);
    assert.deepEqual(planBatches(plan, ['p-1', 'p-2', 'p-3', 'p-4']), [['p-1', 'p-3', 'p-4'], ['p-2']]);
  });

  it('orders BATCH entries by their number, and runs a sequential batch one task at a time', () => {
    const plan = handPlan(
      [
        ['b-1', 'a.ts'],
        ['b-2', 'b.ts'],
        ['b-3', 'c.ts'],
        ['b-4', 'd.ts'],
      ],
      ['BATCH 2 (sequential): [b-3, b-4]', 'BATCH 1 (parallel): [b-1, b-2]'],
    );
    assert.deepEqual(planBatches(plan, ['b-4', 'b-3', 'b-2', 'b-1']), [['b-1', 'b-2'], ['b-3'], ['b-4']]);
  });

  it('splits a PARALLEL_SAFE group that a CONFLICT pair contradicts, keeping the written order', () => {
    const plan = handPlan(
      [
        ['c-1', 'a.ts'],
        ['c-2', 'b.ts'],
        ['c-3', 'c.ts'],
      ],
      ['PARALLEL_SAFE: [c-1, c-2, c-3]', 'CONFLICT: c-1 <-> c-3 (shared fixture)'],
    );
    assert.deepEqual(planBatches(plan, ['c-1', 'c-2', 'c-3']), [['c-1', 'c-2'], ['c-3']]);
  });

  it('keeps a task outside the matrix away from its CONFLICT partner', () => {
    const plan = handPlan(
      [
        ['d-1', 'a.ts'],
        ['d-2', 'b.ts'],
        ['d-3', 'c.ts'],
      ],
      ['SEQUENTIAL: [d-1 -> d-2]', 'CONFLICT: d-3 <-> d-1'],
    );
    assert.deepEqual(planBatches(plan, ['d-1', 'd-2', 'd-3']), [['d-1'], ['d-2', 'd-3']]);
  });

  it('gives a task that fits nowhere a new last batch, and keeps ids it cannot resolve', () => {
    const plan = handPlan(
      [
        ['e-1', 'src/'],
        ['e-2', 'src/x.ts'],
      ],
      ['PARALLEL_SAFE: [e-1]'],
    );
    assert.deepEqual(planBatches(plan, ['e-2', 'ghost-9', 'e-1', 'e-1']), [['e-1', 'ghost-9'], ['e-2']]);
  });

  it('a task listed twice keeps its first place', () => {
    const plan = handPlan(
      [
        ['f-1', 'a.ts'],
        ['f-2', 'b.ts'],
      ],
      ['SEQUENTIAL: [f-1 -> f-2]', 'PARALLEL_SAFE: [f-2, f-1]'],
    );
    assert.deepEqual(planBatches(plan, ['f-1', 'f-2']), [['f-1'], ['f-2']]);
  });

  it('partitions the asked ids whatever the matrix says', () => {
    const ids = ['g-1', 'g-2', 'g-3', 'g-4', 'g-5'];
    const entry = fc.tuple(
      fc.constantFrom('PARALLEL_SAFE: ', 'SEQUENTIAL: ', 'BATCH 1 (parallel): ', 'BATCH 2 (sequential): ', 'CONFLICT: '),
      fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 5 }),
        fc.subarray(ids),
        fc.array(fc.constantFrom('a.ts', 'src/', 'src/b.ts', '-'), { minLength: 5, maxLength: 5 }),
        (matrix, asked, files) => {
          const plan = handPlan(
            ids.map((id, i) => [id, files[i]!] as const),
            matrix.map(([label, tasks]) => `${label}[${tasks.join(', ')}]`),
          );
          const batches = planBatches(plan, asked);
          assert.deepEqual(batches.flat().sort(), [...asked].sort());
          assert.ok(batches.every((b) => b.length > 0));
        },
      ),
    );
  });
});

describe('pathsOverlap', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean]> = [
    ['src/a.ts', 'src/a.ts', true],
    ['./src/a.ts', 'src/a.ts', true],
    ['src\\a.ts', 'src/a.ts', true],
    ['src/x/../a.ts', 'src/a.ts', true],
    ['`src/a.ts`', 'src/a.ts', true],
    ['src/a.ts', 'src/b.ts', false],
    ['src/a.ts', 'src/a.tsx', false],
    ['tests/core/', 'tests/core/unit/test_x.py', true],
    ['tests/core/', 'tests/corex/test_x.py', false],
    ['tests/core/', 'tests/', true],
    ['tests/**/*.py', 'tests/a/b.py', true],
    ['tests/**/*.py', 'src/a.py', false],
    ['*.py', 'src/a.py', true],
    ['views.py', 'app/views.py', true],
    ['usecases/x.py', 'packages/litefs/usecases/x.py', true],
    ['views.py:85-101', 'views.py:66', true],
    ['NEW: adapters/', 'adapters/leader.py', true],
    ['app/views.py', 'other/views.py', false],
    ['', 'src/a.ts', false],
  ];
  for (const [a, b, expected] of cases)
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${expected}`, () => {
      assert.equal(pathsOverlap(a, b), expected);
      assert.equal(pathsOverlap(b, a), expected);
    });

  it('is symmetric, and a path overlaps itself unless it overlaps nothing', () => {
    const segment = fc.constantFrom('src', 'tests', 'a.ts', '..', '.', '**', '*.py', 'core', '');
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
    fc.assert(
      fc.property(path, path, (a, b) => {
        assert.equal(pathsOverlap(a, b), pathsOverlap(b, a));
        if (pathsOverlap(a, a) === false) assert.equal(filesOverlap([a], [b]), false);
      }),
    );
    assert.equal(pathsOverlap('src/a.ts', 'src/a.ts'), true);
  });
});

describe('nextRunnable', () => {
  const files: Record<string, string[]> = {
    a: ['src/a.ts'],
    b: ['src/b.ts'],
    c: ['src/c.ts'],
    d: ['src/'],
    e: ['docs/e.md'],
  };
  const filesOf = (id: string): readonly string[] => files[id] ?? [];

  it('never runs more than maxParallel in all; below 1 counts as 1', () => {
    const batches = [['a', 'b', 'c', 'e']];
    assert.deepEqual(nextRunnable(batches, state(), 2, filesOf), ['a', 'b']);
    assert.deepEqual(nextRunnable(batches, state(['a']), 2, filesOf), ['b']);
    assert.deepEqual(nextRunnable(batches, state(['a', 'b']), 2, filesOf), []);
    assert.deepEqual(nextRunnable(batches, state(), 0, filesOf), ['a']);
    assert.deepEqual(nextRunnable(batches, state(), Number.NaN, filesOf), ['a']);
    assert.deepEqual(nextRunnable(batches, state(), Infinity, filesOf), ['a', 'b', 'c', 'e']);
  });

  it('keeps a directory task away from tasks on files under it, even with no matrix', () => {
    const batches = [['d', 'a', 'e']];
    assert.deepEqual(nextRunnable(batches, state(), 3, filesOf), ['d', 'e']);
    assert.deepEqual(nextRunnable(batches, state(['a']), 3, filesOf), ['e']);
  });

  it('only takes from the earliest unfinished batch', () => {
    const batches = [['a'], ['b', 'c']];
    assert.deepEqual(nextRunnable(batches, state(), 4, filesOf), ['a']);
    assert.deepEqual(nextRunnable(batches, state(['a']), 4, filesOf), []);
    assert.deepEqual(nextRunnable(batches, state([], ['a']), 4, filesOf), ['b', 'c']);
    assert.deepEqual(nextRunnable(batches, state([], ['a', 'b', 'c']), 4, filesOf), []);
  });

  it('after a failure finishes the failed task’s batch but starts no later batch', () => {
    const batches = [['a', 'b', 'c'], ['e']];
    // a failed while running alone (maxParallel 1): its batch-mates still run.
    assert.deepEqual(nextRunnable(batches, state([], [], ['a']), 1, filesOf), ['b']);
    assert.deepEqual(nextRunnable(batches, state(['c'], ['b'], ['a']), 1, filesOf), []);
    const stopped = state([], ['b', 'c'], ['a']);
    assert.deepEqual(nextRunnable(batches, stopped, 1, filesOf), []);
    assert.deepEqual(notStarted(batches, stopped), ['e']);
  });

  it('notStarted lists what is neither running nor finished, in batch order', () => {
    assert.deepEqual(notStarted([['a', 'b'], ['c'], ['e']], state(['a'], ['b'])), ['c', 'e']);
  });

  it('whatever the state: one batch, no shared files, within the limit, nothing twice', () => {
    const ids = Object.keys(files);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(ids).chain((order) =>
          fc.tuple(
            fc.constant(order),
            fc.integer({ min: 1, max: Math.max(1, order.length) }),
            fc.array(fc.constantFrom('running', 'done', 'failed', 'todo'), { minLength: order.length, maxLength: order.length }),
            fc.integer({ min: 1, max: 4 }),
          ),
        ),
        ([order, cut, marks, maxParallel]) => {
          const batches = [order.slice(0, cut), order.slice(cut)].filter((b) => b.length > 0);
          const pick = (m: string): string[] => order.filter((_, i) => marks[i] === m);
          const s = state(pick('running'), pick('done'), pick('failed'));
          const next = nextRunnable(batches, s, maxParallel, filesOf);
          assert.ok(s.running.size + next.length <= Math.max(maxParallel, s.running.size));
          assert.ok(next.length === 0 || batches.some((b) => next.every((id) => b.includes(id))));
          for (const id of next) assert.ok(!s.running.has(id) && !s.done.has(id) && !s.failed.has(id));
          const busy = [...s.running, ...next];
          for (const x of busy)
            for (const y of busy) if (x !== y) assert.equal(filesOverlap(filesOf(x), filesOf(y)) && next.includes(x), false);
        },
      ),
    );
  });
});
