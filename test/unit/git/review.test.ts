import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, removeSandbox, write } from './helpers';
import { commitScope, proposeCommit } from '../../../src/git/approvedCommit';
import { reviewFiles, showHead } from '../../../src/git/review';
import { pathsOf, plannedFiles } from '../../../src/plan/rules/commitContents';
import { parsePlan } from '../../../src/plan/read/parse';
import { CANONICAL_PHASES } from '../fixtures';

after(removeSandbox);

const PLAN = '.beads/plans/plan.md';

/** A plan at the HARD STOP whose two tasks name a changed, a new, a deleted and an unchanged file, and one that is nowhere. */
function planText(): string {
  const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | orchestrator | ${n < 10 ? '✅ done' : '⏳ pending'} | |`);
  return [
    '# Beads Work Plan',
    'Session: r1',
    '',
    '## Phase Checklist',
    '| # | Phase | Agent | Status | Notes |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Tasks',
    '| ID | Title | Epic | Status | Worker | Files | Respawns |',
    '|---|---|---|---|---|---|---|',
    '| r-1 | Alpha | e | ✅ done | w | `src/a.ts`, `src/new.ts` | 0 |',
    '| r-2 | Beta | e | ✅ done | w | `src/gone.ts`, `src/same.ts`, `src/nowhere.ts` | 0 |',
    '',
  ].join('\n');
}

/** HEAD holds the plan in an earlier state and the tracked files; the work tree holds the work and an unrelated change. */
function repoWithWork(): string {
  const text = planText();
  const dir = makeRepo({
    [PLAN]: text.replace('| 9 | Summary & Wait | orchestrator | ✅ done |', '| 9 | Summary & Wait | orchestrator | ⏳ pending |'),
    'src/a.ts': 'export const a = 1;\n',
    'src/gone.ts': 'export const gone = true;\n',
    'src/same.ts': 'export const same = 0;\n',
    'notes.txt': 'notes\n',
  });
  write(dir, PLAN, text);
  write(dir, 'src/a.ts', 'export const a = 2;\n');
  write(dir, 'src/new.ts', 'export const added = 1;\n');
  rmSync(join(dir, 'src/gone.ts'));
  write(dir, 'notes.txt', 'notes, edited\n');
  return dir;
}

describe('Review Changes: what it shows', () => {
  it('takes exactly the files the commit takes, the plan included, and lists what the commit leaves out', async () => {
    const dir = repoWithWork();
    const planPath = join(dir, PLAN);
    const text = readFileSync(planPath, 'utf8');
    const proposed = await proposeCommit(planPath, text, 'planFiles', undefined);
    assert.ok(proposed.ok, JSON.stringify(proposed));
    const taken = await commitScope(planPath, plannedFiles(text, parsePlan(text)), 'planFiles');
    assert.ok(!('error' in taken), JSON.stringify(taken));
    assert.deepEqual(taken.files, proposed.proposal.files, 'the review and the commit take one list');
    assert.deepEqual(taken.files, ['src/a.ts', 'src/gone.ts', 'src/new.ts', PLAN]);
    assert.deepEqual(taken.prepared.leftOut, ['notes.txt']);
    assert.deepEqual(taken.prepared.missing, ['src/nowhere.ts']);
    assert.equal(taken.planFile, PLAN);
  });

  it('takes every change with the allChanges scope, as the commit does', async () => {
    const dir = repoWithWork();
    const planPath = join(dir, PLAN);
    const text = readFileSync(planPath, 'utf8');
    const proposed = await proposeCommit(planPath, text, 'allChanges', undefined);
    assert.ok(proposed.ok);
    const taken = await commitScope(planPath, plannedFiles(text, parsePlan(text)), 'allChanges');
    assert.ok(!('error' in taken));
    assert.deepEqual(taken.files, proposed.proposal.files);
    assert.ok(taken.files.includes('notes.txt'));
  });

  it("takes only a task's Files for Show Task Changes, without the plan", async () => {
    const dir = repoWithWork();
    const planPath = join(dir, PLAN);
    const task = parsePlan(readFileSync(planPath, 'utf8')).tasks[1]!;
    assert.deepEqual(pathsOf(task.files), ['src/gone.ts', 'src/same.ts', 'src/nowhere.ts']);
    const taken = await commitScope(planPath, pathsOf(task.files), 'planFiles', false);
    assert.ok(!('error' in taken));
    assert.deepEqual(taken.files, ['src/gone.ts']);
    assert.deepEqual(taken.prepared.missing, ['src/nowhere.ts']);
  });

  it('knows which side each file has: changed, added (not in HEAD), deleted (not on disk)', async () => {
    const dir = repoWithWork();
    const review = await reviewFiles(dir, ['src/a.ts', 'src/gone.ts', 'src/new.ts', PLAN]);
    assert.equal(review.head, git(dir, 'rev-parse', 'HEAD').trim());
    assert.deepEqual(review.files, [
      { path: 'src/a.ts', inHead: true, onDisk: true },
      { path: 'src/gone.ts', inHead: true, onDisk: false },
      { path: 'src/new.ts', inHead: false, onDisk: true },
      { path: PLAN, inHead: true, onDisk: true },
    ]);
  });

  it("reads HEAD's side from the commit the review was opened on, even after a later commit", async () => {
    const dir = repoWithWork();
    const { head } = await reviewFiles(dir, ['src/a.ts']);
    assert.equal(await showHead(dir, head!, 'src/a.ts'), 'export const a = 1;\n');
    assert.equal(await showHead(dir, head!, 'src/gone.ts'), 'export const gone = true;\n');
    git(dir, 'commit', '-qam', 'later');
    assert.equal(await showHead(dir, head!, 'src/a.ts'), 'export const a = 1;\n', 'still the reviewed HEAD');
    assert.equal((await reviewFiles(dir, ['src/a.ts'])).head, git(dir, 'rev-parse', 'HEAD').trim());
  });

  it('reads files whose names look like options or hold spaces, and refuses a commit that is not a hash', async () => {
    const dir = makeRepo({ '-n': 'dash\n', 'a b.txt': 'spaced\n' });
    const { head, files } = await reviewFiles(dir, ['-n', 'a b.txt']);
    assert.deepEqual(files.map((f) => f.inHead), [true, true]);
    assert.equal(await showHead(dir, head!, '-n'), 'dash\n');
    assert.equal(await showHead(dir, head!, 'a b.txt'), 'spaced\n');
    await assert.rejects(showHead(dir, '--output=/tmp/x', 'a b.txt'), /not a commit hash/);
  });

  it('takes every file as added in a repository without commits', async () => {
    const dir = makeRepo({});
    write(dir, 'first.ts', 'first\n');
    const review = await reviewFiles(dir, ['first.ts']);
    assert.equal(review.head, undefined);
    assert.deepEqual(review.files, [{ path: 'first.ts', inHead: false, onDisk: true }]);
  });
});
