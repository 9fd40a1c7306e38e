import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikePlan } from '../../../../src/plan/read/sniff';
import { PLAN_FILES, fixture } from '../../fixtures';

describe('looksLikePlan', () => {
  it('recognises every real plan from its first 4 KB', () => {
    for (const name of PLAN_FILES) assert.ok(looksLikePlan(fixture(name).slice(0, 4096)), name);
  });
  it('accepts trailing words, case, a BOM and CRLF', () => {
    assert.ok(looksLikePlan('\uFEFF# beads work plan: auth epic\r\nGenerated: x'));
    assert.ok(looksLikePlan('\n\n#   Beads Work Plan\n'));
  });
  it('rejects other Markdown, and a plan heading that is not the first level-1 heading', () => {
    assert.ok(!looksLikePlan('# Release plan\n\n# Beads Work Plan'));
    assert.ok(!looksLikePlan('## Beads Work Plan\n'));
    assert.ok(!looksLikePlan('```\n# Beads Work Plan\n```\n'));
    assert.ok(!looksLikePlan(''));
  });
});
