import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unfinishedPlan } from '../../../../src/plan/read/whole';
import { parsePlan } from '../../../../src/plan/read/parse';
import { PLAN_FILES, fixture } from '../../fixtures';

describe('unfinishedPlan', () => {
  it('takes every real plan as whole, with or without its parse', () => {
    for (const name of PLAN_FILES) {
      assert.equal(unfinishedPlan(fixture(name)), undefined, name);
      assert.equal(unfinishedPlan(fixture(name), parsePlan(fixture(name))), undefined, name);
    }
  });

  it('says why a text may be a rewrite in progress', () => {
    assert.deepEqual(unfinishedPlan(''), { reason: 'is empty' });
    assert.deepEqual(unfinishedPlan('\uFEFF\n \n'), { reason: 'is empty' });
    assert.deepEqual(unfinishedPlan('Generated: today\n'), { reason: 'has no "# Beads Work Plan" heading' });
    assert.deepEqual(unfinishedPlan('# Beads Wo'), { reason: 'has no "# Beads Work Plan" heading' });
    assert.deepEqual(unfinishedPlan('# Beads Work Plan\n\n## Execution Log\n- 2025-12-27T10:00: hal'), {
      reason: 'ends inside a line, as if cut short',
      acceptAfterMs: 1000,
    });
  });

  it('takes a setext title, which the sniff does not know, by the parser', () => {
    assert.equal(unfinishedPlan('Beads Work Plan\n===\n\n## Tasks\n'), undefined);
  });

  it('takes a whole text that is not a plan as whole: the edit refuses it', () => {
    assert.equal(unfinishedPlan('# Notes\n\ntext\n'), undefined);
  });
});
