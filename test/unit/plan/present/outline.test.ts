import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildOutline, capText, Ctx, shortTaskIds, DESCRIPTION_MAX, nodeAtLine, type OutlineNode } from '../../../../src/plan/present/outline';
import { generateParallelPlan } from '../../../../bench/generate';
import { needsUser } from '../../../../src/plan/rules/attention';
import { parsePlan } from '../../../../src/plan/read/parse';
import { phaseSummary, planLabel } from '../../../../src/plan/rules/summary';
import { PLAN_FILES, fixture } from '../../fixtures';

const ROOT = 'file:///ws/.beads/plans/plan.md';

function outline(name: string, opts: Partial<Parameters<typeof buildOutline>[2]> = {}): OutlineNode {
  return buildOutline(parsePlan(fixture(name)), ROOT, { fallbackLabel: 'plan.md', path: '.beads/plans/plan.md', ...opts });
}

function walk(n: OutlineNode): OutlineNode[] {
  return [n, ...n.children.flatMap(walk)];
}

describe('plan outline', () => {
  it('labels a plan by its target task and describes where it stands', () => {
    const root = outline('real/plan-4af13a61.md');
    assert.equal(root.label, '4af13a61');
    assert.equal(root.description, 'phase 10 of 11 · User-Approved Commit');
    assert.match(root.tooltip!, /\.beads\/plans\/plan\.md\nGenerated: 2025-12-27\nSession: 4af13a61/);
    // Named by its task, a plan reads as its task row does, the full id first in the tooltip.
    const seed = outline('seed-split-brain.md');
    assert.deepEqual([seed.label, seed.tooltip!.split('\n')[0]], ['f8s', 'django-litefs-f8s']);
  });
  it('shows on the plan node what the plan needs from its user: a state icon, the state, and why in the tooltip', () => {
    const plan = parsePlan(fixture('real/plan-4af13a61.md'));
    const root = buildOutline(plan, ROOT, { fallbackLabel: 'plan.md', path: '.beads/plans/plan.md', attention: needsUser(plan)! });
    assert.equal(root.description, 'awaiting approval, 7 doubts');
    assert.deepEqual(root.icon, { id: 'bell-dot', color: 'charts.yellow' });
    assert.match(root.tooltip!, /^\.beads\/plans\/plan\.md\nNeeds you: awaiting approval, 7 doubts \(3 tasks done, 7 doubts: .*\)\nphase 10 of 11 · User-Approved Commit\n/);
    const blocked = parsePlan(fixture('real/plan-4c9e0d21.md'));
    const node = buildOutline(blocked, ROOT, { fallbackLabel: 'plan.md', path: 'p.md', attention: needsUser(blocked)! });
    assert.deepEqual([node.description, node.icon?.id], ['blocked at the gate', 'warning']);
  });
  it('has the groups a reader expects, in order', () => {
    const root = outline('seed-split-brain.md');
    assert.deepEqual(
      root.children.map((g) => [g.label, g.description]),
      [
        ['Phases', '10 of 11 done'],
        ['Tasks', '0/1 done'],
        ['Validation', '1/1 valid'],
        ['Review', '1'],
        ['Findings', '1'],
      ],
    );
  });
  it('marks the current phase and gives each status its codicon', () => {
    const phases = outline('real/plan-1757b8ab.md').children[0]!.children;
    const byNumber = (n: number) => phases.find((p) => p.phaseNumber === n)!;
    assert.equal(byNumber(0).icon!.id, 'pass');
    assert.equal(byNumber(6).contextValue, 'phase;pending;current;advance;');
    assert.match(byNumber(6).description!, /← current/);
    assert.equal(byNumber(7).icon!.id, 'clock');
    assert.equal(byNumber(10).contextValue, 'phase;pending;commitPhase;');
    const skipped = outline('real/PLAN-v6.md').children[0]!.children.find((p) => p.phaseNumber === 5)!;
    assert.equal(skipped.icon!.id, 'circle-slash');
  });
  it('shows tasks with status, worker, respawns and files as children', () => {
    const tasks = outline('real/PLAN-v5.md').children.find((g) => g.group === 'tasks')!.children;
    assert.deepEqual(
      tasks.map((t) => [t.label, t.description, t.icon!.id, t.line]),
      [
        ['3b6.1', 'Fix missing import · orchestrator', 'pass', 58],
        ['3b6.2', 'Extract StaticLeaderElection · orchestrator', 'pass', 59],
        ['3b6.3', 'Protocol check in middleware · orchestrator', 'pass', 60],
        ['3b6.4', 'DI in AppConfig · worker-a31fdbb', 'pass', 61],
      ],
    );
    assert.deepEqual(tasks[1]!.children.map((f) => [f.kind, f.label, f.file]), [
      [Ctx.File, 'views.py', 'views.py'],
      [Ctx.File, 'adapters.py', 'adapters.py'],
    ]);
  });
  it('marks Commit and Run All Ready Workers as offered only where they can work', () => {
    const ctx = (name: string) => {
      const root = outline(name);
      const commit = root.children[0]!.children.find((p) => /commitPhase;/.test(p.contextValue))!;
      return [root.contextValue, commit.contextValue];
    };
    // At the HARD STOP with nothing blocking: Commit offered; no task ready.
    assert.deepEqual(ctx('real/plan-4a943277.md'), ['plan;commitable;', 'phase;pending;current;commitPhase;commitable;']);
    // At Execute Tasks with three ready tasks: the gate blocks; workers can run.
    assert.deepEqual(ctx('real/plan-1ddafa05.md'), ['plan;advance;hasReady;', 'phase;pending;commitPhase;']);
  });
  it('labels a task by the short id the plan uses, the full id in the tooltip; a collision keeps the whole id', () => {
    assert.deepEqual(
      [...shortTaskIds(['django-litefs-8oi.4', 'django-litefs-f8s', '3b6.1', 'work-003', 'a-x1', 'b-x1']).values()],
      ['8oi.4', 'f8s', '3b6.1', '003', 'a-x1', 'b-x1'],
    );
    const task = outline('seed-split-brain.md').children.find((g) => g.group === 'tasks')!.children[0]!;
    assert.equal(task.label, 'f8s');
    assert.equal(task.description, 'BDD step defs - split-brain protection');
    assert.match(task.tooltip!, /^django-litefs-f8s: BDD step defs - split-brain protection\n/);
  });
  it('flags ready and running tasks in their context value, with elapsed time', () => {
    const root = outline('seed-split-brain.md', { running: new Map([['django-litefs-f8s', { started: 1_000 }]]), now: 66_000 });
    const task = root.children.find((g) => g.group === 'tasks')!.children[0]!;
    assert.equal(task.contextValue, 'task;pending;running;');
    assert.equal(task.icon!.id, 'sync~spin');
    assert.equal(task.description, 'running 1m05s · BDD step defs - split-brain protection');
    const idle = outline('seed-split-brain.md').children.find((g) => g.group === 'tasks')!.children[0]!;
    assert.equal(idle.contextValue, 'task;pending;ready;');
  });
  it('says on the plan row how many workers run, before the phase; what needs the user still comes first', () => {
    const running = (ids: string[]) => new Map(ids.map((id) => [id, { started: 0 }]));
    const two = outline('real/plan-1ddafa05.md', { running: running(['django-litefs-8oi.4', 'django-litefs-8oi.5']), now: 1000 });
    assert.equal(two.description, '2 running · phase 3 of 11 · Execute Tasks');
    assert.equal(outline('real/plan-1ddafa05.md').description, 'phase 3 of 11 · Execute Tasks');
    // A task id of another plan running counts for that plan only.
    assert.equal(outline('real/plan-1ddafa05.md', { running: running(['django-litefs-f8s']) }).description, 'phase 3 of 11 · Execute Tasks');
    const waiting = parsePlan(fixture('real/plan-4af13a61.md'));
    const busy = buildOutline(waiting, ROOT, { fallbackLabel: 'p', path: 'p', attention: needsUser(waiting)!, running: running([waiting.tasks[0]!.id]) });
    assert.equal(busy.description, 'awaiting approval, 7 doubts');
  });
  it("shows a stream-json worker's current step and its last steps, and a silent one as stalled", () => {
    const seedTask = (opts: Partial<Parameters<typeof buildOutline>[2]>) => outline('seed-split-brain.md', opts).children.find((g) => g.group === 'tasks')!.children[0]!;
    const recent = ['Read database_backend.feature', 'Edit test_database_backend.py', 'Bash: pytest -q tests/bdd'];
    const busy = seedTask({ running: new Map([['django-litefs-f8s', { started: 0, step: recent[2], recent }]]), now: 123_000 });
    assert.equal(busy.description, 'Bash: pytest -q tests/bdd · 2m03s · BDD step defs - split-brain protection');
    assert.match(busy.tooltip!, /Running for 2m03s: Bash: pytest -q tests\/bdd\nRecent steps:\n  Read database_backend.feature\n  Edit test_database_backend.py\n  Bash: pytest -q tests\/bdd/);
    const stalled = seedTask({ running: new Map([['django-litefs-f8s', { started: 0, step: recent[2], recent, silentSince: 100_000 }]]), now: 700_000 });
    // Cut to the sidebar's width so that the elapsed time stays in view; the tooltip has the whole step.
    assert.equal(stalled.description, 'stalled 10m · Bash: pytest… · 11m40s · BDD step defs - split-brain protection');
    assert.match(stalled.tooltip!, /Running for 11m40s: Bash: pytest -q tests\/bdd\n/);
    assert.equal(stalled.icon!.id, 'warning');
    assert.match(stalled.tooltip!, /Stalled: no output for 10m/);
    assert.equal(stalled.contextValue, 'task;pending;running;');
  });
  it('offers Resume for a failed task whose last run names a session, and gives the failure reason in the tooltip', () => {
    const text = fixture('seed-split-brain.md')
      .replace('| ready | - |', '| ❌ failed | worker-f8s |')
      .replace(
        '- 2025-12-26T23:31: Discovery complete (6 haiku agents)',
        '- 2025-12-26T23:31: Discovery complete (6 haiku agents)\n- 2025-12-26T23:32: Worker started for django-litefs-f8s\n' +
          '- 2025-12-26T23:40: Worker for django-litefs-f8s failed: stopped at the turn limit (40 turns) (8 min) · 40 turns · $1.20 · session 3f2a9c1e-0000-4000-8000-000000000001',
      );
    const task = buildOutline(parsePlan(text), ROOT, { fallbackLabel: '', path: '' }).children.find((g) => g.group === 'tasks')!.children[0]!;
    assert.equal(task.contextValue, 'task;failed;ready;resumable;workerRan;');
    assert.match(task.tooltip!, /Last worker run: failed: stopped at the turn limit \(40 turns\) \(session 3f2a9c1e-0000-4000-8000-000000000001\)$/);
    const plain = text.replace(/ · 40 turns · \$1\.20 · session \S+/, '');
    const noSession = buildOutline(parsePlan(plain), ROOT, { fallbackLabel: '', path: '' }).children.find((g) => g.group === 'tasks')!.children[0]!;
    assert.equal(noSession.contextValue, 'task;failed;ready;workerRan;');
  });
  it('gives a cancelled task its own icon, apart from failed and skipped', () => {
    const task = (status: string) =>
      buildOutline(parsePlan(fixture('seed-split-brain.md').replace('| ready | - |', `| ${status} | worker-f8s |`)), ROOT, { fallbackLabel: '', path: '' }).children.find(
        (g) => g.group === 'tasks',
      )!.children[0]!;
    const cancelled = task('⏹ cancelled');
    assert.deepEqual(cancelled.icon, { id: 'debug-stop', color: 'descriptionForeground' });
    // Still failed for what may run next: a cancelled task is ready to run again.
    assert.equal(cancelled.contextValue, 'task;failed;ready;');
    assert.equal(task('❌ failed').icon!.id, 'error');
    assert.equal(task('⏭️ skipped').icon!.id, 'circle-slash');
    assert.notEqual(cancelled.icon!.id, 'circle-slash');
  });
  it("describes a finished task by its last run's recorded duration, not while it runs again", () => {
    const text = generateParallelPlan({ pending: 1 }).text;
    const tasks = (opts: Partial<Parameters<typeof buildOutline>[2]> = {}) =>
      buildOutline(parsePlan(text), ROOT, { fallbackLabel: 'plan.md', path: 'plan.md', ...opts }).children.find((g) => g.group === 'tasks')!.children;
    assert.deepEqual(
      tasks().map((t) => t.description!.replace(/^[^·]+ · /, '')),
      ['worker-1 · last run 2 min 56 s', 'worker-2 · last run 3 min 50 s', 'worker-3 · last run 1 min 29 s', 'worker-4 · respawns 1 · last run 4 min', 'worker-5 · last run 2 min 23 s', 'Write BDD steps for FakeHealthChecker'],
    );
    assert.equal(tasks({ running: new Map([['bwp-par.1', { started: 0 }]]), now: 2000 })[0]!.description, 'running 2s · Add LivenessResult value object · worker-1');
    // An orchestrator's "Worker q29.11 complete" says when, not how long.
    const v7 = buildOutline(parsePlan(fixture('real/PLAN-v7.md')), ROOT, { fallbackLabel: 'p', path: 'p' });
    assert.ok(v7.children.find((g) => g.group === 'tasks')!.children.every((t) => !t.description!.includes('last run')));
  });
  it('keeps every description of every real plan readable at the default sidebar width, the details in the tooltip', () => {
    for (const name of PLAN_FILES)
      // A task's description goes on with its title, which the row cuts where the sidebar ends; what leads it is checked below.
      for (const n of walk(outline(name))) if (n.kind !== Ctx.Task) assert.ok([...(n.description ?? '')].length <= DESCRIPTION_MAX, `${name}: ${n.kind} "${n.description}"`);
    const validation = outline('real/PLAN-v1.md').children.find((g) => g.group === 'validation')!.children[0]!;
    assert.equal(validation.description, 'tests yes · passed yes · types yes');
    assert.equal(
      validation.tooltip,
      'django-litefs-paa: Add event emission to FailoverCoordinator\nValid: ✅ (read as valid)\nTests run: yes (340 tests)\nTests passed: yes\nTypes passed: yes (pre-existing yaml stubs)',
    );
    // Too long with each cell's first clause: each cell's first word.
    const v5 = outline('real/PLAN-v5.md').children.find((g) => g.group === 'validation')!.children;
    assert.ok(v5.some((v) => v.description === 'tests ✅ · passed ✅ · types n/a'), JSON.stringify(v5.map((v) => v.description)));
    const review = outline('seed-split-brain.md').children.find((g) => g.group === 'review')!.children[0]!;
    assert.equal(review.description, 'opus · PASS · warnings 1');
    assert.match(review.tooltip!, /Warnings: 1 \(duplicate fixtures\)/);
  });
  it("cuts a phase's long notes to their first clause, whole in the tooltip", () => {
    const notes = 'all 6 workers done (3 respawns) - see the Execution Log for the retries of worker-a31fdbb';
    const text = fixture('real/PLAN-v5.md');
    const phase = (t: string) => buildOutline(parsePlan(t), ROOT, { fallbackLabel: '', path: '' }).children[0]!.children.find((p) => p.phaseNumber === 3)!;
    const before = phase(text);
    const row = text.split('\n')[before.line!]!;
    const cells = row.split('|');
    cells[cells.length - 2] = ` ${notes} `;
    const lines = text.split('\n');
    lines[before.line!] = cells.join('|');
    const after = phase(lines.join('\n'));
    assert.equal(after.description, 'all 6 workers done');
    assert.match(after.tooltip!, new RegExp(`Notes: ${notes.replace(/[()]/g, '\\$&')}`));
  });
  it('caps text by code points, with an ellipsis, never splitting an emoji', () => {
    assert.equal(capText('short'), 'short');
    assert.equal(capText('a'.repeat(50)), `${'a'.repeat(DESCRIPTION_MAX - 1)}…`);
    assert.equal(capText('✅ ✅ ✅ ✅', 4), '✅ ✅…');
  });
  it('hides finished tasks when filtered to open tasks', () => {
    const tasks = (opts: { openTasksOnly: boolean }) => outline('real/plan-4af13a61.md', opts).children.find((g) => g.group === 'tasks')!;
    assert.equal(tasks({ openTasksOnly: false }).children.length, 3);
    assert.equal(tasks({ openTasksOnly: true }).children.length, 0);
  });
  it('builds stable ids from the parent and the identity, unique in every real plan', () => {
    for (const name of PLAN_FILES) {
      const nodes = walk(outline(name));
      const ids = nodes.map((n) => n.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: duplicate ids`);
      for (const n of nodes) if (n.parent) assert.ok(n.id.startsWith(`${n.parent.id}/`), n.id);
    }
    const a = outline('seed-split-brain.md').children[1]!.children[0]!.id;
    assert.equal(a, `${ROOT}/tasks/django-litefs-f8s`);
  });
  it('keeps ids when rows move: a task keeps its id after a row is inserted above it', () => {
    const text = fixture('seed-split-brain.md');
    const moved = text.replace('| django-litefs-f8s |', '| new-1 | x | e | ready | - | - | 0 |\n| django-litefs-f8s |');
    const before = buildOutline(parsePlan(text), ROOT, { fallbackLabel: '', path: '' }).children[1]!.children[0]!;
    const after = buildOutline(parsePlan(moved), ROOT, { fallbackLabel: '', path: '' }).children[1]!.children.find((t) => t.taskId === 'django-litefs-f8s')!;
    assert.equal(after.id, before.id);
    assert.equal(after.line, before.line! + 1);
  });
  it('finds the node on a cursor line', () => {
    const root = outline('seed-split-brain.md');
    assert.equal(nodeAtLine(root, 102)!.taskId, 'django-litefs-f8s');
    assert.equal(nodeAtLine(root, 19)!.phaseNumber, 9);
    assert.equal(nodeAtLine(root, 6)!.group, 'phases');
    assert.equal(nodeAtLine(root, 3), undefined);
  });
});

describe('plan summary', () => {
  it('says complete when every phase is done, and falls back to written words without a checklist', () => {
    assert.equal(phaseSummary(parsePlan(fixture('real/PLAN-v1.md'))).text, 'complete');
    assert.equal(phaseSummary(parsePlan(fixture('real/PLAN-v7.md'))).text, 'awaiting_approval');
    assert.equal(planLabel(parsePlan(fixture('real/PLAN-v7.md'))), 'work-001');
  });
  it('trusts the checklist when the written current phase disagrees', () => {
    assert.equal(phaseSummary(parsePlan(fixture('seed-split-brain.md'))).text, 'phase 10 of 11 · User-Approved Commit');
  });
  it('counts phase n of m, m the phases of the checklist, the commit phase included', () => {
    const seed = phaseSummary(parsePlan(fixture('seed-split-brain.md')));
    assert.deepEqual([seed.count, seed.done, seed.title, seed.doneText], [11, 10, 'Phase 10 of 11 · User-Approved Commit', '10 of 11 done']);
    // 9 done, 10 not started: the checklist is at the commit phase, though the plan writes the stop it waits at.
    assert.equal(phaseSummary(parsePlan(fixture('real/PLAN-v2.md'))).text, 'phase 10 of 11 · User-Approved Commit');
    // A skipped phase counts as finished, in the text and in the count alike.
    assert.equal(phaseSummary(parsePlan(fixture('real/PLAN-v6.md'))).doneText, '10 of 11 done');
  });
  it('marks as current the phase the checklist derives, not a written one that is already done', () => {
    const plan = parsePlan(fixture('real/plan-0538d886.md'));
    assert.equal(phaseSummary(plan).text, 'phase 1 of 11 · Discovery');
    const phases = buildOutline(plan, ROOT, { fallbackLabel: 'plan.md', path: 'p.md' }).children[0]!.children;
    assert.deepEqual(phases.filter((p) => p.description?.includes('← current')).map((p) => p.phaseNumber), [1]);
  });
});
