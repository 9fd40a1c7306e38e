import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planLenses } from '../../../../src/plan/present/lenses';
import { parsePlan } from '../../../../src/plan/read/parse';
import { validationStatus } from '../../../../src/plan/rules/summary';
import { fixture } from '../../fixtures';

describe('planLenses', () => {
  it('puts the phase summary and advance above the checklist, actions above task rows, commit above summary and phase 10', () => {
    const lenses = planLenses(parsePlan(fixture('real/plan-4a943277.md')));
    const at = (line: number) => lenses.filter((l) => l.line === line).map((l) => l.title);
    const plan = parsePlan(fixture('real/plan-4a943277.md'));
    const checklist = plan.sections.find((s) => s.kind === 'phaseChecklist')!.line;
    assert.deepEqual(at(checklist), ['$(checklist) Phase 10 of 11 · User-Approved Commit'], 'no Advance at the HARD STOP: only the commit moves it');
    // Its task is done: the worker lens runs it again, after a question.
    assert.deepEqual(at(plan.tasks[0]!.line), ['$(debug-restart) Run again…', 'Record validation', 'Reveal in tree']);
    assert.deepEqual(at(plan.sections.find((s) => s.kind === 'validation')!.line), ['Record validation…']);
    assert.deepEqual(at(plan.sections.find((s) => s.kind === 'summary')!.line), ['$(git-commit) Commit (user-approved)…', '$(diff) Review changes']);
    assert.deepEqual(at(plan.phases.at(-1)!.line), ['$(git-commit) Commit (user-approved)…', '$(diff) Review changes']);
    assert.ok(lenses.every((l, i) => i === 0 || lenses[i - 1]!.line <= l.line), 'sorted by line');
  });
  it('offers no Commit where the gate blocks it: one status lens, on the commit phase, that opens the reasons', () => {
    const plan = parsePlan(fixture('real/plan-1ddafa05.md'));
    const commitish = planLenses(plan).filter((l) => /Commit|Review changes/.test(l.title));
    assert.deepEqual(
      commitish.map((l) => [l.line, l.title, l.action]),
      [[plan.phases.at(-1)!.line, '$(circle-slash) Commit blocked: 8 reasons', 'commitBlocks']],
    );
  });
  it('offers no commit, no review and no advance on a plan whose commit phase is done', () => {
    const titles = planLenses(parsePlan(fixture('real/PLAN-v1.md'))).map((l) => l.title);
    assert.ok(!titles.some((t) => /Commit|Review|Advance/.test(t)), titles.join(', '));
    assert.ok(titles.includes('$(checklist) Complete'));
  });
  it("names the plan's commit, as git knows it, on the done commit phase", () => {
    const plan = parsePlan(fixture('real/PLAN-v1.md'));
    const commit = plan.phases.at(-1)!;
    const on = (lenses: ReturnType<typeof planLenses>) => lenses.filter((l) => l.line === commit.line).map((l) => l.title);
    assert.deepEqual(on(planLenses(plan, { committed: { shortHash: 'abc1234' } })), ['$(git-commit) Committed abc1234']);
    assert.deepEqual(on(planLenses(plan)), [], 'no commit found: nothing is claimed');
  });
  it('names the task each task lens acts on', () => {
    const lenses = planLenses(parsePlan(fixture('real/PLAN-v5.md'))).filter((l) => l.action === 'runWorker');
    assert.deepEqual(lenses.map((l) => l.taskId), ['3b6.1', '3b6.2', '3b6.3', '3b6.4']);
  });
});

describe('validationStatus', () => {
  it('is done when every task has a valid row, failed on an invalid row, in progress otherwise', () => {
    assert.equal(validationStatus(parsePlan(fixture('real/PLAN-v5.md'))), 'done');
    const partial = fixture('real/PLAN-v5.md').replace(/^\| 3b6\.4 \| ✅ .*\n/m, '');
    assert.equal(validationStatus(parsePlan(partial)), 'in_progress');
    const invalid = fixture('real/PLAN-v5.md').replace(/(\| 3b6\.1 \|.*)\| ✅ \|$/m, '$1| ❌ |');
    assert.equal(validationStatus(parsePlan(invalid)), 'failed');
  });
});
