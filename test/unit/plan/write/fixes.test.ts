import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { quickFix } from '../../../../src/plan/write/fixes';
import { parsePlan } from '../../../../src/plan/read/parse';
import { phaseSummary } from '../../../../src/plan/rules/summary';
import { applyEdits } from '../../../../src/plan/write/textEdit';
import { PLAN_FILES, fixture } from '../../fixtures';
import { checkGate } from '../../../../src/plan/rules/gate';
import { needsUser } from '../../../../src/plan/rules/attention';

function fixOf(text: string, code: string) {
  const plan = parsePlan(text);
  const finding = plan.findings.find((f) => f.code === code);
  assert.ok(finding, `a ${code} finding`);
  const fix = quickFix(text, plan, finding);
  assert.ok(fix, `a quick fix for ${code}`);
  return { fix, after: applyEdits(text, fix.edits) };
}

const changedLines = (before: string, after: string): string[] => {
  const a = before.split('\n');
  return after.split('\n').filter((l, i) => l !== a[i]);
};

describe('quick fixes', () => {
  it("reports a done phase written as current (plan-0538d886's 0 while 1 is pending) once, and the fix writes the checklist's phase", () => {
    const text = fixture('real/plan-0538d886.md');
    const plan = parsePlan(text);
    assert.deepEqual(
      plan.findings.filter((f) => f.code === 'current-phase-mismatch').map((f) => [f.line, f.message]),
      [[22, "Current Phase says 0, but the checklist's first unfinished phase is 1."]],
    );
    const { fix, after } = fixOf(text, 'current-phase-mismatch');
    assert.equal(fix.title, 'Set Current Phase to 1, as the checklist says');
    // A minimal edit: the number only, the bold kept.
    assert.deepEqual(fix.edits.map((e) => [e.range.start, e.range.end, e.newText]), [[{ line: 22, character: 17 }, { line: 22, character: 18 }, '1']]);
    assert.deepEqual(changedLines(text, after), ['**Current Phase: 1**']);
    assert.deepEqual(parsePlan(after).findings.filter((f) => f.code === 'current-phase-mismatch'), []);
    assert.equal(phaseSummary(parsePlan(after)).text, phaseSummary(plan).text);
  });
  it("rewrites the seed's 3 as 10, and a line with stale words as the number alone", () => {
    assert.deepEqual(changedLines(fixture('seed-split-brain.md'), fixOf(fixture('seed-split-brain.md'), 'current-phase-mismatch').after), ['**Current Phase: 10**']);
    const written = fixture('real/plan-1ddafa05.md');
    assert.deepEqual(changedLines(written, fixOf(written, 'current-phase-mismatch').after), ['**Current Phase: 3**']);
  });
  it('keeps a plan waiting at the hard stop (9 written, 9 done, 10 pending) free of the finding', () => {
    for (const name of ['real/PLAN-v2.md', 'real/plan-4af13a61.md', 'real/PLAN-v3.md'])
      assert.deepEqual(parsePlan(fixture(name)).findings.filter((f) => f.code === 'current-phase-mismatch'), [], name);
  });
  it('restores a lost plan heading', () => {
    const text = fixture('seed-split-brain.md').replace('# Beads Work Plan', '# Notes');
    const { after } = fixOf(text, 'not-a-plan');
    assert.equal(parsePlan(after).isPlan, true);
  });
  it('resolves the finding it is offered for, in every real plan', () => {
    for (const name of PLAN_FILES) {
      const text = fixture(name);
      const plan = parsePlan(text);
      for (const finding of plan.findings) {
        const fix = quickFix(text, plan, finding);
        if (!fix) continue;
        const after = parsePlan(applyEdits(text, fix.edits));
        assert.ok(!after.findings.some((f) => f.code === finding.code && f.line === finding.line), `${name}: ${finding.code} at ${finding.line} is fixed`);
      }
    }
  });
});

describe('quick fix for a short table row', () => {
  it('adds the missing cells at the row end, and leaves a row with too many alone', () => {
    const seed = fixture('seed-split-brain.md');
    const short = seed.replace('| 8 | Final Verification | orchestrator | ✅ done | 4 passed |', '| 8 | Final Verification | orchestrator | ✅ done |');
    assert.notEqual(short, seed);
    const { fix, after } = fixOf(short, 'row-width');
    assert.equal(fix.title, 'Add the missing cell');
    assert.deepEqual(changedLines(short, after), ['| 8 | Final Verification | orchestrator | ✅ done |  |']);
    assert.equal(parsePlan(after).phases.find((p) => p.number === 8)?.status, 'done');
    const long = seed.replace('| 8 | Final Verification | orchestrator | ✅ done | 4 passed |', '| 8 | Final Verification | orchestrator | ✅ done | 4 | x |');
    const plan = parsePlan(long);
    assert.equal(quickFix(long, plan, plan.findings.find((f) => f.code === 'row-width')!), undefined);
  });
});

describe('one rule for the current phase (issue #28, item 2)', () => {
  const key = (e: { code: string; line: number }): string => `${e.code}@${e.line}`;
  for (const name of PLAN_FILES)
    it(`applying every quick fix offered on ${name} creates no new finding and no new gate block`, () => {
      const text = fixture(name);
      const plan = parsePlan(text);
      const findings = new Set(plan.findings.map((f) => f.code));
      const blocks = new Set(checkGate(plan).blocks.map((b) => b.code));
      for (const finding of plan.findings) {
        const fix = quickFix(text, plan, finding);
        if (!fix) continue;
        const after = parsePlan(applyEdits(text, fix.edits));
        const newFindings = after.findings.filter((f) => !findings.has(f.code));
        const newBlocks = checkGate(after).blocks.filter((b) => !blocks.has(b.code));
        assert.deepEqual([newFindings.map(key), newBlocks.map(key)], [[], []], `${fix.title}`);
        // The finding it fixes is gone.
        assert.ok(!after.findings.some((f) => f.code === finding.code && f.line === finding.line), `${fix.title} leaves ${finding.code}`);
      }
    });

  it('at the seed’s HARD STOP, "Set Current Phase to 10" leaves the plan awaiting approval, not blocked at the gate', () => {
    const text = fixture('seed-split-brain.md');
    const plan = parsePlan(text);
    const finding = plan.findings.find((f) => f.code === 'current-phase-mismatch')!;
    const fix = quickFix(text, plan, finding)!;
    assert.equal(fix.title, 'Set Current Phase to 10, as the checklist says');
    const after = parsePlan(applyEdits(text, fix.edits));
    assert.equal(checkGate(after).ok, true);
    assert.equal(needsUser(after)?.kind, 'awaitingApproval');
  });
});
