import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSuspect, settle, SETTLE_BOUND_MS, SETTLE_MS, STILL_MS, type Suspect } from '../../../../src/plan/read/settle';

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
  it('believes a suspect only once the file has stayed the same for STILL_MS: a stalled writer is not taken at its word', () => {
    const first = settle(undefined, { text: '', mtime: 5 }, 1000);
    assert.equal(first.believe, false);
    // Read again and again while the writer is stalled between truncate and write: still the last good plan.
    let suspect = (first as { suspect: Suspect }).suspect;
    for (let t = 1000 + SETTLE_MS; t < 1000 + STILL_MS; t += SETTLE_MS) {
      const outcome = settle(suspect, { text: '', mtime: 5 }, t);
      assert.equal(outcome.believe, false, `at ${t - 1000} ms`);
      suspect = (outcome as { suspect: Suspect }).suspect;
    }
    assert.equal(settle(suspect, { text: '', mtime: 5 }, 1000 + STILL_MS).believe, true);
  });
  it('never believes an empty read while the file keeps being truncated, however long the storm', () => {
    let suspect = (settle(undefined, { text: '', mtime: 1 }, 0) as { suspect: Suspect }).suspect;
    for (let t = SETTLE_MS; t < 3 * SETTLE_BOUND_MS; t += SETTLE_MS) {
      const outcome = settle(suspect, { text: '', mtime: t }, t);
      assert.equal(outcome.believe, false, `at ${t} ms`);
      suspect = (outcome as { suspect: Suspect }).suspect;
    }
  });
  it('believes a changing suspect with text (a plan that lost its title and keeps growing) after the bound', () => {
    let suspect = (settle(undefined, { text: '## Tasks\n', mtime: 0 }, 0) as { suspect: Suspect }).suspect;
    for (let t = SETTLE_MS; t < SETTLE_BOUND_MS; t += SETTLE_MS) {
      const outcome = settle(suspect, { text: `## Tasks\n${'- x\n'.repeat(t)}`, mtime: t }, t);
      assert.equal(outcome.believe, false, `at ${t} ms`);
      suspect = (outcome as { suspect: Suspect }).suspect;
    }
    assert.equal(settle(suspect, { text: '## Tasks\n- y\n', mtime: SETTLE_BOUND_MS }, SETTLE_BOUND_MS).believe, true, 'believed after the bound');
  });
  it('a missing file settles like an empty one: once it stays missing', () => {
    const first = settle(undefined, {}, 0) as { suspect: Suspect };
    assert.equal(settle(first.suspect, {}, SETTLE_MS).believe, false);
    assert.equal(settle(first.suspect, {}, STILL_MS).believe, true);
  });
});
