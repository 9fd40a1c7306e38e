// The README's pre-commit hook, run by a real git: it refuses a commit while
// a plan is mid-flight, and lets the user-approved commit and a finished
// plan's later commits through.
import { git, hook, makeRepo, removeSandbox, snapshot, write } from '../git/helpers';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performCommit, proposeCommit } from '../../../src/git/approvedCommit';
import { applyEdits } from '../../../src/plan/write/edit';
import { fixture } from '../fixtures';
import { ROOT, cliScript } from './helpers';

after(removeSandbox);

/** The hook as the README shows it. */
const HOOK = /```sh\n(#!\/bin\/sh\n# pre-commit:[^]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1]!;
// The hook runs this checkout's command, from the repository it guards.
process.env.BEADS_PLAN = `${process.execPath} ${cliScript()}`;

const SEED = fixture('seed-split-brain.md');
const PLANNED = 'tests/bdd/django_adapter/test_database_backend.py';
const SUMMARY_ROW = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';

function guarded(plan: string): string {
  const repo = makeRepo({ '.beads/PLAN.md': plan, 'README.md': 'r\n' });
  hook(repo, 'pre-commit', HOOK.replace(/^#!\/bin\/sh\n/, ''));
  write(repo, PLANNED, 'def test_split_brain():\n    pass\n');
  return repo;
}

/** `git commit` as an agent runs it: its exit status and what it said. */
function agentCommit(repo: string, path: string): { ok: boolean; said: string } {
  git(repo, 'add', path);
  try {
    execFileSync('git', ['commit', '-q', '-m', 'agent commit'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, said: '' };
  } catch (e) {
    return { ok: false, said: String((e as { stderr?: string }).stderr) };
  }
}

describe('the README’s pre-commit hook', () => {
  it('refuses an agent’s commit while the plan is mid-flight, saying what blocks', () => {
    const repo = guarded(SEED.replace(SUMMARY_ROW, SUMMARY_ROW.replace('✅ done', '⏳ pending')));
    const head = git(repo, 'rev-parse', 'HEAD');
    const r = agentCommit(repo, PLANNED);
    assert.equal(r.ok, false);
    assert.match(r.said, /Commit refused: \.beads\/PLAN\.md is mid-flight/);
    assert.match(r.said, /\.beads\/PLAN\.md:20: error: Phase 9 Summary & Wait is ⏳ pending/);
    assert.equal(git(repo, 'rev-parse', 'HEAD'), head);
  });

  it('lets the user-approved commit through: it writes phase 10 done before git runs the hook', async () => {
    const repo = guarded(SEED);
    const planPath = join(repo, '.beads/PLAN.md');
    const proposed = await proposeCommit(planPath, SEED, 'planFiles', undefined);
    assert.ok(proposed.ok, JSON.stringify(proposed));
    const result = await performCommit(proposed.proposal, async (edit) => {
      const text = readFileSync(planPath, 'utf8');
      const r = edit(text);
      if (!r.ok) return { ok: false, reason: r.reason };
      writeFileSync(planPath, applyEdits(text, r.edits));
      return { ok: true };
    }, false);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort(), ['.beads/PLAN.md', PLANNED]);
  });

  for (const notes of ['waiting for the user (session 65c422f0)', 'ticket ab12cd3'])
    it(`refuses a mid-flight plan whatever its commit phase’s Notes say: "${notes}"`, () => {
      const midFlight = SEED.replace('| 3 | Execute Tasks | beads-task-worker | ✅ done |', '| 3 | Execute Tasks | beads-task-worker | 🔄 in progress |')
        .replace('| django-litefs-8oi | ready |', '| django-litefs-8oi | ❌ failed |')
        .replace('| ⏳ pending | after user says "commit" |', `| ⏳ pending | ${notes} |`);
      const repo = guarded(midFlight);
      const head = git(repo, 'rev-parse', 'HEAD');
      const r = agentCommit(repo, PLANNED);
      assert.equal(r.ok, false);
      assert.match(r.said, /Commit refused: \.beads\/PLAN\.md is mid-flight/);
      assert.match(r.said, /error: Phase 3 Execute Tasks is 🔄 in progress/);
      assert.equal(git(repo, 'rev-parse', 'HEAD'), head);
    });

  it('refuses an agent’s commit at the HARD STOP while the gate has doubts: they need the user', () => {
    const repo = guarded(SEED);
    const r = agentCommit(repo, PLANNED);
    assert.equal(r.ok, false);
    assert.match(r.said, /doubt: django-litefs-f8s is still "ready"/);
  });

  it('lets commits through once the plan is finished', () => {
    const repo = guarded(fixture('real/PLAN-v1.md'));
    assert.equal(agentCommit(repo, PLANNED).ok, true);
  });

  it('refuses a commit while a plan cannot be read as one', () => {
    const repo = guarded(SEED);
    write(repo, '.beads/plans/notes.md', '# Notes\n');
    const before = snapshot(repo);
    git(repo, 'add', PLANNED);
    assert.throws(() => git(repo, 'commit', '-q', '-m', 'x'), /not a Beads Work Plan/);
    assert.equal(git(repo, 'rev-parse', 'HEAD').trim(), before.head);
  });
});
