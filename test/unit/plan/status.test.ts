import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectStyle, formatStatus, parseStatus, parseYesNo } from '../../../src/plan/status';

describe('parseStatus', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['✅ done', 'done'],
    ['done', 'done'],
    ['PASS', 'done'],
    ['passed', 'done'],
    ['complete', 'done'],
    ['worker_done', 'done'],
    ['⏳ pending', 'pending'],
    ['ready', 'pending'],
    ['ready (close)', 'pending'],
    ['open', 'pending'],
    ['todo', 'pending'],
    ['🔄 in progress', 'in_progress'],
    ['🔄 running', 'in_progress'],
    ['in_progress', 'in_progress'],
    ['❌ failed', 'failed'],
    ['FAIL', 'failed'],
    ['error', 'failed'],
    ['⏹ cancelled', 'failed'],
    ['⚠️ blocked', 'blocked'],
    ['🚫 blocked', 'blocked'],
    ['⏭️ skipped', 'skipped'],
    ['⏳ skipped (context limit reached)', 'skipped'],
    ['n/a', 'skipped'],
    ['closed', 'closed'],
    ['✅ Closed', 'closed'],
    ['✅ closed (EPIC)', 'closed'],
    ['**✅ done**', 'done'],
    ['✅ done - **WAITING FOR USER APPROVAL**', 'done'],
    ['✅', 'done'],
    ['flibbertigibbet', 'unknown'],
    ['', 'unknown'],
    ['-', 'unknown'],
  ];
  for (const [text, want] of cases) it(`reads "${text}" as ${want}`, () => assert.equal(parseStatus(text), want));
});

describe('formatStatus', () => {
  it('writes emoji style where the plan uses emoji', () => {
    const style = detectStyle(['✅ done', '⏳ pending']);
    assert.equal(formatStatus('done', style), '✅ done');
    assert.equal(formatStatus('in_progress', style), '🔄 in progress');
    assert.equal(formatStatus('failed', style), '❌ failed');
  });
  it('writes plain words, with underscores where the plan uses them', () => {
    assert.equal(formatStatus('done', detectStyle(['ready', 'closed'])), 'done');
    assert.equal(formatStatus('in_progress', detectStyle(['worker_done', 'ready'])), 'in_progress');
    assert.equal(formatStatus('in_progress', detectStyle(['ready'])), 'in progress');
  });
  it('round-trips every status through parseStatus', () => {
    for (const emoji of [true, false])
      for (const s of ['done', 'pending', 'in_progress', 'failed', 'blocked', 'skipped', 'closed'] as const)
        assert.equal(parseStatus(formatStatus(s, { emoji, underscore: false })), s);
  });
});

describe('parseYesNo', () => {
  it('reads free-text validation cells', () => {
    assert.equal(parseYesNo('yes (340 tests)'), true);
    assert.equal(parseYesNo('✅ 12 passed'), true);
    assert.equal(parseYesNo('✓'), true);
    assert.equal(parseYesNo('no'), false);
    assert.equal(parseYesNo('❌'), false);
    assert.equal(parseYesNo('n/a'), undefined);
    assert.equal(parseYesNo('4/4'), undefined);
  });
});
