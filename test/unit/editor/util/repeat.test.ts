import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DOUBLE_CLICK_MS, RepeatDetector } from '../../../../src/editor/util/repeat';

describe('RepeatDetector (a double click on a tree node)', () => {
  it('counts a second run of the same node within the window as a double click, once', () => {
    const d = new RepeatDetector();
    assert.equal(d.hit('a', 1000), false);
    assert.equal(d.hit('a', 1000 + DOUBLE_CLICK_MS), true);
    // A third quick click starts over: it is a single click again.
    assert.equal(d.hit('a', 1000 + DOUBLE_CLICK_MS + 10), false);
  });
  it('does not count a late second click or a click on another node', () => {
    const d = new RepeatDetector();
    assert.equal(d.hit('a', 0), false);
    assert.equal(d.hit('a', DOUBLE_CLICK_MS + 1), false);
    assert.equal(d.hit('b', DOUBLE_CLICK_MS + 2), false);
    assert.equal(d.hit('a', DOUBLE_CLICK_MS + 3), false);
  });
});
