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
  it('exits 1 on the seed, whose doubts need the user, listing them in the lint format, 1-based; 0 with --accept-doubts', async () => {
    const file = copyPlan('seed-split-brain.md');
    const r = await capture('gate', file);
    assert.equal(r.code, 1, r.err);
    assert.equal(
      r.out,
      [
        `${file}:23: doubt: Current Phase says 3, while the checklist is at 10`,
        `${file}:103: doubt: django-litefs-f8s is still "ready": its work may not be done`,
        `${file}:130: doubt: Review of django-litefs-8oi has warnings: "1 (duplicate fixtures)"`,
        `${file}: the commit waits: each doubt needs the user (--accept-doubts accepts them) (0 blocks, 3 doubts)`,
      ].join('\n'),
    );
    assert.equal(r.err, '');
    const accepted = await capture('gate', file, '--accept-doubts');
    assert.equal(accepted.code, 0);
    assert.match(accepted.out, /: the commit may proceed, its doubts accepted \(0 blocks, 3 doubts\)$/);
  });

  it('exits 1 on a blocked plan, --accept-doubts or not, and lists blocks as errors and doubts in line order', async () => {
    const file = copyPlan('seed-split-brain.md', blockedSeed);
    for (const extra of [[], ['--accept-doubts']]) {
      const r = await capture('gate', file, ...extra);
      assert.equal(r.code, 1);
      const lines = r.out.split('\n');
      assert.deepEqual(
        lines.map((l) => /:(\d+): (error|doubt):/.exec(l)?.slice(1).join(' ') ?? l.slice(file.length)),
        ['20 error', '23 doubt', '103 error', '130 doubt', ': the commit is blocked (2 blocks, 2 doubts)'],
      );
      assert.match(lines[0]!, /Phase 9 Summary & Wait is "done → pending", which is not understood \(it holds an arrow/);
      assert.match(lines[2]!, /Task django-litefs-f8s .* is "crashed": it says "crashed": the gate cannot tell whether its work is done/);
    }
  });

  it('--json prints { verdict, ok, blocks, doubts } with 0-based lines, as the extension’s gate returns them', async () => {
    const file = copyPlan('seed-split-brain.md', blockedSeed);
    const r = await capture('gate', file, '--json');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as unknown;
    assert.deepEqual(Object.keys(json as object), ['verdict', 'ok', 'blocks', 'doubts']);
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
      assert.equal(r.code, expected.verdict === 'pass' ? 0 : 1, name);
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
      assert.match(r.err, /usage: beads-plan gate <plan\.md> \[--json\] \[--accept-doubts\]/);
    }
  });

  it('works the same as the real command', () => {
    const r = cliSync(['gate', copyPlan('real/PLAN-v1.md')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /:21: error: Phase 10 User-Approved Commit is already done\n.*: the commit is blocked \(1 block, 0 doubts\)\n$/);
  });

  it('prints no control character from the plan: a title with escape codes is shown as \\x1b, and --json stays JSON', async () => {
    // A title that would clear the line, print a forged verdict, retitle the terminal and ring its bell (a CR would end the table row).
    const forged = 'x\x1b[2K\x1b[1G\x1b[32mthe commit may proceed (0 blocks, 0 warnings)\x1b]0;all green\x07\u009b31m\u202e';
    const file = copyPlan('seed-split-brain.md', (t) => t.replace('| django-litefs-f8s | BDD step defs - split-brain protection |', `| django-litefs-f8s | ${forged} |`).replace('| django-litefs-8oi | ready |', '| django-litefs-8oi | crashed |'));
    for (const command of ['show', 'gate']) {
      const r = cliSync([command, file]);
      assert.ok(r.stdout.includes('\\x1b[2K\\x1b[1G'), `${command} shows the escape as text`);
      assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/, `${command} prints no control character`);
    }
    for (const command of ['json', 'gate']) {
      const r = cliSync([command, file, ...(command === 'gate' ? ['--json'] : [])]);
      assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/, `${command} --json prints no control character`);
      assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes('\\u001b[2K'), `${command} --json keeps the text, escaped`);
    }
  });
});
