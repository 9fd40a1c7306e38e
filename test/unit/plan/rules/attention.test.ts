import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttentionTracker, attentionText, needsUser, REARM_MS, type AttentionKind } from '../../../../src/plan/rules/attention';
import { checkGate } from '../../../../src/plan/rules/gate';
import { parsePlan } from '../../../../src/plan/read/parse';
import { phaseByRole } from '../../../../src/plan/read/roles';
import { CANONICAL_PHASES, PLAN_FILES, fixture } from '../../fixtures';

/** A plan with the canonical checklist; `statuses` overrides phases (default: 0–9 done, 10 pending). */
function planText(statuses: Readonly<Record<number, string>> = {}, rest = ''): string {
  const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | orchestrator | ${statuses[n] ?? (n < 10 ? '✅ done' : '⏳ pending')} | |`);
  return ['# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', ...rows, '', rest].join('\n');
}

const TASKS = (...rows: string[]): string =>
  ['## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', ...rows, ''].join('\n');

const VALIDATION = (...rows: string[]): string =>
  ['## Worker Validation', '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|---|---|---|---|---|', ...rows, ''].join('\n');

describe('needsUser', () => {
  it('finds every real plan at the HARD STOP (phase 9 done, 10 pending, gate open) awaiting approval, and only those', () => {
    const awaiting: string[] = [];
    for (const name of PLAN_FILES) {
      const plan = parsePlan(fixture(name));
      const summary = phaseByRole(plan.phases, 'summary');
      const commit = phaseByRole(plan.phases, 'commit');
      const atHardStop = summary?.status === 'done' && commit?.status === 'pending' && checkGate(plan).ok;
      const attention = needsUser(plan);
      assert.equal(attention?.kind === 'awaitingApproval', atHardStop, `${name}: ${JSON.stringify(attention)}`);
      if (atHardStop) {
        assert.equal(attention!.line, commit!.line, `${name}: points at the commit phase`);
        awaiting.push(name);
      }
    }
    // Read off the fixtures' checklists by hand: the rule is tested on these real plans, not on none.
    assert.deepEqual(awaiting, [
      'seed-split-brain.md',
      'real/PLAN-v2.md',
      'real/PLAN-v4.md',
      'real/PLAN-v5.md',
      'real/PLAN-v6.md',
      'real/plan-15f8cd71.md',
      'real/plan-3a2e78e2.md',
      'real/plan-4a943277.md',
      'real/plan-4af13a61.md',
      'real/plan-5d228004.md',
      'real/plan-af9b20f2.md',
    ]);
  });

  it('says what waits: the tasks done, the validation, and the doubts, never as clean', () => {
    assert.equal(needsUser(parsePlan(fixture('real/PLAN-v5.md')))?.summary, '4 tasks done, validation 4/4 valid, 1 doubt: Review of 3b6 has warnings: "1"');
    assert.match(needsUser(parsePlan(fixture('real/plan-4af13a61.md')))!.summary, /^3 tasks done, 7 doubts: Task django-litefs-yhj.9 .* \(and 6 more\)$/);
    assert.match(needsUser(parsePlan(fixture('real/PLAN-v4.md')))!.summary, /^0 of 3 tasks done, validation 2\/2 valid, 5 doubts: /);
    assert.equal(needsUser(parsePlan(planText()))?.summary, '');
    assert.equal(needsUser(parsePlan(planText()))?.doubts, undefined);
  });

  it('announces the seed as waiting with its doubt that its task is still ready', () => {
    const attention = needsUser(parsePlan(fixture('seed-split-brain.md')))!;
    assert.equal(attention.kind, 'awaitingApproval');
    assert.match(attention.summary, /^0 of 1 task done, validation 1\/1 valid, 3 doubts: Current Phase says 3/);
    assert.ok(attention.doubts!.some((d) => d.code === 'task-pending' && /django-litefs-f8s is still "ready"/.test(d.message)));
    assert.equal(attentionText(attention), 'awaiting approval, 3 doubts');
  });

  it('orders phases by number: a commit phase written first, with later phases pending, is not awaiting approval', () => {
    const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | o | ${n === 10 ? '⏳ pending' : n >= 2 ? '⏳ pending' : '✅ done'} | |`);
    const text = ['# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', rows[10], ...rows.slice(0, 10), ''].join('\n');
    assert.equal(needsUser(parsePlan(text)), undefined);
  });

  it('finds a real plan blocked at the gate: summary done, an earlier phase pending, with the reasons', () => {
    const plan = parsePlan(fixture('real/plan-4c9e0d21.md'));
    const attention = needsUser(plan);
    assert.equal(attention?.kind, 'blockedAtGate');
    assert.equal(attention.summary, 'Phase 6 Close Tasks is ⏳ pending: it must be done or skipped before committing');
    const gate = checkGate(plan);
    assert.ok(!gate.ok);
    assert.deepEqual(attention.reasons, gate.blocks);
    assert.equal(attention.line, gate.blocks[0]!.line);
  });

  it('counts the further reasons when the gate gives several', () => {
    const text = planText({ 6: '⏳ pending' }, TASKS('| a-1 | Alpha | e | ❌ failed | w | a.ts | 0 |'));
    const attention = needsUser(parsePlan(text));
    assert.equal(attention?.kind, 'blockedAtGate');
    assert.match(attention.summary, /^Phase 6 Close Tasks is ⏳ pending: .* \(and 1 more\)$/);
    assert.deepEqual(attention.reasons?.map((r) => r.code), ['phase-unfinished', 'task-failed']);
  });

  it('is not blocked while the summary itself is not done: the agent is still working', () => {
    assert.equal(needsUser(parsePlan(planText({ 9: '⏳ pending' }))), undefined);
    assert.equal(needsUser(parsePlan(fixture('real/plan-1ddafa05.md'))), undefined);
  });

  it('does not call the user for a committed plan, a damaged one, or a plan whose commit phase is under way', () => {
    assert.equal(needsUser(parsePlan(fixture('real/PLAN-v1.md'))), undefined);
    assert.equal(needsUser(parsePlan(fixture('real/plan-51dd88c6.md'))), undefined);
    assert.equal(needsUser(parsePlan(planText({ 10: '✅ done' }, TASKS('| a-1 | Alpha | e | ❌ failed | w | a.ts | 0 |')))), undefined);
    assert.equal(needsUser(parsePlan(planText().replace('# Beads Work Plan', '# Notes'))), undefined);
    assert.equal(needsUser(parsePlan(planText({ 10: '🔄 in progress' }))), undefined);
  });

  it('names the failed tasks while the plan is still being worked on', () => {
    const text = planText(
      { 3: '🔄 in progress', 4: '⏳ pending', 5: '⏳ pending', 6: '⏳ pending', 7: '⏳ pending', 8: '⏳ pending', 9: '⏳ pending' },
      TASKS('| a-1 | Alpha | e | ✅ done | w | a.ts | 0 |', '| a-2 | Beta | e | ❌ failed | w | b.ts | 1 |', '| a-3 | Gamma | e | failed | w | c.ts | 0 |'),
    );
    const plan = parsePlan(text);
    const attention = needsUser(plan);
    assert.equal(attention?.kind, 'taskFailed');
    assert.equal(attention.summary, 'tasks a-2, a-3 failed');
    assert.deepEqual(attention.taskIds, ['a-2', 'a-3']);
    assert.equal(attention.line, plan.tasks[1]!.line);
  });

  it('does not call the user for a task they cancelled themselves', () => {
    const text = planText(
      { 3: '🔄 in progress', 4: '⏳ pending', 5: '⏳ pending', 6: '⏳ pending', 7: '⏳ pending', 8: '⏳ pending', 9: '⏳ pending' },
      TASKS('| a-1 | Alpha | e | ✅ done | w | a.ts | 0 |', '| a-2 | Beta | e | ⏹ cancelled | w | b.ts | 0 |'),
    );
    assert.equal(needsUser(parsePlan(text)), undefined);
  });

  it('names a stalled worker, ahead of a failed task; stall ids not in the plan are ignored', () => {
    const text = planText(
      { 3: '🔄 in progress', 9: '⏳ pending' },
      TASKS('| a-1 | Alpha | e | 🔄 in progress | worker-1 | a.ts | 0 |', '| a-2 | Beta | e | ❌ failed | w | b.ts | 1 |'),
    );
    const plan = parsePlan(text);
    const attention = needsUser(plan, { stalled: new Set(['a-1', 'gone-9']) });
    assert.equal(attention?.kind, 'workerStalled');
    assert.equal(attention.summary, 'the worker for task a-1 has stalled');
    assert.equal(attention.line, plan.tasks[0]!.line);
    assert.equal(needsUser(plan, { stalled: new Set(['gone-9']) })?.kind, 'taskFailed');
  });

  it('puts the HARD STOP first: a plan at the summary with a failed task is blocked at the gate', () => {
    const text = planText({}, TASKS('| a-1 | Alpha | e | ❌ failed | w | a.ts | 0 |') + VALIDATION('| a-1 | yes | 3/3 | yes | ✅ |'));
    const attention = needsUser(parsePlan(text), { stalled: new Set(['a-1']) });
    assert.equal(attention?.kind, 'blockedAtGate');
    assert.equal(attention.summary, 'Task a-1 (Alpha) failed ("❌ failed")');
  });
});

describe('AttentionTracker', () => {
  const states = (entries: Record<string, AttentionKind | undefined>) => new Map(Object.entries(entries));

  it('counts an entry into a state once: rewrites that stay in it are not entries', () => {
    const tracker = new AttentionTracker();
    assert.deepEqual(tracker.update(states({ a: undefined }), 0, false), { entered: [], changed: false });
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval' }), 100, false), { entered: ['a'], changed: true });
    for (let i = 1; i <= 10; i++) assert.deepEqual(tracker.update(states({ a: 'awaitingApproval' }), 100 + i * 50, false), { entered: [], changed: false });
  });

  it('counts plans already waiting at the first look as there before, and later changes as entries', () => {
    const tracker = new AttentionTracker();
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval', b: undefined }), 0, true), { entered: [], changed: true });
    // Still the first look (discovery goes on), but b is known now: its change is an entry; c is new, so it was there before.
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval', b: 'taskFailed', c: 'blockedAtGate' }), 10, true), { entered: ['b'], changed: true });
    // After the first look, a plan that appears in a state has entered it.
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval', b: 'taskFailed', c: 'blockedAtGate', d: 'awaitingApproval' }), 20, false).entered, ['d']);
  });

  it('takes a plan back in its state within REARM_MS as never having left, and later as a new entry', () => {
    const tracker = new AttentionTracker();
    tracker.update(states({ a: 'awaitingApproval' }), 0, false);
    assert.deepEqual(tracker.update(states({ a: undefined }), 1000, false), { entered: [], changed: true });
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval' }), 1000 + REARM_MS - 1, false), { entered: [], changed: true });
    assert.deepEqual(tracker.update(states({ a: undefined }), 5000, false), { entered: [], changed: true });
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval' }), 5000 + REARM_MS, false), { entered: ['a'], changed: true });
  });

  it('counts a change from one state to another as an entry, and a removed plan as a change', () => {
    const tracker = new AttentionTracker();
    tracker.update(states({ a: 'blockedAtGate' }), 0, false);
    assert.deepEqual(tracker.update(states({ a: 'awaitingApproval' }), 10, false), { entered: ['a'], changed: true });
    assert.deepEqual(tracker.update(states({}), 20, false), { entered: [], changed: true });
    assert.deepEqual(tracker.update(states({}), 30, false), { entered: [], changed: false });
  });
});
