// The plan-vs-beads rule on real plans: done in the plan and open in beads,
// closed in beads and pending in the plan, custom statuses by their category,
// short ids, and which ready issues no plan names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../../src/plan/read/parse';
import { BEADS_ALREADY_CLOSED, BEADS_STILL_OPEN, disagreements, issueOfTask, taskIssueIds, unnamedIds } from '../../../../src/plan/rules/beadsAgreement';
import { fixture } from '../../fixtures';

const CLOSED = new Set(['closed', 'shipped']);
const states = (pairs: Record<string, string>) => new Map(Object.entries(pairs).map(([id, status]) => [id, { id, status }]));

describe('disagreements', () => {
  it('PLAN-v7 (all done): beads open, deferred or a custom non-done status disagree; closed and a custom done status agree', () => {
    const plan = parsePlan(fixture('real/PLAN-v7.md'));
    const found = disagreements(
      plan,
      states({ 'django-litefs-q29.11': 'open', 'django-litefs-6d1': 'closed', 'django-litefs-gth': 'shipped', 'django-litefs-3j5': 'in_review' }),
      CLOSED,
    );
    assert.deepEqual(
      found.map((d) => [d.task.id, d.beadsStatus, d.planSays, d.finding.code, d.finding.severity]),
      [
        ['django-litefs-q29.11', 'open', 'done', BEADS_STILL_OPEN, 'warning'],
        ['django-litefs-3j5', 'in_review', 'done', BEADS_STILL_OPEN, 'warning'],
      ],
    );
    assert.equal(found[0]!.finding.line, found[0]!.task.line);
    assert.equal(found[0]!.finding.message, 'Task django-litefs-q29.11 is done in the plan but open in beads (django-litefs-q29.11)');
  });

  it('the seed (f8s pending): closed in beads disagrees the other way; deferred does not', () => {
    const plan = parsePlan(fixture('seed-split-brain.md'));
    const closed = disagreements(plan, states({ 'django-litefs-f8s': 'closed' }), CLOSED);
    assert.deepEqual(closed.map((d) => [d.planSays, d.finding.code, d.finding.message]), [
      ['open', BEADS_ALREADY_CLOSED, 'Task django-litefs-f8s is pending in the plan but closed in beads (django-litefs-f8s)'],
    ]);
    assert.deepEqual(disagreements(plan, states({ 'django-litefs-f8s': 'deferred' }), CLOSED), []);
  });

  it('a task beads has no issue for is no disagreement', () => {
    assert.deepEqual(disagreements(parsePlan(fixture('real/PLAN-v7.md')), new Map(), CLOSED), []);
  });

  it('PLAN-v5 writes short ids (3b6.1): asked by full id, found by full or short id', () => {
    const plan = parsePlan(fixture('real/PLAN-v5.md'));
    assert.deepEqual(taskIssueIds(plan), ['django-litefs-3b6.1', 'django-litefs-3b6.2', 'django-litefs-3b6.3', 'django-litefs-3b6.4']);
    const task = plan.tasks[0]!;
    assert.equal(issueOfTask(task, states({ 'django-litefs-3b6.1': 'open' }))?.id, 'django-litefs-3b6.1');
    assert.equal(issueOfTask({ ...task, fullId: task.id }, states({ 'other-3b6.1': 'open' }))?.id, 'other-3b6.1');
    assert.equal(disagreements(plan, states({ 'django-litefs-3b6.2': 'open' }), CLOSED)[0]?.task.id, '3b6.2');
  });
});

describe('unnamedIds', () => {
  it('an id counts as named only where it stands alone: the epic of named children is still unnamed', () => {
    const texts = [fixture('real/plan-1ddafa05.md')];
    // That plan names its epic (Target Tasks, Review): named.
    assert.deepEqual(unnamedIds(['django-litefs-8oi.4', 'django-litefs-8oi', 'django-litefs-zzz', 'django-litefs-8oi.40'], texts), ['django-litefs-zzz', 'django-litefs-8oi.40']);
    const onlyChildren = ['| django-litefs-8oi.4 | steps |', '| django-litefs-8oi.5 | more |'];
    assert.deepEqual(unnamedIds(['django-litefs-8oi', 'django-litefs-8oi.4'], onlyChildren), ['django-litefs-8oi']);
    assert.deepEqual(unnamedIds(['django-litefs-8oi'], ['parent: django-litefs-8oi.']), [], 'a sentence may end after the id');
  });
});
