// `beads-plan gate`: the editor's commit gate for agents, hooks and CI.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkGate } from '../../../src/plan/rules/gate';
import { parsePlan } from '../../../src/plan/read/parse';
import { PLAN_FILES, fixture } from '../fixtures';
import { capture, cliSync, copyPlan, tempDir } from './helpers';

const SUMMARY_ROW = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';
const blockedSeed = (t: string): string =>
  t.replace(SUMMARY_ROW, SUMMARY_ROW.replace('✅ done', 'done → pending')).replace('| django-litefs-8oi | ready |', '| django-litefs-8oi | crashed |');

describe('beads-plan gate', () => {
  it('exits 0 on the seed and lists its warnings in the lint format, 1-based, then says the commit may proceed', async () => {
    const file = copyPlan('seed-split-brain.md');
    const r = await capture('gate', file);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        `${file}:23: warning: Current Phase says 3, but the checklist's first unfinished phase is 10`,
        `${file}:103: warning: Task django-litefs-f8s (BDD step defs - split-brain protection) is still ⏳ pending ("ready"): its work may not be done`,
        `${file}: the commit may proceed (0 blocks, 2 warnings)`,
      ].join('\n'),
    );
    assert.equal(r.err, '');
  });

  it('exits 1 on a blocked plan and lists blocks as errors and warnings in line order', async () => {
    const file = copyPlan('seed-split-brain.md', blockedSeed);
    const r = await capture('gate', file);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n');
    assert.deepEqual(
      lines.map((l) => /:(\d+): (error|warning):/.exec(l)?.slice(1).join(' ') ?? l.slice(file.length)),
      ['20 error', '23 warning', '103 error', ': the commit is blocked (2 blocks, 1 warning)'],
    );
    assert.match(lines[0]!, /Phase 9 Summary & Wait is "done → pending", which is not understood \(it holds an arrow/);
    assert.match(lines[2]!, /Task django-litefs-f8s .* is "crashed", which is not understood/);
  });

  it('--json prints { ok, blocks, warnings } with 0-based lines, as the extension’s gate returns them', async () => {
    const file = copyPlan('seed-split-brain.md', blockedSeed);
    const r = await capture('gate', file, '--json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as unknown;
    assert.deepEqual(Object.keys(json as object), ['ok', 'blocks', 'warnings']);
    const expected = checkGate(parsePlan(blockedSeed(fixture('seed-split-brain.md'))));
    assert.deepEqual(json, expected);
    assert.deepEqual(
      expected.blocks.map((b) => [b.code, b.line]),
      [
        ['phase-unreadable', 19],
        ['task-unreadable', 102],
      ],
    );
  });

  it('answers as the editor’s gate does on every real plan', async () => {
    for (const name of PLAN_FILES) {
      const file = copyPlan(name);
      const r = await capture('gate', file, '--json');
      const expected = checkGate(parsePlan(fixture(name)));
      assert.equal(r.code, expected.ok ? 0 : 1, name);
      assert.deepEqual(JSON.parse(r.out), expected, name);
    }
  });

  const unreadable: ReadonlyArray<readonly [string, () => string, RegExp]> = [
    ['a missing file', () => join(tempDir(), 'none.md'), /no such file/],
    ['a directory', () => tempDir(), /is a directory/],
    [
      'a file that is not a plan',
      () => {
        const file = join(tempDir(), 'notes.md');
        writeFileSync(file, '# Notes\n\nNothing to see.\n');
        return file;
      },
      /not a Beads Work Plan/,
    ],
  ];
  for (const [what, path, message] of unreadable)
    it(`exits 2 with one line for ${what}`, async () => {
      const r = await capture('gate', path());
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 1);
      assert.equal(r.out, '');
    });

  it('exits 2 on a usage error', async () => {
    for (const args of [[], ['a.md', 'b.md'], ['--bogus', 'a.md']]) {
      const r = await capture('gate', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /usage: beads-plan gate <plan\.md> \[--json\]/);
    }
  });

  it('works the same as the real command', () => {
    const r = cliSync(['gate', copyPlan('real/PLAN-v1.md')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /:21: error: Phase 10 User-Approved Commit is already done\n.*: the commit is blocked \(1 block, 0 warnings\)\n$/);
  });
});
