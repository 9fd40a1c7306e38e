import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, makeRepo, removeSandbox, snapshot, write } from './helpers';
import { findPlanCommit, performCommit, proposeCommit, type PlanApplier } from '../../../src/git/approvedCommit';
import { applyEdits } from '../../../src/plan/write/edit';
import { parsePlan } from '../../../src/plan/read/parse';
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
  it('commits exactly the planned files and the plan, with the plan’s trailers, and leaves nothing behind', async () => {
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
    assert.equal(
      git(dir, 'log', '-1', '--format=%B').trim(),
      `feat(django-litefs-8oi): BDD step defs - split-brain protection\n\nBeads-Plan: ${PLAN}\nBeads-Plan-Session: 65c422f0`,
    );
    assert.deepEqual(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n'), [PLAN, TASK_FILE]);
    assert.equal(git(dir, 'rev-parse', '--short', 'HEAD').trim(), result.shortHash);
    const inCommit = parsePlan(git(dir, 'show', `HEAD:${PLAN}`));
    assert.equal(inCommit.phases.at(-1)!.status, 'done', 'phase 10 done inside the commit');
    assert.equal(git(dir, 'status', '--porcelain', '--', PLAN).trim(), '', 'nothing is written into the plan after its commit');
    assert.equal(git(dir, 'status', '--porcelain', '--', 'unrelated.txt').trim(), '?? unrelated.txt', 'left-out file untouched');
    assert.deepEqual(await findPlanCommit(planPath), { shortHash: result.shortHash, subject: 'feat(django-litefs-8oi): BDD step defs - split-brain protection' });
  });

  it('refuses, naming phase 9, when the summary is pending; nothing is staged or written', async () => {
    const pending = READY.replace('| 9 | Summary & Wait | orchestrator | ✅ done |', '| 9 | Summary & Wait | orchestrator | ⏳ pending |');
    const dir = repoWithPlan(pending);
    const planPath = join(dir, PLAN);
    const proposed = await proposeCommit(planPath, pending, 'planFiles', undefined);
    assert.ok(!proposed.ok && 'blocks' in proposed);
    assert.match(proposed.blocks.map((r) => r.message).join('\n'), /Phase 9 Summary & Wait is ⏳ pending/);
    assert.equal(proposed.blocks[0]!.line, 19);
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

  it('shows the gate’s doubts, the plan edits the commit makes and the trailers that name the plan', async () => {
    const dir = repoWithPlan();
    const planPath = join(dir, PLAN);
    const now = new Date(2026, 0, 2, 3, 4);
    const proposed = await proposeCommit(planPath, READY, 'planFiles', undefined, now);
    assert.ok(proposed.ok, JSON.stringify(proposed));
    const { proposal } = proposed;
    assert.deepEqual(proposal.doubts.map((w) => [w.code, w.line]), [
      ['current-phase-mismatch', 22],
      ['task-pending', 102],
      ['review-warnings', 129],
    ]);
    assert.equal(proposal.planFile, PLAN);
    assert.deepEqual(proposal.planEdits, [
      'Phase 10 (User-Approved Commit): Status → ✅ done, Notes → committed on main',
      'Current Phase → 10',
      'Execution Log: 2026-01-02T03:04: User approved the commit on main',
    ]);
    assert.deepEqual(proposal.trailers, [`Beads-Plan: ${PLAN}`, 'Beads-Plan-Session: 65c422f0']);
  });

  it('commits nothing a plan’s Files entries would widen the commit to: the root, a directory, a glob', async () => {
    const plan = READY.replace(`| ${TASK_FILE} |`, `| ${TASK_FILE}, tests/../, x/../, src/, **/*.pem |`);
    assert.notEqual(plan, READY);
    const dir = repoWithPlan(plan);
    write(dir, 'src/x.ts', 'x\n');
    write(dir, 'id_rsa.pem', 'KEY\n');
    write(dir, 'keys/deploy.pem', 'KEY\n');
    const planPath = join(dir, PLAN);
    const proposed = await proposeCommit(planPath, plan, 'planFiles', undefined);
    assert.ok(proposed.ok, JSON.stringify(proposed));
    assert.deepEqual(proposed.proposal.prepared.notFiles.map((n) => `${n.entry} (${n.why})`), [
      'tests/../ (the repository root)',
      'x/../ (the repository root)',
      'src/ (a directory)',
      '**/*.pem (a glob)',
    ]);
    const result = await performCommit(proposed.proposal, fileApplier(planPath), false);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort(), [PLAN, TASK_FILE]);
    assert.deepEqual(
      git(dir, 'status', '--porcelain', '-uall').split('\n').filter((l) => l !== '').sort(),
      ['?? id_rsa.pem', '?? keys/deploy.pem', '?? src/x.ts', '?? unrelated.txt'],
    );
  });

  it('holds back a planned file that looks like a secret until the caller adds it', async () => {
    const plan = READY.replace(`| ${TASK_FILE} |`, `| ${TASK_FILE}, .env |`);
    const dir = repoWithPlan(plan);
    write(dir, '.env', 'TOKEN=x\n');
    const proposed = await proposeCommit(join(dir, PLAN), plan, 'planFiles', undefined);
    assert.ok(proposed.ok, JSON.stringify(proposed));
    assert.deepEqual(proposed.proposal.prepared.secrets, ['.env']);
    assert.ok(!proposed.proposal.files.includes('.env'));
    const result = await performCommit(proposed.proposal, fileApplier(join(dir, PLAN)), false);
    assert.ok(result.ok);
    assert.ok(!git(dir, 'show', '--name-only', '--format=', 'HEAD').includes('.env'));
  });

  const summaryRow = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';
  const validRow = '| django-litefs-f8s | yes | 4/4 | yes | ✅ |';
  const taskCell = '| django-litefs-8oi | ready |';
  const blockedPlans: ReadonlyArray<readonly [string, string, string]> = [
    ['a task that crashed', READY.replace(taskCell, '| django-litefs-8oi | crashed |'), 'task-unreadable'],
    ['a Valid cell "partial"', READY.replace(validRow, validRow.replace('✅', 'partial')), 'validation-unreadable'],
    ['a summary "done → pending"', READY.replace(summaryRow, summaryRow.replace('✅ done', 'done → pending')), 'phase-unreadable'],
    ['a summary "Done (not really)"', READY.replace(summaryRow, summaryRow.replace('✅ done', 'Done (not really)')), 'phase-unreadable'],
    ['a commit phase already committed', READY.replace('| 10 | User-Approved Commit | orchestrator | ⏳ pending |', '| 10 | User-Approved Commit | orchestrator | committed |'), 'already-committed'],
    ['a second Phase Checklist', `${READY}\n## Phase Checklist\n\n| # | Phase | Agent | Status | Notes |\n|---|---|---|---|---|\n| 9 | Summary & Wait | o | ⏳ pending | |\n`, 'second-table'],
  ];
  for (const [what, plan, code] of blockedPlans)
    it(`refuses ${what}, and leaves the repository and the plan as they were`, async () => {
      const dir = repoWithPlan(plan);
      const planPath = join(dir, PLAN);
      const before = snapshot(dir);
      const proposed = await proposeCommit(planPath, plan, 'planFiles', undefined);
      assert.ok(!proposed.ok && 'blocks' in proposed, JSON.stringify(proposed));
      assert.ok(proposed.blocks.some((b) => b.code === code), JSON.stringify(proposed.blocks));
      assert.deepEqual(snapshot(dir), before);
      assert.equal(readFileSync(planPath, 'utf8'), plan);
    });

  it('checks the gate again when it writes phase 10: a plan that changed since the proposal is not committed', async () => {
    const dir = repoWithPlan();
    const planPath = join(dir, PLAN);
    const proposed = await proposeCommit(planPath, READY, 'planFiles', undefined);
    assert.ok(proposed.ok);
    const changed = READY.replace(summaryRow, summaryRow.replace('✅ done', '⏳ pending'));
    writeFileSync(planPath, changed);
    const before = snapshot(dir);
    const result = await performCommit(proposed.proposal, fileApplier(planPath), false);
    assert.ok(!result.ok);
    assert.match(result.reason, /the gate blocks the commit: Phase 9 Summary & Wait is ⏳ pending/);
    assert.deepEqual(snapshot(dir), before);
    assert.equal(readFileSync(planPath, 'utf8'), changed);
  });
});
