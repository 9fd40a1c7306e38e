import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGate, gatedPhase, type GateResult } from '../../../src/plan/gate';
import { parsePlan } from '../../../src/plan/parse';
import { CANONICAL_PHASES, PLAN_FILES, fixture } from '../fixtures';

/** Line of the checklist row of phase n in plans built by `planText` (title, blank, heading, header, separator, rows). */
const phaseLine = (n: number): number => 5 + n;

/** A plan with the canonical checklist; `statuses` overrides phases (default: 0–9 done, 10 pending). */
function planText(statuses: Readonly<Record<number, string>> = {}, rest = ''): string {
  const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | orchestrator | ${statuses[n] ?? (n < 10 ? '✅ done' : '⏳ pending')} | |`);
  return ['# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', ...rows, '', rest].join('\n');
}

const TASKS = (...rows: string[]): string =>
  ['## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', ...rows, ''].join('\n');

function reasons(result: GateResult): ReadonlyArray<{ code: string; message: string; line: number }> {
  assert.equal(result.ok, false);
  return result.ok ? [] : result.reasons;
}

describe('checkGate', () => {
  it('allows the commit when phases 0–9 are done and 10 is pending', () => {
    assert.deepEqual(checkGate(parsePlan(planText())), { ok: true });
  });

  it('accepts skipped phases', () => {
    assert.deepEqual(checkGate(parsePlan(planText({ 5: '⏭️ skipped', 7: '⏳ skipped (none found)' }))), { ok: true });
  });

  it('names phase 9 Summary & Wait when the summary is pending', () => {
    assert.deepEqual(reasons(checkGate(parsePlan(planText({ 9: '⏳ pending' })))), [
      {
        code: 'summary-pending',
        message: 'Phase 9 Summary & Wait is ⏳ pending: the summary must be done before committing',
        line: phaseLine(9),
      },
    ]);
  });

  it('gives one reason per unfinished phase, each with its row', () => {
    const found = reasons(checkGate(parsePlan(planText({ 6: '⏳ pending', 8: '🔄 in progress', 3: 'flibbertigibbet' }))));
    assert.deepEqual(
      found.map((r) => [r.code, r.line]),
      [
        ['phase-unfinished', phaseLine(3)],
        ['phase-unfinished', phaseLine(6)],
        ['phase-unfinished', phaseLine(8)],
      ],
    );
    assert.equal(found[1]!.message, 'Phase 6 Close Tasks is ⏳ pending: it must be done or skipped before committing');
    assert.match(found[2]!.message, /🔄 in progress/);
    assert.match(found[0]!.message, /"flibbertigibbet"/);
  });

  it('refuses a plan already committed', () => {
    assert.deepEqual(reasons(checkGate(parsePlan(planText({ 10: '✅ done' })))), [
      { code: 'already-committed', message: 'Phase 10 User-Approved Commit is already done', line: phaseLine(10) },
    ]);
  });

  it('refuses a plan without a Phase Checklist, at its title', () => {
    const found = reasons(checkGate(parsePlan('# Beads Work Plan\n\n' + TASKS('| a-1 | A | e | done | w | a.ts | 0 |'))));
    assert.deepEqual(found.map((r) => [r.code, r.line]), [['no-checklist', 0]]);
  });

  it('refuses while a task is in progress or failed', () => {
    const text = planText({}, TASKS('| a-1 | Alpha | e | 🔄 in progress | w | a.ts | 0 |', '| a-2 | Beta | e | ❌ failed | w | b.ts | 1 |', '| a-3 | Gamma | e | closed | w | c.ts | 0 |'));
    const plan = parsePlan(text);
    assert.deepEqual(reasons(checkGate(plan)), [
      { code: 'task-in-progress', message: 'Task a-1 (Alpha) is still in progress', line: plan.tasks[0]!.line },
      { code: 'task-failed', message: 'Task a-2 (Beta) failed', line: plan.tasks[1]!.line },
    ]);
  });

  it('refuses while a Worker Validation row is not valid', () => {
    const validation = ['## Worker Validation', '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|---|---|---|---|---|', '| a-1 | yes | yes | yes | ✅ |', '| a-2 | yes | no | yes | ❌ no |', '| a-3 | - | - | - | n/a |'].join('\n');
    const plan = parsePlan(planText({}, TASKS('| a-1 | A | e | done | w | a.ts | 0 |', '| a-2 | B | e | done | w | b.ts | 0 |', '| a-3 | C | e | done | w | c.ts | 0 |') + validation));
    assert.deepEqual(reasons(checkGate(plan)), [
      { code: 'validation-invalid', message: 'Worker Validation marks a-2 as not valid (❌ no)', line: plan.validation[1]!.line },
    ]);
  });

  it('lists every failing condition at once, in line order', () => {
    const plan = parsePlan(planText({ 4: '❌ failed', 9: '⏳ pending', 10: '✅ done' }, TASKS('| a-1 | A | e | failed | w | a.ts | 0 |')));
    assert.deepEqual(
      reasons(checkGate(plan)).map((r) => r.code),
      ['phase-unfinished', 'summary-pending', 'already-committed', 'task-failed'],
    );
  });

  it('finds the commit phase by name, ignoring phases after it', () => {
    const text = planText().replace(
      '| 10 | User-Approved Commit | orchestrator | ⏳ pending | |',
      '| 10 | User-Approved Commit | orchestrator | ⏳ pending | |\n| 11 | Cleanup | orchestrator | ⏳ pending | |',
    );
    const plan = parsePlan(text);
    assert.equal(gatedPhase(plan)?.number, 10);
    assert.deepEqual(checkGate(plan), { ok: true });
  });

  it('takes the last phase as the commit phase when none is named so', () => {
    const plan = parsePlan(
      ['# Beads Work Plan', '## Phase Checklist', '| # | Phase | Status |', '|---|---|---|', '| 0 | Work | done |', '| 1 | Summary | pending |', '| 2 | Ship | pending |'].join('\n'),
    );
    assert.equal(gatedPhase(plan)?.name, 'Ship');
    assert.deepEqual(reasons(checkGate(plan)).map((r) => r.code), ['summary-pending']);
  });
});

describe('checkGate on the real plans', () => {
  const results = new Map(PLAN_FILES.map((f) => [f, checkGate(parsePlan(fixture(f)))]));
  const codes = (f: string): string[] => {
    const r = results.get(f)!;
    return r.ok ? [] : r.reasons.map((x) => x.code);
  };

  it('passes exactly the plans with phases 0–9 finished, phase 10 pending and no failed task', () => {
    const passing = PLAN_FILES.filter((f) => results.get(f)!.ok);
    assert.deepEqual(passing, [
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

  it('refuses the plans already committed', () => {
    for (const f of ['real/PLAN-v1.md', 'real/PLAN-v3.md', 'real/plan-51dd88c6.md']) assert.deepEqual(codes(f), ['already-committed'], f);
  });

  it('refuses PLAN-v7, which has no checklist', () => {
    assert.deepEqual(codes('real/PLAN-v7.md'), ['no-checklist']);
  });

  it('names the pending summary and close phase of plan-a01dfc89', () => {
    const r = results.get('real/plan-a01dfc89.md')!;
    assert.ok(!r.ok);
    assert.deepEqual(
      r.reasons.map((x) => [x.code, x.line]),
      [
        ['phase-unfinished', 16],
        ['summary-pending', 19],
      ],
    );
    assert.equal(r.reasons[1]!.message, 'Phase 9 Summary & Wait is ⏳ pending: the summary must be done before committing');
  });

  it('refuses a plan still in its first phases with one reason per unfinished phase', () => {
    assert.deepEqual(codes('real/plan-0538d886.md'), [...Array(8).fill('phase-unfinished'), 'summary-pending']);
  });
});
