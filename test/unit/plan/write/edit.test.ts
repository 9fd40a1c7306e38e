import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addReview,
  addTask,
  advancePhase,
  appendLog,
  applyEdits,
  combine,
  setChecklistItem,
  setCurrentPhase,
  setPhase,
  setSectionStatus,
  setTaskCells,
  upsertValidation,
  type EditResult,
} from '../../../../src/plan/write/edit';
import { parsePlan } from '../../../../src/plan/read/parse';
import { cellValue, displayWidth, isAligned } from '../../../../src/plan/write/tableEdit';
import { diffEdits, replacement } from '../../../../src/plan/write/textEdit';
import { fixture } from '../../fixtures';

const SEED = fixture('seed-split-brain.md');

function applied(text: string, result: EditResult): string {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return applyEdits(text, result.edits);
}

/** The lines that differ between `before` and the edited text: where, what went, what came. */
function change(before: string, result: EditResult): { at: number; removed: string[]; added: string[] } {
  const a = before.replace(/^\uFEFF/, '').split(/\r\n|\n/);
  const b = applied(before, result).replace(/^\uFEFF/, '').split(/\r\n|\n/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { at: head, removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

function refused(result: EditResult, pattern: RegExp): void {
  assert.equal(result.ok, false);
  if (!result.ok) assert.match(result.reason, pattern);
}

// Unaligned, LF, no emoji: the phases and tasks write plain words.
const PLAN = [
  '# Beads Work Plan',
  'Session: t1',
  '',
  '## Phase Checklist',
  '',
  '| # | Phase | Agent | Status | Notes |',
  '|---|-------|-------|--------|-------|',
  '| 0 | Initialize Plan | orchestrator | done | |',
  '| 1 | Discovery | haiku | in_progress | busy |',
  '| 2 | Summary & Wait | orchestrator | pending ||',
  '| 3 | User-Approved Commit | orchestrator | pending | |',
  '',
  '**Current Phase: 1 (discovering)**',
  '',
  '## Tasks',
  '| ID | Title | Epic | Status | Worker | Files | Respawns |',
  '|----|-------|------|--------|--------|-------|----------|',
  '| t-1 | One | e | ready | - | a.ts | 0 |',
  '| t-2 | Two | e | worker_done | w | b.ts |',
  '',
  '## Execution Log',
  '- **2025-12-26T11:06:00Z**: started',
  '  continued here',
  '',
  '## Final Verification',
  '- [x] Tests pass',
  '- [ ] Lint clean',
  '- [ ] Lint warnings',
  '',
].join('\n');

// A table a formatter aligned: emoji count two columns.
const ALIGNED = [
  '# Beads Work Plan',
  '',
  '## Phase Checklist',
  '',
  '| #   | Phase           | Agent        | Status     | Notes |',
  '| --- | --------------- | ------------ | ---------- | ----- |',
  '| 0   | Initialize Plan | orchestrator | ✅ done    |       |',
  '| 1   | Discovery       | haiku        | ⏳ pending |       |',
  '| 2   | Summary         | orchestrator | ⏳ pending |       |',
  '',
  '## Tasks',
  '',
  '| ID     | Title | Epic | Status  | Worker | Files | Respawns |',
  '|--------|-------|------|---------|--------|-------|----------|',
  '| auth-1 | Login | auth | ready   | -      | a.ts  | 0        |',
  '| auth-2 | Out   | auth | pending | w-2    | b.ts  | 1        |',
  '',
].join('\n');

describe('applyEdits', () => {
  it('applies replacements given in any order, insertions at one point in their given order', () => {
    const text = 'abc\ndef\nghi';
    const edits = [replacement(2, 0, 1, 'G'), replacement(0, 1, 2, 'B'), replacement(1, 3, 3, '1'), replacement(1, 3, 3, '2')];
    assert.equal(applyEdits(text, edits), 'aBc\ndef12\nGhi');
  });
  it('counts positions without the BOM, keeps it, and keeps CRLF', () => {
    const text = '\uFEFFab\r\ncd\r\n';
    assert.equal(applyEdits(text, [replacement(1, 1, 2, 'X'), replacement(0, 0, 0, '>')]), '\uFEFF>ab\r\ncX\r\n');
  });
  it('clamps past the end of a line or of the text, like VS Code', () => {
    assert.equal(applyEdits('ab\ncd', [replacement(0, 9, 9, '!')]), 'ab!\ncd');
    assert.equal(applyEdits('ab\ncd', [replacement(7, 0, 0, '!')]), 'ab\ncd!');
  });
  it('rejects overlapping ranges', () => {
    assert.throws(() => applyEdits('abcdef', [replacement(0, 0, 3, 'x'), replacement(0, 2, 4, 'y')]), RangeError);
  });
});

describe('diffEdits', () => {
  it('finds per-line, character-narrowed replacements', () => {
    const before = 'a\r\n| x | ready |\r\nb\r\nc\r\n';
    const after = 'a\r\n| x | done |\r\nb\r\nnew\r\nc\r\n';
    const edits = diffEdits(before, after);
    assert.deepEqual(edits, [replacement(1, 6, 11, 'done'), replacement(3, 0, 0, 'new\r\n')]);
    assert.equal(applyEdits(before, edits), after);
  });
  it('never cuts between CR and LF', () => {
    const before = 'x\r\ny';
    const after = 'x\ny';
    assert.equal(applyEdits(before, diffEdits(before, after)), after);
  });
});

describe('cell text', () => {
  it('escapes pipes and the backslashes that would escape, flattens newlines', () => {
    assert.equal(cellValue(' a|b \\| c\nd\r\ne '), 'a\\|b \\\\\\| c d e');
    assert.equal(cellValue('src\\a.ts \\* end\\'), 'src\\a.ts \\\\* end\\\\');
  });
  it('escapes only pipes inside code spans, and writes a code span holding `\\|` as plain text', () => {
    assert.equal(cellValue('`a|b\\*` and `c`'), '`a\\|b\\*` and `c`');
    assert.equal(cellValue('`a\\|b`'), '\\`a\\\\\\|b\\`');
  });
  it('measures emoji as two columns, selectors as none', () => {
    assert.equal(displayWidth('✅ done'), 7);
    assert.equal(displayWidth('⚠️ blocked'), 10);
    assert.equal(displayWidth('🔄 x'), 4);
  });
  it('tells aligned tables from single-spaced ones', () => {
    const aligned = parsePlan(ALIGNED);
    assert.equal(isAligned(aligned.phaseTable!, ALIGNED.split('\n')), true);
    assert.equal(isAligned(aligned.taskTable!, ALIGNED.split('\n')), true);
    assert.equal(isAligned(parsePlan(SEED).phaseTable!, SEED.split('\n')), false);
  });
});

describe('setTaskCells', () => {
  it('writes the seed task status in the checklist emoji style, worker and respawns', () => {
    assert.deepEqual(change(SEED, setTaskCells(SEED, 'django-litefs-f8s', { status: 'in_progress', worker: 'w-1', respawns: '+1' })), {
      at: 102,
      removed: [
        '| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | ready | - | tests/bdd/django_adapter/test_database_backend.py | 0 |',
      ],
      added: [
        '| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | 🔄 in progress | w-1 | tests/bdd/django_adapter/test_database_backend.py | 1 |',
      ],
    });
  });
  it('resolves a short id and replaces only the cell text', () => {
    const result = setTaskCells(SEED, 'f8s', { status: 'done' });
    assert.ok(result.ok);
    assert.deepEqual(result.edits, [replacement(102, 83, 88, '✅ done')]);
    assert.equal(result.summary, 'django-litefs-f8s: Status → ✅ done');
  });
  it('finds a table row written with a short id from the full id', () => {
    const v5 = fixture('real/PLAN-v5.md');
    const { added } = change(v5, setTaskCells(v5, 'django-litefs-3b6.2', { worker: 'worker-z' }));
    assert.deepEqual(added, ['| 3b6.2 | Extract StaticLeaderElection | 3b6 | ✅ done | worker-z | views.py, adapters.py | 0 |']);
  });
  it('keeps underscores and plain words where the plan uses them', () => {
    const { added } = change(PLAN, setTaskCells(PLAN, 't-1', { status: 'in_progress' }));
    assert.deepEqual(added, ['| t-1 | One | e | in_progress | - | a.ts | 0 |']);
  });
  it('escapes pipes and flattens newlines so that the row stays one row', () => {
    const { added } = change(PLAN, setTaskCells(PLAN, 't-1', { worker: 'a|b\nc' }));
    assert.deepEqual(added, ['| t-1 | One | e | ready | a\\|b c | a.ts | 0 |']);
    assert.equal(parsePlan(applied(PLAN, setTaskCells(PLAN, 't-1', { worker: 'a|b\nc' }))).tasks[0]!.worker, 'a|b c');
  });
  it('keeps an aligned column width when the text fits (emoji are two columns), widens only that cell when not', () => {
    assert.deepEqual(change(ALIGNED, setTaskCells(ALIGNED, 'auth-1', { status: 'done', worker: 'w' })).added, [
      '| auth-1 | Login | auth | ✅ done | w      | a.ts  | 0        |',
    ]);
    assert.deepEqual(change(ALIGNED, setTaskCells(ALIGNED, 'auth-2', { worker: 'worker-long' })).added, [
      '| auth-2 | Out   | auth | pending | worker-long | b.ts  | 1        |',
    ]);
  });
  it('refuses an unknown task, a missing column and a short row, naming the line', () => {
    refused(setTaskCells(PLAN, 'nope', { status: 'done' }), /^line 16: no task nope in the Tasks table$/);
    refused(setTaskCells(PLAN, 't-2', { respawns: 1 }), /^line 19: the Tasks row for t-2 has 6 cells, the header has 7$/);
    const noWorker = PLAN.replace('| Worker ', '| Owner ');
    refused(setTaskCells(noWorker, 't-1', { worker: 'x' }), /^line 16: the Tasks table has no Worker column$/);
    refused(setTaskCells('# Beads Work Plan\n', 'x', { status: 'done' }), /^no task x in the Tasks table$/);
  });
  it('writes nothing when the cell already says it', () => {
    const result = setTaskCells(PLAN, 't-1', { respawns: 0 });
    assert.ok(result.ok);
    assert.deepEqual(result.edits, []);
  });
});

describe('setPhase', () => {
  it('sets the seed phase status and notes', () => {
    assert.deepEqual(change(SEED, setPhase(SEED, 3, { status: 'in_progress', notes: 'running' })), {
      at: 13,
      removed: ['| 3 | Execute Tasks | beads-task-worker | ✅ done | 1 worker, 4 tests |'],
      added: ['| 3 | Execute Tasks | beads-task-worker | 🔄 in progress | running |'],
    });
  });
  it('fills empty cells, `| |` and `||` alike', () => {
    assert.deepEqual(change(PLAN, setPhase(PLAN, 0, { notes: 'ok' })).added, ['| 0 | Initialize Plan | orchestrator | done | ok |']);
    assert.deepEqual(change(PLAN, setPhase(PLAN, 2, { notes: 'ok' })).added, ['| 2 | Summary & Wait | orchestrator | pending | ok |']);
  });
  it('pads to an aligned column, or widens that cell alone', () => {
    assert.deepEqual(change(ALIGNED, setPhase(ALIGNED, 1, { status: 'done', notes: 'ok' })).added, [
      '| 1   | Discovery       | haiku        | ✅ done    | ok    |',
    ]);
    assert.deepEqual(change(ALIGNED, setPhase(ALIGNED, 1, { status: 'in_progress' })).added, [
      '| 1   | Discovery       | haiku        | 🔄 in progress |       |',
    ]);
  });
  it('refuses a missing phase or checklist', () => {
    refused(setPhase(SEED, 11, { status: 'done' }), /^line 9: the Phase Checklist has no phase 11$/);
    refused(setPhase(fixture('real/PLAN-v7.md'), 1, { status: 'done' }), /no Phase Checklist/);
  });
});

describe('setCurrentPhase', () => {
  it('keeps the bold and drops stale words', () => {
    const v = PLAN.replace('1 (discovering)', '9 (WAITING FOR USER)');
    assert.deepEqual(change(v, setCurrentPhase(v, 10)).added, ['**Current Phase: 10**']);
    const arrow = fixture('real/plan-1ddafa05.md');
    assert.deepEqual(change(arrow, setCurrentPhase(arrow, 5)), {
      at: 22,
      removed: ['**Current Phase: 4 (complete) → 5**'],
      added: ['**Current Phase: 5**'],
    });
  });
  it('handles bold that closes after the colon', () => {
    const v = PLAN.replace('**Current Phase: 1 (discovering)**', '**Current Phase:** 1');
    assert.deepEqual(change(v, setCurrentPhase(v, 2)).added, ['**Current Phase:** 2']);
  });
  it('rewrites `phase:` in a `## Current Phase` section', () => {
    const v7 = fixture('real/PLAN-v7.md');
    assert.deepEqual(change(v7, setCurrentPhase(v7, 3)), { at: 5, removed: ['phase: awaiting_approval'], added: ['phase: 3'] });
  });
  it('adds the line after the checklist table when it is missing', () => {
    const v = PLAN.replace('**Current Phase: 1 (discovering)**\n\n', '');
    assert.deepEqual(change(v, setCurrentPhase(v, 2)), { at: 12, removed: [], added: ['**Current Phase: 2**', ''] });
    const tight = PLAN.replace('\n\n**Current Phase: 1 (discovering)**\n\n', '\n');
    const result = setCurrentPhase(tight, 2);
    assert.deepEqual(change(tight, result), { at: 11, removed: [], added: ['', '**Current Phase: 2**', ''] });
    assert.equal(parsePlan(applied(tight, result)).currentPhase.written?.number, 2);
  });
  it('refuses a plan with neither checklist nor Current Phase line', () => {
    refused(setCurrentPhase('# Beads Work Plan\n\n## Tasks\n', 1), /no Phase Checklist and no Current Phase line/);
  });
});

describe('setSectionStatus', () => {
  it('replaces the whole value, stale words included', () => {
    const v5 = fixture('real/PLAN-v5.md');
    assert.deepEqual(change(v5, setSectionStatus(v5, 'summary', 'pending')), {
      at: 126,
      removed: ['Status: ✅ done - **WAITING FOR USER APPROVAL**'],
      added: ['Status: ⏳ pending'],
    });
  });
  it('keeps `**Status:**` decoration', () => {
    const v = PLAN.replace('## Tasks\n', '## Tasks\n**Status:** ready\n\n');
    assert.deepEqual(change(v, setSectionStatus(v, 'tasks', 'done')).added, ['**Status:** done']);
  });
  it('adds the line right under the heading, spaced from what follows', () => {
    assert.deepEqual(change(SEED, setSectionStatus(SEED, 'closedTasks', 'done')), {
      at: 137,
      removed: [],
      added: ['Status: ✅ done', ''],
    });
  });
  it('refuses a missing section', () => {
    refused(setSectionStatus(PLAN, 'review', 'done'), /^the plan has no Review Results section$/);
  });
});

describe('appendLog', () => {
  const now = new Date(2025, 11, 27, 9, 5, 7);
  it('appends after the last entry in the log’s timestamp style', () => {
    assert.deepEqual(change(SEED, appendLog(SEED, 'Worker spawned', now)), {
      at: 112,
      removed: [],
      added: ['- 2025-12-27T09:05: Worker spawned'],
    });
    const v7 = fixture('real/PLAN-v7.md');
    assert.deepEqual(change(v7, appendLog(v7, 'Done', now)).added, ['- 2025-12-27: Done']);
    const spaced = fixture('real/plan-1ddafa05.md');
    assert.deepEqual(change(spaced, appendLog(spaced, 'x', now)).added, ['- 2025-12-27 09:05: x']);
  });
  it('copies a bold timestamp, UTC, and goes after the entry’s continuation lines', () => {
    assert.deepEqual(change(PLAN, appendLog(PLAN, 'two\nlines', new Date(Date.UTC(2025, 0, 2, 3, 4, 5)))), {
      at: 23,
      removed: [],
      added: ['- **2025-01-02T03:04:05Z**: two lines'],
    });
  });
  it('writes the first entry under the heading of an empty log', () => {
    const empty = PLAN.replace('- **2025-12-26T11:06:00Z**: started\n  continued here\n', '(nothing yet)\n');
    assert.deepEqual(change(empty, appendLog(empty, 'go', now)), { at: 21, removed: [], added: ['- 2025-12-27T09:05: go', ''] });
  });
  it('creates a missing log in its canonical place, numbered and ruled like the plan', () => {
    const noLog = SEED.replace(/## 3\. Execution Log\n[^]*?---\n\n/, '');
    assert.deepEqual(change(noLog, appendLog(noLog, 'first', now)), {
      at: 109,
      removed: [],
      added: ['## 3. Execution Log', '- 2025-12-27T09:05: first', '', '---', ''],
    });
  });
  it('creates an unnumbered log at the end of a plan without later sections', () => {
    const plain = '# Beads Work Plan\n\n## Tasks\n| ID | Title |\n|---|---|\n| a-1 | x |\n';
    assert.equal(applied(plain, appendLog(plain, 'hi', now)), `${plain.trimEnd()}\n\n## Execution Log\n- 2025-12-27T09:05: hi\n`);
  });
});

describe('upsertValidation', () => {
  it('updates only the given cells of the task’s row', () => {
    assert.deepEqual(change(SEED, upsertValidation(SEED, 'f8s', { testsPassed: '3/4', valid: false })), {
      at: 120,
      removed: ['| django-litefs-f8s | yes | 4/4 | yes | ✅ |'],
      added: ['| django-litefs-f8s | yes | 3/4 | yes | ❌ |'],
    });
  });
  it('adds a row to an empty table', () => {
    const plan = fixture('real/plan-0538d886.md');
    const cells = { testsRun: 'yes', testsPassed: '2/2', typesPassed: 'yes', valid: true };
    assert.deepEqual(change(plan, upsertValidation(plan, 'aej', cells)), {
      at: 73,
      removed: [],
      added: ['| django-litefs-aej | yes | 2/2 | yes | ✅ |'],
    });
  });
  it('finds the types column by its name and writes Valid as the column does', () => {
    const plan = [
      '# Beads Work Plan',
      '## Tasks',
      '| ID | Title |',
      '|---|---|',
      '| a-1 | x |',
      '| a-2 | y |',
      '',
      '## Worker Validation',
      '| Task | Typecheck Passed | Tests Run | Valid |',
      '|---|---|---|---|',
      '| a-1 | yes | yes | yes |',
      '',
    ].join('\n');
    assert.deepEqual(change(plan, upsertValidation(plan, 'a-2', { typesPassed: 'no', valid: false })).added, ['| a-2 | no | | no |']);
  });
  it('creates the section and table in their canonical place', () => {
    const noValidation = SEED.replace(/## 4\. Worker Validation\n[^]*?---\n\n/, '');
    assert.deepEqual(change(noValidation, upsertValidation(noValidation, 'f8s', { testsRun: 'yes' })), {
      at: 115,
      removed: [],
      added: [
        '## 4. Worker Validation',
        '',
        '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |',
        '|------|-----------|--------------|-------------|-------|',
        '| django-litefs-f8s | yes | | | |',
        '',
        '---',
        '',
      ],
    });
  });
  it('refuses a task the plan does not have, and a short row', () => {
    refused(upsertValidation(SEED, 'ghost', { valid: true }), /^no task ghost in the Tasks table$/);
    const short = SEED.replace('| django-litefs-f8s | yes | 4/4 | yes | ✅ |', '| django-litefs-f8s | yes |');
    refused(upsertValidation(short, 'f8s', { valid: true }), /^line 121: the Worker Validation row for django-litefs-f8s has 2 cells, the header has 5$/);
  });
});

describe('addTask and addReview', () => {
  it('append a row in the table’s style', () => {
    assert.deepEqual(change(SEED, addTask(SEED, { id: 'django-litefs-new', title: 'New | task', files: ['a.py', 'b.py'] })).added, [
      '| django-litefs-new | New \\| task | - | ⏳ pending | - | a.py, b.py | 0 |',
    ]);
    assert.deepEqual(change(SEED, addReview(SEED, { epic: 'django-litefs-8oi', reviewer: 'opus', status: 'failed', warnings: '2' })), {
      at: 130,
      removed: [],
      added: ['| django-litefs-8oi | opus | ❌ failed | 2 | 0 |'],
    });
  });
  it('pads a new row to an aligned table (statuses with the checklist’s emoji)', () => {
    assert.deepEqual(change(ALIGNED, addTask(ALIGNED, { id: 'auth-3', title: 'Reset password', status: 'blocked' })).added, [
      '| auth-3 | Reset password | -    | ⚠️ blocked | -      | -     | 0        |',
    ]);
  });
  it('refuses a task id already in the table', () => {
    refused(addTask(SEED, { id: 'f8s', title: 'again' }), /^line 103: task f8s is already in the Tasks table$/);
  });
  it('creates a table inside an existing section that has none', () => {
    const plan = '# Beads Work Plan\n\n## Review Results\nStatus: pending\n\n---\n';
    assert.deepEqual(change(plan, addReview(plan, { epic: 'e', reviewer: 'r', status: 'done' })), {
      at: 5,
      removed: [],
      added: ['| Epic | Reviewer | Status | Warnings | Respawns |', '|------|----------|--------|----------|----------|', '| e | r | done | 0 | 0 |', ''],
    });
  });
});

describe('setChecklistItem', () => {
  it('checks by index and unchecks by text', () => {
    assert.deepEqual(change(PLAN, setChecklistItem(PLAN, 1, true)).added, ['- [x] Lint clean']);
    assert.deepEqual(change(PLAN, setChecklistItem(PLAN, 'tests PASS', false)).added, ['- [ ] Tests pass']);
  });
  it('prefers an exact text and refuses an ambiguous one', () => {
    assert.deepEqual(change(PLAN, setChecklistItem(PLAN, 'Lint clean', true)).added, ['- [x] Lint clean']);
    refused(setChecklistItem(PLAN, 'lint', true), /2 checklist items match "lint"/);
    refused(setChecklistItem(PLAN, 7, true), /no checklist item 7/);
  });
});

describe('advancePhase', () => {
  const now = new Date(2025, 11, 27, 10, 40);
  it('moves a real plan from phase 3 to 4 in one edit', () => {
    const plan = fixture('real/plan-1ddafa05.md');
    const result = advancePhase(plan, now);
    assert.ok(result.ok);
    assert.equal(result.summary, 'Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started');
    const lines = applied(plan, result).split('\n');
    assert.deepEqual(lines.slice(13, 15), [
      '| 3 | Execute Tasks | beads-task-worker | ✅ done | |',
      '| 4 | Validate Workers | orchestrator | 🔄 in progress | |',
    ]);
    assert.equal(lines[22], '**Current Phase: 4**');
    assert.equal(lines[110], '- 2025-12-27 10:40: Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started');
    assert.equal(lines.length, plan.split('\n').length + 1);
  });
  it('works on a hand-made plan, then refuses to start the commit phase', () => {
    const once = applied(PLAN, advancePhase(PLAN, now));
    const plan = parsePlan(once);
    assert.deepEqual(
      plan.phases.map((p) => p.statusText),
      ['done', 'done', 'in_progress', 'pending'],
    );
    assert.equal(plan.currentPhase.written?.text, '2');
    refused(advancePhase(once, now), /^line 11: phase 3 \(User-Approved Commit\) moves only with the commit command/);
  });
  it('refuses the seed, whose only unfinished phase is the commit', () => {
    refused(advancePhase(SEED, now), /^line 21: phase 10 \(User-Approved Commit\)/);
  });
  it('refuses a plan without checklist, or with every phase finished', () => {
    refused(advancePhase(fixture('real/PLAN-v7.md'), now), /^the plan has no Phase Checklist$/);
    const finished = SEED.replace('⏳ pending | after', '✅ done | after');
    refused(advancePhase(finished, now), /every phase in the checklist is already finished/);
  });
});

describe('combine', () => {
  it('merges steps into non-overlapping replacements equal to applying them in turn', () => {
    const steps = [
      (t: string) => setTaskCells(t, 't-1', { status: 'done' }),
      (t: string) => appendLog(t, 'done', new Date(Date.UTC(2025, 0, 1))),
      (t: string) => setPhase(t, 1, { notes: 'half' }),
    ];
    const sequential = steps.reduce((text, step) => applied(text, step(text)), PLAN);
    const result = combine(PLAN, ...steps);
    assert.equal(applied(PLAN, result), sequential);
    assert.ok(result.ok);
    assert.equal(result.edits.length, 3);
  });
  it('returns the first failure', () => {
    refused(combine(PLAN, (t) => setPhase(t, 1, { status: 'done' }), (t) => setPhase(t, 42, { status: 'done' })), /no phase 42/);
  });
});

describe('line endings and BOM', () => {
  const now = new Date(2025, 11, 27, 10, 40);
  const noLog = SEED.replace(/## 3\. Execution Log\n[^]*?---\n\n/, '');
  const atPhase4 = SEED.replace('| 4 | Validate Workers | orchestrator | ✅ done', '| 4 | Validate Workers | orchestrator | 🔄 running').replace(
    '| 9 | Summary & Wait | orchestrator | ✅ done',
    '| 9 | Summary & Wait | orchestrator | ⏳ pending',
  );
  const cases: ReadonlyArray<readonly [string, string, (t: string) => EditResult]> = [
    ['setTaskCells', SEED, (t) => setTaskCells(t, 'f8s', { status: 'failed', worker: 'x' })],
    ['appendLog creating the section', noLog, (t) => appendLog(t, 'x', now)],
    ['upsertValidation', SEED, (t) => upsertValidation(t, 'f8s', { testsRun: 'no' })],
    ['setSectionStatus inserting the line', SEED, (t) => setSectionStatus(t, 'closedTasks', 'done')],
    ['advancePhase', atPhase4, (t) => advancePhase(t, now)],
  ];
  for (const [name, lf, edit] of cases)
    it(`${name} keeps CRLF and the BOM, at the same positions`, () => {
      const expected = applied(lf, edit(lf));
      const lfResult = edit(lf);
      for (const prefix of ['', '\uFEFF']) {
        const text = prefix + lf.replace(/\n/g, '\r\n');
        const result = edit(text);
        assert.ok(result.ok && lfResult.ok);
        assert.deepEqual(
          result.edits.map((e) => e.range),
          lfResult.edits.map((e) => e.range),
        );
        assert.equal(applied(text, result), prefix + expected.replace(/\n/g, '\r\n'));
      }
    });
});
