import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectStyle, formatStatus, isCancelled, parseStatus, parseYesNo, readStatus, readYesNo } from '../../../../src/plan/read/status';

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
    ['✅ 12 passed', 'done'],
    ['⏳ done', 'done'],
    ['committed', 'done'],
    ['✅ done (4 passed)', 'done'],
    ['✅ done (all workers complete)', 'done'],
    ['⏳ pending (REQUIRED - do not skip)', 'pending'],
    ['ready (failed once, retried)', 'pending'],
    ['flibbertigibbet', 'unknown'],
    ['', 'unknown'],
    ['-', 'unknown'],
  ];
  for (const [text, want] of cases) it(`reads "${text}" as ${want}`, () => assert.equal(parseStatus(text), want));
});

describe('readStatus: a status word stands alone, and nothing in the cell takes it back', () => {
  const unknown: ReadonlyArray<readonly [string, RegExp | undefined]> = [
    ['crashed', undefined],
    ['inprogress', undefined],
    ['done-ish', /"done-ish" is no status word/],
    ['done pending', /"done pending" is no status word/],
    ['Done (not really)', /its reason says "not", which takes "done" back/],
    ['skipped (no issues found)', /its reason says "no"/],
    ["done (isn't)", /its reason says "isn't"/],
    ['done (2 failed)', /its reason says "failed"/],
    ['done (blocked by #4)', /its reason says "blocked"/],
    ['✅ done (❌ tests)', /its reason says "❌"/],
    ['done → pending', /it holds an arrow/],
    ['pending -> done', /it holds an arrow/],
    ['✅ done ~~no~~ pending', /it holds struck-through text/],
    ['<del>pending</del> done', /it holds struck-through text/],
    ['❌ done', /its emoji says failed but its word says done/],
    ['🔄 skipped', /its emoji says in progress but its word says skipped/],
    ['✅❌ done', /its emoji disagree/],
    ['done - pending', /its reason "pending" is another status than "done"/],
    ['ready (done)', /its reason "done" is another status than "ready"/],
    ['✅ (❌)', /its reason "❌" is another status/],
    ['done?', undefined],
  ];
  for (const [text, why] of unknown)
    it(`reads "${text}" as unknown${why ? `, saying why` : ''}`, () => {
      const reading = readStatus(text);
      assert.equal(reading.status, 'unknown');
      if (why) assert.match(reading.doubt ?? '', why);
      else assert.equal(reading.doubt, undefined);
    });

  it('keeps the reason after the word', () => {
    assert.deepEqual(readStatus('ready (close)'), { status: 'pending', reason: '(close)' });
    assert.deepEqual(readStatus('⏳ pending'), { status: 'pending' });
    assert.deepEqual(readStatus('✅ done - waiting for user approval'), { status: 'done', reason: '- waiting for user approval' });
  });
});

describe('isCancelled', () => {
  it('tells a cancel apart from other failures, reading the word the status rule reads', () => {
    for (const yes of ['⏹ cancelled', 'cancelled', 'Canceled: by the user', '**⏹ cancelled**', '⏹']) assert.equal(isCancelled(yes), true, yes);
    for (const no of ['❌ failed', 'failed (cancelled twice before)', 'timeout', '⏭️ skipped', 'done', '', 'cancelled → done']) assert.equal(isCancelled(no), false, no);
  });
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

  it('reads by the status rule: not valid is a no, what is neither is no yes', () => {
    assert.equal(parseYesNo('not valid'), false);
    assert.equal(parseYesNo('N'), false);
    assert.equal(parseYesNo('✅ passed'), true);
    for (const text of ['partial', '⚠️', '0/3', 'x', 'yes-ish', '~~yes~~', 'yes → no', '❌ yes', 'yes (no)']) assert.equal(parseYesNo(text), undefined, text);
    assert.match(readYesNo('yes (2 failed)').doubt ?? '', /its reason says "failed"/);
  });
});
