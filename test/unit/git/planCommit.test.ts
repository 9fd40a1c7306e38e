import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, removeSandbox, write } from './helpers';
import { performCommit, proposeCommit, type PlanApplier } from '../../../src/git/planCommit';
import { applyEdits } from '../../../src/plan/edit';
import { parsePlan } from '../../../src/plan/parse';
import { fixture } from '../fixtures';

after(removeSandbox);

/** The seed plan has phases 0–9 done and 10 pending: ready for the user's commit. */
const READY = fixture('seed-split-brain.md');
const PLAN = '.beads/plans/plan.md';
const TASK_FILE = 'tests/bdd/django_adapter/test_database_backend.py';

function repoWithPlan(plan = READY): string {
  const dir = makeRepo({ 'README.md': 'hello\n', [PLAN]: plan });
  write(dir, TASK_FILE, 'def test_split_brain():\n    pass\n');
  write(dir, 'unrelated.txt', 'not in the plan\n');
  return dir;
}

/** Applies edits to the file on disk, as the CLI does. */
function fileApplier(path: string): PlanApplier {
  return async (edit) => {
    const text = readFileSync(path, 'utf8');
    const result = edit(text);
    if (!result.ok) return { ok: false, reason: result.reason };
    writeFileSync(path, applyEdits(text, result.edits));
    return { ok: true };
  };
}

describe('the user-approved commit of a plan', () => {
  it('commits exactly the planned files and the plan, then records the hash in phase 10', async () => {
    const dir = repoWithPlan();
    const planPath = join(dir, PLAN);
    const proposed = await proposeCommit(planPath, readFileSync(planPath, 'utf8'), 'planFiles', undefined);
    assert.ok(proposed.ok && 'proposal' in proposed, JSON.stringify(proposed));
    const { proposal } = proposed;
    assert.deepEqual([...proposal.files].sort(), [PLAN, TASK_FILE]);
    assert.deepEqual(proposal.prepared.leftOut, ['unrelated.txt']);
    assert.equal(proposal.message, 'feat(django-litefs-8oi): BDD step defs - split-brain protection');
    assert.equal(git(dir, 'diff', '--cached', '--name-only'), '', 'nothing staged by the proposal');

    const result = await performCommit(proposal, fileApplier(planPath), false);
    assert.ok(result.ok, JSON.stringify(result));
    const committed = git(dir, 'show', '--name-only', '--format=%s', 'HEAD').trim().split('\n');
    assert.deepEqual(committed, ['feat(django-litefs-8oi): BDD step defs - split-brain protection', '', PLAN, TASK_FILE]);
    assert.equal(git(dir, 'rev-parse', '--short', 'HEAD').trim(), result.shortHash);
    const inCommit = parsePlan(git(dir, 'show', `HEAD:${PLAN}`));
    assert.equal(inCommit.phases.at(-1)!.status, 'done', 'phase 10 done inside the commit');
    const now = parsePlan(readFileSync(planPath, 'utf8'));
    assert.equal(now.phases.at(-1)!.notes, result.shortHash);
    assert.match(now.log.at(-1)!.text, new RegExp(`^Committed ${result.shortHash} on main$`));
    assert.equal(git(dir, 'status', '--porcelain', '--', 'unrelated.txt').trim(), '?? unrelated.txt', 'left-out file untouched');
  });

  it('refuses, naming phase 9, when the summary is pending; nothing is staged or written', async () => {
    const pending = READY.replace('| 9 | Summary & Wait | orchestrator | ✅ done |', '| 9 | Summary & Wait | orchestrator | ⏳ pending |');
    const dir = repoWithPlan(pending);
    const planPath = join(dir, PLAN);
    const proposed = await proposeCommit(planPath, pending, 'planFiles', undefined);
    assert.ok(!proposed.ok && 'reasons' in proposed);
    assert.match(proposed.reasons.map((r) => r.message).join('\n'), /Phase 9 Summary & Wait is ⏳ pending/);
    assert.equal(proposed.reasons[0]!.line, 19);
    assert.equal(readFileSync(planPath, 'utf8'), pending);
    assert.equal(git(dir, 'status', '--porcelain', '--untracked-files=no'), '');
  });

  it('undoes the plan edit and leaves the index as it was when a pre-commit hook fails', async () => {
    const dir = repoWithPlan();
    const planPath = join(dir, PLAN);
    write(dir, '.git/hooks/pre-commit', '#!/bin/sh\necho "lint failed: trailing space" >&2\nexit 1\n');
    chmodSync(join(dir, '.git/hooks/pre-commit'), 0o755);
    const statusBefore = git(dir, 'status', '--porcelain');
    const proposed = await proposeCommit(planPath, READY, 'planFiles', undefined);
    assert.ok(proposed.ok && 'proposal' in proposed);
    const result = await performCommit(proposed.proposal, fileApplier(planPath), false);
    assert.ok(!result.ok);
    assert.match(result.output ?? result.reason, /lint failed: trailing space/);
    assert.equal(readFileSync(planPath, 'utf8'), READY, 'the plan is back to what it was');
    assert.equal(git(dir, 'status', '--porcelain'), statusBefore);
    assert.equal(git(dir, 'rev-list', '--count', 'HEAD').trim(), '1');
  });

  it('says there is nothing to commit when nothing the plan names changed', async () => {
    const dir = makeRepo({ 'README.md': 'x\n', [PLAN]: READY });
    const proposed = await proposeCommit(join(dir, PLAN), READY, 'planFiles', undefined);
    assert.ok(!proposed.ok && 'error' in proposed);
    assert.match(proposed.error, /nothing to commit/);
  });
});
