// The parser never throws, and every line it reports is inside the file,
// whatever it is given: mutated and truncated real plans, random text, huge tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unescapeCell } from '../../../src/plan/read/escapes';
import { parsePlan } from '../../../src/plan/read/parse';
import type { Plan } from '../../../src/plan/model';
import { PLAN_FILES, fixture } from '../../unit/fixtures';

const plans = PLAN_FILES.map(fixture);

function reportedLines(plan: Plan): number[] {
  return [
    plan.titleLine,
    ...plan.header.map((h) => h.line),
    ...plan.sections.flatMap((s) => [s.line, s.endLine - 1, ...(s.status ? [s.status.line] : [])]),
    ...plan.phases.map((p) => p.line),
    ...plan.tasks.map((t) => t.line),
    ...plan.validation.map((v) => v.line),
    ...plan.review.map((r) => r.line),
    ...plan.log.map((l) => l.line),
    ...plan.checklist.map((c) => c.line),
    ...plan.conflicts.map((c) => c.line),
    ...plan.targetTasks.map((t) => t.line),
    ...plan.closedTasks.map((t) => t.line),
    ...plan.yamlBlocks.flatMap((y) => [y.line, ...(y.error ? [y.error.line] : [])]),
    ...plan.findings.map((f) => f.line),
    ...(plan.currentPhase.written ? [plan.currentPhase.written.line] : []),
  ].filter((l) => l !== -1);
}

function checkPlan(text: string): void {
  const plan = parsePlan(text);
  const count = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
  assert.equal(plan.lineCount, count);
  for (const line of reportedLines(plan)) assert.ok(line >= 0 && line < count, `line ${line} outside 0..${count - 1}`);
  for (const row of [...plan.phases, ...plan.tasks].map((x) => x.row)) {
    const source = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[row.line]!;
    for (const cell of row.cells) assert.equal(unescapeCell(source.slice(cell.start, cell.end)), cell.text);
  }
}

const mutation = fc.record({
  plan: fc.nat({ max: plans.length - 1 }),
  edits: fc.array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      cut: fc.nat({ max: 40 }),
      insert: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('|', '\n', '\r\n', '```yaml\n', '## Tasks\n', '| # | Phase |\n', '- [x] ', '**', '\uFEFF', '\t', '`'),
      ),
    }),
    { maxLength: 8 },
  ),
});

describe('parser robustness', () => {
  it('survives mutated real plans', () => {
    fc.assert(
      fc.property(mutation, ({ plan, edits }) => {
        let text = plans[plan]!;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        checkPlan(text);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
  it('survives every truncation of the seed plan at line boundaries and mid-line', () => {
    const seed = plans[0]!;
    for (let at = 0; at < seed.length; at += 37) checkPlan(seed.slice(0, at));
  });
  it('survives random text and random bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8'))), (text) => {
        checkPlan(text);
        checkPlan(`# Beads Work Plan\n${text}`);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
  it('reads a huge tasks table', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| t-${i} | Task ${i} | e | ready | - | f${i}.ts | 0 |`);
    const text = ['# Beads Work Plan', '## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|-|-|-|-|-|-|-|', ...rows].join('\n');
    const plan = parsePlan(text);
    assert.equal(plan.tasks.length, 5000);
    assert.equal(plan.tasks[4999]!.line, 5003);
    checkPlan(text);
  });
});
