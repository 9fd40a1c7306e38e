import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  advanceable,
  appendedNote,
  readyWorkers,
  runAgainConcern,
  runAllConcerns,
  serializedNote,
  sharedFiles,
  taskAction,
  unfinishedWork,
  workersDone,
} from '../../../../src/plan/rules/guards';
import { planLenses } from '../../../../src/plan/present/lenses';
import { buildOutline, type OutlineNode } from '../../../../src/plan/present/outline';
import { parsePlan } from '../../../../src/plan/read/parse';
import { filesOfPlan, planBatches } from '../../../../src/plan/rules/schedule';
import { fixture } from '../../fixtures';

const TASKS = ['django-litefs-8oi.4', 'django-litefs-8oi.5', 'django-litefs-8oi.6'];

function phaseRow(text: string, n: number, status: string): string {
  return text.replace(new RegExp(`^(\\| ${n} \\| [^|]+\\| [^|]+\\| )[^|]+\\|`, 'm'), `$1${status} |`);
}

describe('advanceable and unfinishedWork', () => {
  it('plan-1ddafa05 at Execute Tasks: advancing would step over its 3 ready tasks', () => {
    const plan = parsePlan(fixture('real/plan-1ddafa05.md'));
    const advance = advanceable(plan);
    assert.ok(advance.ok);
    assert.equal(advance.current.name, 'Execute Tasks');
    assert.deepEqual(unfinishedWork(plan, advance.current), { text: '3 tasks are not done', items: TASKS.map((t) => `${t}: ready`) });
  });
  it('Validate Workers: done tasks without a valid row; none once every done task has one', () => {
    let text = fixture('real/plan-1ddafa05.md');
    for (const id of TASKS) text = text.replace(new RegExp(`(\\| ${id.replace(/\./g, '\\.')} \\| BDD[^|]+\\| [^|]+\\| )ready`), '$1done');
    text = phaseRow(text, 3, '✅ done');
    assert.equal(unfinishedWork(parsePlan(text), parsePlan(text).phases.find((p) => p.number === 4)!), undefined, 'every done task has a valid row');
    text = text.replace('| django-litefs-8oi.6 | yes | yes | yes | ✅ |\n', '');
    const plan = parsePlan(text);
    const advance = advanceable(plan);
    assert.ok(advance.ok);
    assert.equal(advance.current.name, 'Validate Workers');
    assert.deepEqual(unfinishedWork(plan, advance.current), { text: '1 done task has no valid validation row', items: ['django-litefs-8oi.6'] });
    assert.equal(unfinishedWork(plan, plan.phases.find((p) => p.number === 3)!), undefined, 'Execute Tasks: every task is done');
  });
  it('Final Verification: its unchecked checklist items, not the Summary\'s', () => {
    const text = fixture('real/PLAN-v5.md').replace('- [x] Core unit tests passed: 332 passed', '- [ ] Core unit tests passed: 332 passed');
    const plan = parsePlan(text);
    const verify = plan.phases.find((p) => p.name === 'Final Verification')!;
    assert.deepEqual(unfinishedWork(plan, verify), { text: '1 of 4 checklist items is unchecked', items: ['Core unit tests passed: 332 passed'] });
    assert.equal(unfinishedWork(parsePlan(fixture('real/PLAN-v5.md')), verify), undefined);
  });
  it('refuses at the HARD STOP and on a finished plan: the commit phase moves only with the commit', () => {
    const waiting = advanceable(parsePlan(fixture('real/PLAN-v5.md')));
    assert.equal(waiting.ok, false);
    assert.match(waiting.ok ? '' : waiting.reason, /phase 10 \(User-Approved Commit\) moves only with the commit command/);
    const done = advanceable(parsePlan(fixture('real/PLAN-v1.md')));
    assert.equal(done.ok, false);
  });
  it('the Advance lens and the tree\'s Advance flag are offered exactly where advancing can work', () => {
    for (const name of ['real/plan-1ddafa05.md', 'real/PLAN-v5.md', 'real/PLAN-v1.md', 'real/plan-0538d886.md']) {
      const plan = parsePlan(fixture(name));
      const can = advanceable(plan).ok;
      assert.equal(planLenses(plan).some((l) => l.action === 'advancePhase'), can, name);
      const root = buildOutline(plan, name, { fallbackLabel: name, path: name });
      const flagged = [root, ...all(root)].filter((n) => n.contextValue.includes('advance;'));
      assert.equal(flagged.length, can ? 2 : 0, `${name}: the plan and its current phase`);
    }
  });
});

function all(n: OutlineNode): OutlineNode[] {
  return n.children.flatMap((c) => [c, ...all(c)]);
}

describe('Run All Ready Workers guards', () => {
  it('a committed plan and a plan past Execute Tasks are named; a plan at Execute Tasks is not', () => {
    assert.deepEqual(runAllConcerns(parsePlan(fixture('real/PLAN-v1.md'))), ['the plan is committed (phase 10, User-Approved Commit, is done)']);
    assert.deepEqual(runAllConcerns(parsePlan(fixture('real/PLAN-v5.md'))), ['phase 3 (Execute Tasks) is already done']);
    assert.deepEqual(runAllConcerns(parsePlan(fixture('real/plan-1ddafa05.md'))), []);
  });
  it("appends to a phase's notes, never replacing what an agent wrote; counts in English", () => {
    assert.equal(appendedNote('1 worker, 4 tests', workersDone(1)), '1 worker, 4 tests; 1 worker done');
    assert.equal(appendedNote('  ', workersDone(3)), '3 workers done');
    assert.equal(readyWorkers(1), '1 ready worker');
    assert.equal(readyWorkers(2), '2 ready workers');
  });
  it('says once why parallel-safe tasks run one at a time: the file they share', () => {
    const plan = parsePlan(fixture('real/plan-1ddafa05.md'));
    const batches = planBatches(plan, TASKS);
    assert.deepEqual(batches, [TASKS], 'the matrix calls them parallel-safe');
    assert.equal(
      serializedNote(sharedFiles(batches, filesOfPlan(plan))),
      `running ${TASKS.join(', ')} one at a time: they share tests/bdd/django_adapter/test_database_backend.py`,
    );
    const apart = parsePlan(fixture('real/plan-1ddafa05.md').replace(/(\| django-litefs-8oi\.5 \|.*?\| - \| )tests\/bdd\/django_adapter\/test_database_backend\.py/, '$1src/other.py'));
    assert.deepEqual(sharedFiles([TASKS], filesOfPlan(apart)).map((s) => s.tasks), [[TASKS[0], TASKS[2]]]);
    assert.equal(serializedNote([]), undefined);
  });
});

describe('one task-action rule for the tree and the CodeLens', () => {
  it('ready runs, running cancels, anything else runs again only after a question', () => {
    const plan = parsePlan(fixture('real/PLAN-v5.md'));
    const done = plan.tasks[0]!;
    assert.equal(taskAction(done, false), 'runAgain');
    assert.equal(taskAction(done, true), 'cancel');
    assert.match(runAgainConcern(done) ?? '', /^3b6\.1 is .*done$/);
    const ready = parsePlan(fixture('real/plan-1ddafa05.md')).tasks[0]!;
    assert.equal(taskAction(ready, false), 'run');
    assert.equal(runAgainConcern(ready), undefined);
  });
  it('the lens on each task row and the tree node of the same task agree', () => {
    for (const name of ['real/PLAN-v5.md', 'real/plan-1ddafa05.md']) {
      const plan = parsePlan(fixture(name));
      const running = new Set([plan.tasks[0]!.id]);
      const lenses = planLenses(plan, { running });
      const root = buildOutline(plan, name, { fallbackLabel: name, path: name, running: new Map([[plan.tasks[0]!.id, { started: 0 }]]) });
      for (const t of plan.tasks) {
        const lens = lenses.find((l) => l.line === t.line && (l.action === 'runWorker' || l.action === 'cancelWorker'))!;
        const node = all(root).find((n) => n.kind === 'task' && n.taskId === t.id)!;
        const action = taskAction(t, running.has(t.id));
        const flag = { run: 'ready;', runAgain: 'runAgain;', cancel: 'running;' }[action];
        assert.ok(node.contextValue.includes(flag), `${name} ${t.id}: ${node.contextValue} has ${flag}`);
        assert.equal(lens.title, { run: '$(play) Run worker', runAgain: '$(debug-restart) Run again…', cancel: '$(debug-stop) Cancel worker' }[action]);
      }
    }
  });
});
