// The settled read against a real writer in another process that truncates
// and rewrites the file, and against scripted sequences of reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotSettled, grewByLines, readSettled } from '../../../src/files/stableRead';
import { unfinishedPlan } from '../../../src/plan/read/whole';

const judge = (bytes: Buffer) => unfinishedPlan(bytes.toString('utf8'));
const PLAN = '# Beads Work Plan\n\n## Execution Log\n- 2025-12-27T10:00: one\n';

/** A read that returns the given texts one after another, then the last one for ever. */
function reads(...texts: string[]): { read: () => Buffer; count: () => number } {
  let k = 0;
  return { read: () => Buffer.from(texts[Math.min(k++, texts.length - 1)]!), count: () => k };
}

describe('readSettled', () => {
  it('returns a text once two reads agree', async () => {
    const r = reads(PLAN);
    assert.equal((await readSettled(r.read, { judge })).toString(), PLAN);
    assert.equal(r.count(), 2);
  });

  it('waits through an empty and a half-written text', async () => {
    const r = reads(PLAN, '', '', PLAN.slice(0, 30), PLAN, PLAN);
    assert.equal((await readSettled(r.read, { judge, gapMs: 1 })).toString(), PLAN);
    assert.equal(r.count(), 6);
  });

  it('takes a text that only grew by whole lines without waiting for it to stop growing', async () => {
    const more = `${PLAN}- 2025-12-27T10:01: two\n`;
    const r = reads(PLAN, more, `${more}- 2025-12-27T10:02: three\n`);
    assert.equal((await readSettled(r.read, { judge })).toString(), more);
    assert.equal(r.count(), 2);
  });

  it('takes a plan without a final line break once it stays so', async () => {
    const r = reads(PLAN.trimEnd());
    const started = Date.now();
    assert.equal((await readSettled(r.read, { judge, gapMs: 2 })).toString(), PLAN.trimEnd());
    assert.ok(Date.now() - started >= 100);
  });

  it('gives up on a file that stays empty, saying so', async () => {
    await assert.rejects(readSettled(reads('').read, { judge, timeoutMs: 50 }), (e: unknown) => e instanceof NotSettled && !e.changing && e.reason === 'is empty');
  });

  it('gives up on a file that keeps changing', async () => {
    let k = 0;
    const changing = () => Buffer.from(`${PLAN}x${k++}`);
    await assert.rejects(readSettled(changing, { judge, timeoutMs: 50, gapMs: 1 }), (e: unknown) => e instanceof NotSettled && e.changing);
  });

  it('takes a whole text that is not a plan: the edit refuses it itself', async () => {
    assert.equal((await readSettled(reads('# Notes\n\ntext\n').read, { judge })).toString(), '# Notes\n\ntext\n');
  });
});

describe('grewByLines', () => {
  const b = (s: string) => Buffer.from(s);
  it('is true only for whole lines appended', () => {
    assert.equal(grewByLines(b('a\n'), b('a\nb\n')), true);
    assert.equal(grewByLines(b('a\r\n'), b('a\r\nb\r\n')), true);
    assert.equal(grewByLines(b('a\n'), b('a\nb')), false, 'a line being written');
    assert.equal(grewByLines(b('a'), b('ab\n')), false, 'the earlier read ended inside a line');
    assert.equal(grewByLines(b(''), b('a\n')), false, 'an empty read is no plan');
    assert.equal(grewByLines(b('a\n'), b('a\n')), false);
    assert.equal(grewByLines(b('a\n'), b('c\nb\n')), false);
  });
});
