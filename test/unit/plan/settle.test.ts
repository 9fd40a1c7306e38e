import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSuspect, settle, SETTLE_BOUND_MS, SETTLE_MS, type Suspect } from '../../../src/plan/settle';

const PLAN = '# Beads Work Plan\n\n## Tasks\n';
const known = { isPlan: true };

describe('isSuspect', () => {
  it('suspects an empty, missing, titleless or cut-short read of a plan', () => {
    assert.ok(isSuspect(known, { text: '', mtime: 1 }));
    assert.ok(isSuspect(known, { text: '  \n', mtime: 1 }));
    assert.ok(isSuspect(known, {}));
    assert.ok(isSuspect(known, { text: '## Tasks\n', mtime: 1 }));
    assert.ok(isSuspect(known, { text: '# Beads Work Plan\n\n## Ta', mtime: 1 }));
  });
  it('believes a whole plan at once, and a damaged plan that stays damaged', () => {
    assert.ok(!isSuspect(known, { text: `${PLAN}| a |\n`, mtime: 1 }));
    assert.ok(!isSuspect({ isPlan: false }, { text: '## Tasks\n| a |\n', mtime: 1 }));
  });
});

describe('settle', () => {
  it('believes the same file read twice SETTLE_MS apart', () => {
    const first = settle(undefined, { text: '', mtime: 5 }, 1000);
    assert.equal(first.believe, false);
    const early = settle((first as { suspect: Suspect }).suspect, { text: '', mtime: 5 }, 1000 + SETTLE_MS - 1);
    assert.equal(early.believe, false);
    assert.equal(settle((early as { suspect: Suspect }).suspect, { text: '', mtime: 5 }, 1000 + SETTLE_MS).believe, true);
  });
  it('does not take two different truncations, both empty, for a settled file', () => {
    let suspect = (settle(undefined, { text: '', mtime: 1 }, 0) as { suspect: Suspect }).suspect;
    for (let t = SETTLE_MS; t < SETTLE_BOUND_MS; t += SETTLE_MS) {
      const outcome = settle(suspect, { text: '', mtime: t }, t);
      assert.equal(outcome.believe, false, `at ${t} ms`);
      suspect = (outcome as { suspect: Suspect }).suspect;
    }
    assert.equal(settle(suspect, { text: '', mtime: SETTLE_BOUND_MS }, SETTLE_BOUND_MS).believe, true, 'believed after the bound');
  });
  it('a missing file settles like any read', () => {
    const first = settle(undefined, {}, 0) as { suspect: Suspect };
    assert.equal(settle(first.suspect, {}, SETTLE_MS).believe, true);
  });
});
