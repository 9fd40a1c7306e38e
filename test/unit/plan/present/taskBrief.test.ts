// The task's own details for a worker's prompt, from the real plans.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../../src/plan/read/parse';
import { findTask } from '../../../../src/plan/read/taskIds';
import { MAX_PART_CHARS, renderTaskBrief, taskBrief } from '../../../../src/plan/present/taskBrief';
import { PLAN_FILES, fixture } from '../../fixtures';

function brief(name: string, taskId: string) {
  const text = fixture(name);
  const plan = parsePlan(text);
  const task = findTask(plan.tasks, taskId);
  if (!task) throw new Error(`no task ${taskId} in ${name}`);
  return taskBrief(text, plan, task);
}

describe('taskBrief', () => {
  it("quotes the seed's row, its Task Details yaml block (description, acceptance criteria) and its dependency context", () => {
    const b = brief('seed-split-brain.md', 'django-litefs-f8s');
    assert.equal(
      b.row,
      [
        '| ID | Title | Epic | Status | Worker | Files | Respawns |',
        '|----|-------|------|--------|--------|-------|----------|',
        '| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | ready | - | tests/bdd/django_adapter/test_database_backend.py | 0 |',
      ].join('\n'),
    );
    assert.match(b.details, /^### Task Details\n```yaml\nTASK: django-litefs-f8s\n/);
    assert.match(b.details, /description: Add step definitions for split-brain protection scenarios/);
    assert.match(b.details, /acceptance_criteria:\n {4}- 4 split-brain protection scenarios implemented/);
    assert.match(b.details, /```$/);
    assert.ok(!b.details.includes('### Feature File'), 'other Discovery subsections stay out');
    assert.match(b.dependencyContext, /^### Dependency Context\n```yaml\nDEPENDENCY_CONTEXT:\n {2}django-litefs-5l8:/);
    assert.match(b.dependencyContext, /class FakeSplitBrainDetector:/);
  });

  it('gives each task of a multi-task plan its own `####` details only', () => {
    const four = brief('real/plan-1ddafa05.md', 'django-litefs-8oi.4');
    assert.match(four.details, /^#### django-litefs-8oi\.4: Transaction Mode\n/);
    assert.match(four.details, /Acceptance: default IMMEDIATE/);
    assert.ok(!four.details.includes('8oi.5') && !four.details.includes('Write Guarding'));
    assert.match(brief('real/plan-1ddafa05.md', 'django-litefs-8oi.6').details, /^#### django-litefs-8oi\.6: WAL Enforcement/);
    assert.match(four.dependencyContext, /All tasks depend on closed tasks/);
    const c7h = brief('real/plan-4c9e0d21.md', 'django-litefs-c7h.3');
    assert.match(c7h.details, /^#### django-litefs-c7h\.3: Inject LoggingPort/);
    assert.ok(!c7h.details.includes('FakeLoggingAdapter for testing'));
  });

  it('takes the sibling Description, Location and Acceptance Criteria of a one-task plan', () => {
    const b = brief('real/plan-a01dfc89.md', 'django-litefs-2zn.1');
    for (const heading of ['### Task Details', '### Description', '### Location', '### Acceptance Criteria']) assert.ok(b.details.includes(heading), heading);
    assert.ok(!b.details.includes('### Conflict Matrix') && !b.details.includes('### Baseline Test Status'));
  });

  it('renders the parts as prompt text, and says so when the plan gives no details', () => {
    const text = renderTaskBrief(brief('seed-split-brain.md', 'django-litefs-f8s'));
    assert.match(text, /^Its row in the plan's Tasks table:\n\| ID \| Title/);
    assert.match(text, /\n\n### Task Details\n/);
    assert.match(text, /\n\n### Dependency Context\n/);
    assert.equal(renderTaskBrief({ row: '', details: '', dependencyContext: '' }), 'The plan gives no Task Details for it.');
  });

  it('gives every task of every real plan a bounded brief with its row', () => {
    for (const name of PLAN_FILES) {
      const text = fixture(name);
      const plan = parsePlan(text);
      for (const task of plan.tasks) {
        const b = taskBrief(text, plan, task);
        assert.ok(b.row.split('\n').at(-1)!.includes(`| ${task.id} |`), `${name} ${task.id}: ${b.row}`);
        for (const part of [b.details, b.dependencyContext]) assert.ok(part.length <= MAX_PART_CHARS + 60, `${name} ${task.id}`);
      }
    }
  });

  it('cuts a huge Task Details section, saying where the rest is', () => {
    const text = fixture('seed-split-brain.md').replace('### Feature File', `${'- filler line of discovery notes\n'.repeat(400)}\n### Feature File`);
    const plan = parsePlan(text);
    const b = taskBrief(text, plan, plan.tasks[0]!);
    assert.ok(b.details.length <= MAX_PART_CHARS + 60);
    assert.match(b.details, /… \(cut here; the rest is in the plan\)$/);
  });
});
