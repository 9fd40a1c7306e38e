import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGate, type GateEntry, type GateResult } from '../../../../src/plan/rules/gate';
import { parsePlan } from '../../../../src/plan/read/parse';
import { CANONICAL_PHASES, PLAN_FILES, fixture } from '../../fixtures';

/** Line of the checklist row of phase n in plans built by `planText` (title, blank, heading, header, separator, rows). */
const phaseLine = (n: number): number => 5 + n;

/** A plan with the canonical checklist; `statuses` overrides phases (default: 0–9 done, 10 pending). */
function planText(statuses: Readonly<Record<number, string>> = {}, rest = '', rows = CANONICAL_PHASES.map((name, n) => ({ n: String(n), name }))): string {
  const lines = rows.map(({ n, name }) => `| ${n} | ${name} | orchestrator | ${statuses[Number(n)] ?? (Number(n) < 10 ? '✅ done' : '⏳ pending')} | |`);
  return ['# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', ...lines, '', rest].join('\n');
}

const TASKS = (...rows: string[]): string =>
  ['## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', ...rows, ''].join('\n');

const VALIDATION = (...rows: string[]): string =>
  ['## Worker Validation', '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|---|---|---|---|---|', ...rows, ''].join('\n');

/** One done task with a valid row: the plan a cell is swapped into. */
const task = (status: string, valid = '✅'): string => TASKS(`| a-1 | Alpha | e | ${status} | w | a.ts | 0 |`) + VALIDATION(`| a-1 | 4 | 4/4 | yes | ${valid} |`);

const gate = (text: string): GateResult => checkGate(parsePlan(text));
const codes = (entries: readonly GateEntry[]): string[] => entries.map((e) => e.code);

function blocks(result: GateResult): readonly GateEntry[] {
  assert.equal(result.ok, false, 'the gate blocks');
  return result.blocks;
}

describe('checkGate: what lets the commit through', () => {
  it('allows phases 0–9 done, 10 pending, a done task with a valid row: no blocks, no warnings', () => {
    assert.deepEqual(gate(planText({}, task('✅ done'))), { verdict: 'pass', ok: true, blocks: [], doubts: [] });
  });

  it('accepts skipped phases, with a reason', () => {
    assert.equal(gate(planText({ 5: '⏭️ skipped', 7: '⏳ skipped (none found)' })).ok, true);
  });

  it('accepts a known word with a reason that explains it or says what comes next', () => {
    for (const status of ['✅ done (4 passed)', 'done - waiting for user approval', '✅ complete (see Summary)'])
      assert.equal(gate(planText({ 9: status }, task(status))).ok, true, status);
  });

  it('accepts Valid cells that say yes', () => {
    for (const valid of ['✅', 'yes (340 tests)', '✅ 12 passed', '✓', 'PASS', 'valid']) assert.equal(gate(planText({}, task('done', valid))).ok, true, valid);
  });
});

describe('checkGate: phases', () => {
  it('names phase 9 Summary & Wait when the summary is pending', () => {
    assert.deepEqual(blocks(gate(planText({ 9: '⏳ pending' }))), [
      { code: 'summary-pending', message: 'Phase 9 Summary & Wait is ⏳ pending: the summary must be done before committing', line: phaseLine(9) },
    ]);
  });

  it('gives one block per unfinished phase, each with its row', () => {
    const found = blocks(gate(planText({ 6: '⏳ pending', 8: '🔄 in progress', 3: 'flibbertigibbet' })));
    assert.deepEqual(found.map((r) => [r.code, r.line]), [
      ['phase-unreadable', phaseLine(3)],
      ['phase-unfinished', phaseLine(6)],
      ['phase-unfinished', phaseLine(8)],
    ]);
    assert.equal(found[1]!.message, 'Phase 6 Close Tasks is ⏳ pending: it must be done or skipped before committing');
    assert.match(found[0]!.message, /"flibbertigibbet", which is not understood/);
  });

  for (const status of ['done-ish', 'Done (not really)', 'done → pending', '✅ done ~~no~~ pending', 'done?', '❌ done', 'done (2 failed)', 'done pending', 'not done', 'done/failed'])
    it(`blocks a summary phase that says "${status}", naming the cell`, () => {
      const [block, ...rest] = blocks(gate(planText({ 9: status })));
      assert.equal(rest.length, 0);
      assert.equal(block!.code, 'phase-unreadable');
      assert.equal(block!.line, phaseLine(9));
      assert.ok(block!.message.startsWith(`Phase 9 Summary & Wait is "${status}", which is not understood`), block!.message);
    });

  it('says why a cell that seems to name a status reads unknown', () => {
    const message = (status: string): string => blocks(gate(planText({ 9: status })))[0]!.message;
    assert.match(message('done → pending'), /\(it holds an arrow/);
    assert.match(message('✅ done ~~no~~ pending'), /\(it holds struck-through text\)/);
    assert.match(message('Done (not really)'), /\(its reason says "not", which takes "done" back\)/);
    assert.match(message('done-ish'), /"done-ish" is no status word/);
    assert.match(message('❌ done'), /its emoji says failed but its word says done/);
  });

  for (const number of ['9.', '9 (final)', '9)', 'Phase 9'])
    it(`reads the phase number "${number}" as 9, so its pending status blocks`, () => {
      const rows = CANONICAL_PHASES.map((name, n) => ({ n: n === 9 ? number : String(n), name }));
      assert.deepEqual(codes(blocks(gate(planText({ 9: '⏳ pending' }, '', rows)))), ['summary-pending']);
    });

  for (const number of ['9a', '9.1', 'nine', ''])
    it(`blocks a phase row whose number "${number}" cannot be read`, () => {
      const rows = CANONICAL_PHASES.map((name, n) => ({ n: n === 9 ? number : String(n), name }));
      const found = blocks(gate(planText({}, '', rows)));
      assert.deepEqual(found.map((b) => [b.code, b.line]), [['phase-number', phaseLine(9)]]);
    });

  it('blocks a phase number written twice', () => {
    const rows = CANONICAL_PHASES.map((name, n) => ({ n: String(n === 8 ? 9 : n), name }));
    assert.deepEqual(blocks(gate(planText({}, '', rows))).map((b) => [b.code, b.line]), [['duplicate-phase', phaseLine(9)]]);
  });

  it('blocks a second Phase Checklist, whose phase 9 is pending', () => {
    const second = ['## Phase Checklist (continued)', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', '| 9 | Summary & Wait | o | ⏳ pending | |'].join('\n');
    const text = planText({}, second);
    assert.deepEqual(blocks(gate(text)).map((b) => [b.code, b.line]), [['second-table', text.split('\n').lastIndexOf(second.split('\n')[1]!)]]);
  });

  it('blocks a checklist without a commit phase, whatever its last phase says', () => {
    const rows = CANONICAL_PHASES.slice(0, 10).map((name, n) => ({ n: String(n), name }));
    assert.deepEqual(codes(blocks(gate(planText({}, '', rows)))), ['no-commit-phase']);
    assert.deepEqual(codes(blocks(gate(planText({ 9: '⏳ pending' }, '', rows)))), ['no-commit-phase', 'summary-pending']);
  });

  it('takes the highest-numbered phase named as a commit for the commit phase: a lower one must be done like any other', () => {
    const before = CANONICAL_PHASES.map((name, n) => ({ n: String(n), name: n === 8 ? 'Commit Checks' : name }));
    assert.equal(gate(planText({}, '', before)).ok, true);
    const after = [...CANONICAL_PHASES.map((name, n) => ({ n: String(n), name })), { n: '11', name: 'Commit & Push' }];
    assert.deepEqual(blocks(gate(planText({}, '', after))).map((b) => [b.code, b.line]), [['phase-unfinished', phaseLine(10)]]);
  });

  it('does not take a pre-commit phase for the commit phase', () => {
    const rows = CANONICAL_PHASES.map((name, n) => ({ n: String(n), name: n === 8 ? 'Final Verification (pre-commit hooks)' : name }));
    assert.equal(gate(planText({}, '', rows)).ok, true);
  });

  it('finds the commit phase by name, ignoring phases after it', () => {
    const rows = [...CANONICAL_PHASES.map((name, n) => ({ n: String(n), name })), { n: '11', name: 'Cleanup' }];
    assert.equal(gate(planText({ 11: '⏳ pending' }, '', rows)).ok, true);
  });

  it('checks a phase numbered below the commit phase even when listed after it', () => {
    const rows = [...CANONICAL_PHASES.map((name, n) => ({ n: String(n), name })).filter((r) => r.n !== '9'), { n: '9', name: 'Summary & Wait' }];
    assert.deepEqual(codes(blocks(gate(planText({ 9: '⏳ pending' }, '', rows)))), ['summary-pending']);
  });

  it('refuses a plan without a Phase Checklist, at its title', () => {
    assert.deepEqual(blocks(gate('# Beads Work Plan\n\n' + task('done'))).map((r) => [r.code, r.line]), [['no-checklist', 0]]);
  });
});

describe('checkGate: the commit phase', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['✅ done', '', 'already-committed'],
    ['committed', '', 'already-committed'],
    ['pushed', '', 'already-committed'],
    ['🔄 in progress', '', 'commit-phase-state'],
    ['❌ failed', '', 'commit-phase-state'],
    ['⏭️ skipped', '', 'commit-phase-state'],
    ['committing', '', 'commit-phase-state'],
    ['⏳ pending (pushed by the agent)', '', 'commit-phase-state'],
    ['pending - done', '', 'commit-phase-state'],
  ];
  for (const [status, notes, code] of cases)
    it(`blocks a commit phase "${status}"${notes ? ` with Notes "${notes}"` : ''} (${code})`, () => {
      const text = planText({ 10: status }).replace(/(\| 10 \|[^\n]*\| )\|$/m, `$1${notes} |`);
      assert.deepEqual(blocks(gate(text)).map((b) => [b.code, b.line]), [[code, phaseLine(10)]]);
    });

  it('reads "already committed" from facts only: a commit in git with the plan’s trailer, never a hex word in Notes', () => {
    assert.deepEqual(blocks(checkGate(parsePlan(planText()), { committed: 'abc1234 feat: x' })).map((b) => [b.code, b.line]), [['already-committed', phaseLine(10)]]);
    const midFlight = planText({ 3: '🔄 in progress' }).replace(/(\| 10 \|[^\n]*\| )\|$/m, '$1waiting for the user (session 65c422f0) |');
    assert.deepEqual(codes(blocks(gate(midFlight))), ['phase-unfinished']);
  });

  it('lets Notes through whatever they say: words, dates, hashes', () => {
    for (const notes of ['after user says "commit"', 'deadbeef', '20251226', 'ab12', 'a1b2c3d', 'ticket ab12cd3'])
      assert.equal(gate(planText().replace(/(\| 10 \|[^\n]*\| )\|$/m, `$1${notes} |`)).ok, true, notes);
  });
});

describe('checkGate: Current Phase', () => {
  const withCurrent = (text: string, value: string): string => text.replace('\n\n## Tasks', `\n\n**Current Phase: ${value}**\n\n## Tasks`);

  it('blocks a Current Phase past the checklist; at the HARD STOP 9 and 10 both agree (one rule with the quick fix)', () => {
    const text = withCurrent(planText({}, task('done')), '11');
    assert.deepEqual(blocks(gate(text)).map((b) => [b.code, b.line]), [['current-phase-ahead', 17]]);
    assert.match(blocks(gate(text))[0]!.message, /^Current Phase says 11, while the checklist is at 10/);
    assert.equal(gate(withCurrent(planText({}, task('done')), '10')).verdict, 'pass');
    const early = withCurrent(planText({ 6: '⏳ pending' }, task('done')), '9');
    assert.deepEqual(blocks(gate(early)).map((b) => b.code), ['phase-unfinished', 'current-phase-ahead']);
  });

  it('warns of a Current Phase behind the checklist, as the seed has', () => {
    const result = gate(withCurrent(planText({}, task('done')), '3'));
    assert.deepEqual([result.ok, codes(result.doubts)], [true, ['current-phase-mismatch']]);
  });

  it('says nothing of a Current Phase at the hard stop, or in words', () => {
    for (const value of ['9', '9 (WAITING FOR USER)', 'awaiting_approval']) assert.deepEqual(gate(withCurrent(planText({}, task('done')), value)).doubts, [], value);
  });
});

describe('checkGate: tasks', () => {
  for (const status of ['crashed', 'aborted', 'killed', 'inprogress', 'doing', 'retrying', 'needs rework', '', '-', 'done-ish', 'done → failed'])
    it(`blocks a task "${status}", which it cannot read`, () => {
      const found = blocks(gate(planText({}, task(status))));
      assert.deepEqual(codes(found), ['task-unreadable']);
      assert.match(found[0]!.message, /^Task a-1 \(Alpha\) is .*: the gate cannot tell whether its work is done$/);
    });

  it('blocks a task in progress or failed', () => {
    assert.deepEqual(codes(blocks(gate(planText({}, task('🔄 in progress'))))), ['task-in-progress']);
    assert.deepEqual(codes(blocks(gate(planText({}, task('❌ failed'))))), ['task-failed']);
  });

  it('warns of a blocked task that validation marks valid, and blocks one it does not', () => {
    const valid = gate(planText({}, task('⚠️ blocked')));
    assert.deepEqual([valid.ok, codes(valid.doubts)], [true, ['task-blocked']]);
    const unvalidated = gate(planText({}, TASKS('| a-1 | Alpha | e | blocked | w | a.ts | 0 |')));
    assert.deepEqual(codes(blocks(unvalidated)), ['task-blocked']);
  });

  it('warns of a task still ready, naming its words', () => {
    const result = gate(planText({}, task('ready (close)')));
    assert.equal(result.ok, true);
    assert.deepEqual(result.doubts, [{ code: 'task-pending', message: 'a-1 is still "ready (close)": its work may not be done', line: 20 }]);
  });

  it('warns of a done or closed task without a validation row; a skipped one needs none', () => {
    const result = gate(planText({}, TASKS('| a-1 | A | e | done | w | a.ts | 0 |', '| a-2 | B | e | closed | w | b.ts | 0 |', '| a-3 | C | e | skipped | w | c.ts | 0 |')));
    assert.deepEqual([result.ok, codes(result.doubts)], [true, ['validation-missing', 'validation-missing']]);
  });

  it('blocks a second Tasks table', () => {
    assert.deepEqual(codes(blocks(gate(planText({}, task('done') + TASKS('| a-2 | Beta | e | ❌ failed | w | b.ts | 0 |'))))), ['second-table', 'table-failure']);
  });
});

describe('checkGate: Worker Validation', () => {
  for (const valid of ['not valid', 'N', 'no', '❌', 'invalid'])
    it(`blocks Valid "${valid}" as not valid`, () => assert.deepEqual(codes(blocks(gate(planText({}, task('done', valid))))), ['validation-invalid']));

  for (const valid of ['partial', '⚠️', '0/3', '3/3', 'x', '', 'n/a', 'yes-ish', 'yes (2 failed)', '✅ 12 passed, 1 failed', '~~yes~~', 'yes → no'])
    it(`blocks Valid "${valid}", which is not a yes`, () => {
      const found = blocks(gate(planText({}, task('done', valid))));
      assert.deepEqual(found.map((b) => [b.code, b.line]), [['validation-unreadable', 24]]);
      assert.match(found[0]!.message, /^Worker Validation for a-1 (has no Valid answer|says Valid ".*", which is not a yes)/);
    });

  it('blocks a second validation table under the same heading, whose row is not valid', () => {
    const second = ['', '### Re-run', '', '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|---|---|---|---|---|', '| a-1 | 4 | 0/4 | no | ❌ |'].join('\n');
    assert.deepEqual(codes(blocks(gate(planText({}, task('done') + second)))), ['second-table', 'validation-invalid']);
  });
});

describe('checkGate: Final Verification', () => {
  it('warns of each unchecked item', () => {
    const result = gate(planText({}, task('done') + '\n## Final Verification\n- [x] Tests pass\n- [ ] Mypy passed\n'));
    assert.deepEqual(result.doubts.map((w) => w.message), ['Final Verification item "Mypy passed" is not checked']);
  });
});

it('checkGate lists every block at once, in line order, and keeps the warnings apart', () => {
  const result = gate(planText({ 4: '❌ failed', 9: '⏳ pending', 10: '✅ done' }, TASKS('| a-1 | A | e | failed | w | a.ts | 0 |', '| a-2 | B | e | ready | w | b.ts | 0 |')));
  assert.deepEqual(codes(blocks(result)), ['phase-unfinished', 'summary-pending', 'already-committed', 'task-failed']);
  assert.deepEqual(codes(result.doubts), ['task-pending']);
});

describe('checkGate on the real plans', () => {
  const results = new Map(PLAN_FILES.map((f) => [f, checkGate(parsePlan(fixture(f)))]));
  const blockCodes = (f: string): string[] => codes(results.get(f)!.blocks);

  it('passes exactly the plans with phases 0–9 finished, phase 10 pending and no failed task', () => {
    assert.deepEqual(PLAN_FILES.filter((f) => results.get(f)!.ok), [
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

  it('warns of the seed’s ready task and its Current Phase 3, and lets it through', () => {
    const seed = results.get('seed-split-brain.md')!;
    assert.deepEqual(seed.doubts.map((w) => [w.code, w.line]), [
      ['current-phase-mismatch', 22],
      ['task-pending', 102],
      ['review-warnings', 129],
    ]);
    assert.equal(seed.verdict, 'doubt');
  });

  it('gives each real plan and the seed its verdict: a pass that became a doubt says why (see issue #23)', () => {
    const verdicts = Object.fromEntries(PLAN_FILES.map((f) => [f, results.get(f)!.verdict]));
    assert.deepEqual(verdicts, {
      'seed-split-brain.md': 'doubt', // its task is still ready; Current Phase 3 lags; review warnings
      'real/PLAN-v1.md': 'block',
      'real/PLAN-v2.md': 'pass',
      'real/PLAN-v3.md': 'block',
      'real/PLAN-v4.md': 'doubt', // three tasks still ready; validation rows without numbers
      'real/PLAN-v5.md': 'doubt', // a review with 1 warning
      'real/PLAN-v6.md': 'doubt', // phase 5 and the review "skipped (context limit)"; done tasks without validation
      'real/PLAN-v7.md': 'block',
      'real/plan-0538d886.md': 'block',
      'real/plan-15f8cd71.md': 'doubt', // two tasks ready, "PASS (after fixes)", unchecked verification
      'real/plan-1757b8ab.md': 'block',
      'real/plan-1ddafa05.md': 'block',
      'real/plan-3a2e78e2.md': 'doubt', // a task ready, a validation row without numbers
      'real/plan-4a943277.md': 'doubt', // a validation row without numbers
      'real/plan-4af13a61.md': 'doubt', // "✅ closed (EPIC)", the Quality Gates remarks
      'real/plan-4c9e0d21.md': 'block',
      'real/plan-51dd88c6.md': 'block',
      'real/plan-5d228004.md': 'doubt', // at the HARD STOP with both tasks still ready (Discovery says open too)
      'real/plan-82176a9e.md': 'block',
      'real/plan-963d889e.md': 'block',
      'real/plan-a01dfc89.md': 'block',
      'real/plan-af9b20f2.md': 'doubt', // validation rows "yes" with no numbers
    });
  });

  it('quotes the two doubts the issue names: plan-4af13a61’s Quality Gates and its closed epic', () => {
    const doubts = results.get('real/plan-4af13a61.md')!.doubts.map((d) => d.message).join('\n');
    assert.match(doubts, /Pre-existing Django stub issues only/);
    assert.match(doubts, /"✅ closed \(EPIC\)"/);
  });

  it('refuses the plans already committed', () => {
    for (const f of ['real/PLAN-v1.md', 'real/PLAN-v3.md', 'real/plan-51dd88c6.md']) assert.deepEqual(blockCodes(f), ['already-committed'], f);
  });

  it('refuses PLAN-v7, which has no checklist', () => {
    assert.deepEqual(blockCodes('real/PLAN-v7.md'), ['no-checklist']);
  });

  it('names the pending close and summary phases of plan-a01dfc89, and its Current Phase 9 ahead of them', () => {
    const r = results.get('real/plan-a01dfc89.md')!;
    assert.deepEqual(r.blocks.map((x) => [x.code, x.line]), [
      ['phase-unfinished', 16],
      ['summary-pending', 19],
      ['current-phase-ahead', 22],
    ]);
    assert.equal(r.blocks[1]!.message, 'Phase 9 Summary & Wait is ⏳ pending: the summary must be done before committing');
  });

  it('refuses a plan still in its first phases with one block per unfinished phase', () => {
    assert.deepEqual(blockCodes('real/plan-0538d886.md'), [...Array(8).fill('phase-unfinished'), 'summary-pending', 'review-pending']);
  });
});
