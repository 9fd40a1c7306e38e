// Parsing time grows linearly with the input on every shape that once made it
// super-linear (issue 19): each line kind and table cell carrying a long run
// of spaces, tabs, pipes, colons, dashes or brackets, and plans of many
// headings, conflict keys or rows (bench/pathological.ts). Times are ratios
// in this process, never absolute: a linear parser takes about 10× as long
// on 100 KB as on 10 KB, a quadratic one about 100×. They are this process's
// CPU time, so that other processes on a busy machine do not count.
import { cpuUsage } from 'node:process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../src/plan/read/parse';
import { pathologicalPlans } from '../../../bench/pathological';

const SMALL = 10 * 1024;
const LARGE = 100 * 1024;
// Between linear (10×) and quadratic (100×), at their geometric mean: wide enough that a busy
// machine's noise never crosses it, narrow enough that anything super-linear does.
const LIMIT = 32;
/**
 * A first ratio above this is measured again from the fastest of five runs on
 * each side: a collection or a busy moment only ever adds time, so the
 * minimum is the run that measured the parser alone. It is measured at three
 * times both sizes (30 KB → 300 KB): a 10 KB parse still runs in the young
 * generation and the CPU's caches, where a 100 KB one no longer does, which
 * made a linear input (many headings: 300 KB takes 3.2× its 100 KB) read up
 * to 34× between 10 and 100 KB, and 15–21× between 30 and 300 KB.
 */
const RECHECK = 14;
const RESCALE = 3;
const RUNS = 5;

/**
 * CPU milliseconds to parse `texts` one after another, every result kept alive
 * until the end. A plan of many parts is timed at 10 KB as ten parses, which
 * then hold as much memory as one 100 KB parse, so that the garbage
 * collector's share weighs alike on both sides (its first collections
 * otherwise fall on the large plan alone).
 */
function time(texts: readonly string[]): number {
  const kept: unknown[] = [];
  const start = cpuUsage();
  for (const text of texts) kept.push(parsePlan(text));
  const { user, system } = cpuUsage(start);
  assert.equal(kept.length, texts.length);
  return (user + system) / 1000;
}

function fastest(run: () => number): number {
  return Math.min(...Array.from({ length: RUNS }, run));
}

describe('parsing time', () => {
  it(`grows at most ${LIMIT}× over ten times the input (10 → 100 KB, rechecked at 30 → 300 KB) on every pathological input`, () => {
    const inputs = pathologicalPlans();
    assert.ok(inputs.length > 250, `${inputs.length} inputs`);
    for (const input of inputs.slice(0, 20)) parsePlan(input.plan(SMALL)); // warm up the parser
    const slow: string[] = [];
    for (const input of inputs) {
      const small = input.plan(SMALL);
      const large = input.plan(LARGE);
      assert.ok(large.length >= 9 * small.length, `${input.name}: ${small.length} → ${large.length} bytes`);
      const batchOf = (text: string) => Array<string>(input.many ? 10 : 1).fill(text);
      const batch = batchOf(small);
      const first = time([large]) / (time(batch) / batch.length);
      const ratio = (smaller: string, larger: string) => fastest(() => time([larger])) / (fastest(() => time(batchOf(smaller))) / batch.length);
      const r = first > RECHECK ? ratio(input.plan(SMALL * RESCALE), input.plan(LARGE * RESCALE)) : first;
      if (r > LIMIT) slow.push(`${input.name}: ${r.toFixed(1)}×`);
    }
    assert.deepEqual(slow, []);
  });
});
