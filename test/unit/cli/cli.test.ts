import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../src/cli/main';
import { FIXTURES } from '../fixtures';
import { cliSync } from './helpers';

const SEED = join(FIXTURES, 'seed-split-brain.md');

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The real command, as a terminal runs it: no stack trace may reach stderr. */
const cli = (...args: string[]) => cliSync(args);

describe('beads-plan json', () => {
  it('prints the documented keys with 0-based lines', async () => {
    const { code, out } = await capture(['json', SEED]);
    assert.equal(code, 0);
    const json = JSON.parse(out) as Record<string, unknown> & {
      phases: { number: number; status: string; line: number }[];
      tasks: { id: string; status: string; files: string[]; line: number }[];
      currentPhase: { written: unknown; derived: unknown };
    };
    for (const key of ['title', 'header', 'phases', 'currentPhase', 'tasks', 'validation', 'checklist', 'log', 'findings'])
      assert.ok(key in json, key);
    assert.deepEqual(json.phases[9], { number: 9, name: 'Summary & Wait', agent: 'orchestrator', status: 'done', statusText: '✅ done', notes: '**HARD STOP**', line: 19 });
    assert.deepEqual(json.currentPhase, { written: 3, writtenText: '3', derived: 10 });
    assert.equal(json.tasks[0]!.id, 'django-litefs-f8s');
    assert.equal(json.tasks[0]!.line, 102);
  });
});

describe('beads-plan show', () => {
  it('prints phases with marks, the current phase, tasks and findings', async () => {
    const { code, out } = await capture(['show', SEED]);
    assert.equal(code, 0);
    assert.match(out, /✓ 9\. Summary & Wait/);
    assert.match(out, /○ 10\. User-Approved Commit .*← current/);
    assert.match(out, /django-litefs-f8s +BDD step defs/);
    assert.match(out, /warning line 23: Current Phase says 3/);
  });
});

describe('beads-plan lint', () => {
  it('prints path:line: severity: message and exits 0 without errors', async () => {
    const { code, out } = await capture(['lint', SEED]);
    assert.equal(code, 0);
    assert.match(out, /seed-split-brain\.md:23: warning: Current Phase says 3/);
  });
  it('exits 1 when a file has an error finding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-'));
    writeFileSync(join(dir, 'x.md'), '# Not a plan\n');
    const { code, out } = await capture(['lint', join(dir, 'x.md')]);
    assert.equal(code, 1);
    assert.match(out, /x\.md:1: error: Not readable as a plan: the first heading "# Beads Work Plan" is missing/);
  });
});

describe('beads-plan on bad paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bp-'));
  const binary = join(dir, 'b.md');
  writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  const cases: ReadonlyArray<readonly [string, string[], RegExp]> = [
    ['a missing file', ['show', join(dir, 'nope.md')], /no such file/],
    ['a directory', ['json', dir], /is a directory/],
    ['a binary file', ['show', binary], /is a binary file/],
    ['an unknown command', ['frob'], /unknown command "frob"/],
    ['no arguments', [], /usage: beads-plan/],
  ];
  for (const [what, args, message] of cases)
    it(`gives one line and exit 2 for ${what}`, () => {
      const r = cli(...args);
      assert.equal(r.status, 2);
      assert.match(r.stderr + r.stdout, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  it('lint exits 2 when a file cannot be read, after linting the others', () => {
    const r = cli('lint', SEED, join(dir, 'nope.md'));
    assert.equal(r.status, 2);
    assert.match(r.stdout, /seed-split-brain\.md:23/);
    assert.match(r.stderr, /nope\.md: no such file/);
  });
});
