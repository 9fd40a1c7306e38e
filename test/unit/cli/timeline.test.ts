// `beads-plan timeline`: the same model the panel draws, as tables and as JSON.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { generateParallelPlan } from '../../../bench/generate';
import { parsePlan } from '../../../src/plan/read/parse';
import { buildTimeline, timelineToJson } from '../../../src/plan/timeline/model';
import { FIXTURES } from '../fixtures';
import { capture, cliSync, tempDir } from './helpers';

function parallelPlanFile(): string {
  const file = join(tempDir(), 'plan-parallel.md');
  writeFileSync(file, generateParallelPlan({ agent: true }).text);
  return file;
}

describe('beads-plan timeline', () => {
  it('prints the phases and every worker run with start, duration, turns and cost', async () => {
    const { code, out, err } = await capture('timeline', parallelPlanFile());
    assert.equal(err, '');
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], '0a11e1e1');
    assert.equal(lines[1], '  wall time 14 min 47 s from 2026-01-05T09:00:00Z · 7 worker runs (1 respawn) · 118 turns · cost $2.72 · slowest bwp-par.4 (6 min 33 s)');
    assert.deepEqual(lines.slice(lines.indexOf('Phases') + 1, lines.indexOf('Phases') + 6), [
      '  #   Phase                     Status       Start                 End                   Duration     Source',
      '  0   Initialize Plan           done         —                     2026-01-05T09:00:00Z  —            inferred',
      '  1   Discovery                 done         2026-01-05T09:00:00Z  2026-01-05T09:00:40Z  40 s         inferred',
      '  2   Update Plan               done         —                     —                     —',
      '  3   Execute Tasks             done         2026-01-05T09:01:00Z  2026-01-05T09:13:41Z  12 min 41 s  inferred',
    ]);
    const runs = lines.slice(lines.indexOf('Task runs') + 1);
    assert.equal(runs[0], '  Task       Run  Outcome  Start                 Duration    Turns  Cost   Source');
    assert.equal(runs.length, 1 + 7);
    assert.match(runs[4]!, /^ {2}bwp-par\.4 {2}1 {4}failed {3}2026-01-05T09:03:56Z {2}3 min 19 s {2}29 {5}\$0\.26 {2}stated$/);
    assert.match(runs[5]!, /^ {2}bwp-par\.4 {2}2 {4}done {5}2026-01-05T09:10:22Z/);
  });

  it('says what a coarse real log cannot tell', async () => {
    const { code, out } = await capture('timeline', join(FIXTURES, 'real', 'PLAN-v7.md'));
    assert.equal(code, 0);
    assert.match(out, /^work-001\n {2}wall time unknown \(the log has no times of day\) · 4 worker runs · cost not recorded\n/);
    assert.match(out, /\n {2}django-litefs-gth {5}1 {4}done {5}2025-12-26 {2}— {9}— {6}— {5}inferred\n/);
    const empty = await capture('timeline', join(FIXTURES, 'real', 'plan-4af13a61.md'));
    assert.match(empty.out, /Task runs\n {2}\(the log records no worker run\)$/);
  });

  it('prints the model as JSON with --json, before or after the path', async () => {
    const file = parallelPlanFile();
    const after = await capture('timeline', file, '--json');
    const before = await capture('timeline', '--json', file);
    assert.equal(after.code, 0);
    assert.equal(after.out, before.out);
    const json = JSON.parse(after.out) as ReturnType<typeof timelineToJson>;
    assert.deepEqual(json, JSON.parse(JSON.stringify(timelineToJson(buildTimeline(parsePlan(generateParallelPlan({ agent: true }).text))))));
    assert.equal(json.axis, 'time');
    assert.equal(json.tasks.flatMap((t) => t.runs).length, 7);
    assert.equal(json.totals.costUsd, 2.72);
  });

  it('gives one line and exit 2 for a missing plan, as the real command', () => {
    const missing = cliSync(['timeline', join(tempDir(), 'nope.md')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^beads-plan: .*nope\.md: no such file\n$/);
    const none = cliSync(['timeline', '--json']);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /usage: beads-plan/);
    const real = cliSync(['timeline', '--json', join(FIXTURES, 'seed-split-brain.md')]);
    assert.equal(real.status, 0);
    assert.equal((JSON.parse(real.stdout) as { totals: { wallMs: number } }).totals.wallMs, 60_000);
  });
});
