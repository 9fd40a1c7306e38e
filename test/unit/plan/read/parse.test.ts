import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan, readLogEntry, readPhaseNumber, sectionKind } from '../../../../src/plan/read/parse';
import { splitRow } from '../../../../src/plan/read/table';
import { fixture } from '../../fixtures';

const PLAN = [
  '# Beads Work Plan: auth epic',
  'Generated: 2025-12-26 11:05',
  'Session: abc123',
  'Owner: someone',
  '',
  '## Phase Checklist',
  '',
  '| # | Phase | Agent | Status | Notes |',
  '|---|-------|-------|--------|-------|',
  '| 0 | Initialize Plan | orchestrator | ✅ done | |',
  '| 1 | Discovery | haiku | 🔄 in progress | busy |',
  '| 2 | Update Plan | orchestrator | frobnicated | |',
  '',
  '**Current Phase: 1 - Discovery**',
  '',
  '## 2. Tasks',
  'Status: ⏳ pending',
  '',
  '| Status | ID | Title | Epic | Worker | Files | Respawns | Extra |',
  '|--------|----|-------|------|--------|-------|----------|-------|',
  '| ready | auth-1 | Login form | auth | - | `src/a.ts`<br>src/b.ts, src/c.ts | 2 | x |',
  '| failed | auth-2 | Logout | auth | worker-a | - | 0 |',
  '',
  '### Conflict Matrix',
  '- CONFLICT: auth-1 <-> auth-2 (src/a.ts)',
  '- SEQUENTIAL: [auth-1 -> auth-2]',
  '',
  '## Execution Log',
  '- 2025-12-26 11:05: Plan initialized',
  '- **2025-12-26T11:06:00Z**: Discovery started',
  '- no timestamp here',
  '',
  '## Worker Validation',
  '| Task | Tests Run | Tests Passed | Typecheck Passed | Valid |',
  '|---|---|---|---|---|',
  '| 1 | yes | 3/3 | yes | ✅ |',
  '| ghost-9 | no | - | - | ❌ |',
  '',
  '## Final Verification',
  '- [x] Tests pass',
  '- [ ] Lint clean',
  '',
  '```yaml',
  'a: [1, 2',
  '```',
].join('\n');

describe('parsePlan on a hand-written plan', () => {
  const plan = parsePlan(PLAN);
  it('reads the title and header, keeping unknown keys', () => {
    assert.equal(plan.isPlan, true);
    assert.equal(plan.title, 'Beads Work Plan: auth epic');
    assert.deepEqual(
      plan.header.map((h) => [h.key, h.value, h.line]),
      [
        ['Generated', '2025-12-26 11:05', 1],
        ['Session', 'abc123', 2],
        ['Owner', 'someone', 3],
      ],
    );
  });
  it('reads phases by column name, with lines, and flags unknown status words', () => {
    assert.deepEqual(
      plan.phases.map((p) => [p.number, p.name, p.status, p.line]),
      [
        [0, 'Initialize Plan', 'done', 9],
        [1, 'Discovery', 'in_progress', 10],
        [2, 'Update Plan', 'unknown', 11],
      ],
    );
    assert.equal(plan.phases[2]!.statusText, 'frobnicated');
    assert.ok(plan.findings.some((f) => f.code === 'status-word' && f.line === 11));
  });
  it('reads the current phase as written and derived', () => {
    assert.deepEqual(plan.currentPhase, { written: { number: 1, text: '1 - Discovery', line: 13 }, derived: 1 });
  });
  it('reads tasks by header name wherever the columns are, with files split on <br> and commas', () => {
    const [a, b] = plan.tasks;
    assert.equal(plan.tasks.length, 2);
    assert.deepEqual([a!.id, a!.status, a!.worker, a!.files, a!.respawns, a!.line], [
      'auth-1',
      'pending',
      '',
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      2,
      20,
    ]);
    assert.deepEqual([b!.id, b!.status, b!.worker, b!.files, b!.respawns], ['auth-2', 'failed', 'worker-a', [], 0]);
    assert.equal(plan.taskTable!.headers.length, 8);
  });
  it('knows each cell\'s exact characters', () => {
    const row = plan.tasks[0]!.row;
    const line = PLAN.split('\n')[row.line]!;
    for (const cell of row.cells) assert.equal(line.slice(cell.start, cell.end), cell.text);
  });
  it('reports a row whose cell count differs from its header', () => {
    assert.ok(plan.findings.some((f) => f.code === 'row-width' && f.line === 21));
  });
  it('reads sections with numbers, status lines and ranges', () => {
    const tasks = plan.sections.find((s) => s.kind === 'tasks')!;
    assert.deepEqual([tasks.number, tasks.title, tasks.line, tasks.endLine, tasks.status?.status], [2, 'Tasks', 15, 27, 'pending']);
  });
  it('reads conflict lines under a ### heading', () => {
    assert.deepEqual(
      plan.conflicts.map((c) => [c.kind, c.tasks, c.line]),
      [
        ['conflict', ['auth-1', 'auth-2'], 24],
        ['sequential', ['auth-1', 'auth-2'], 25],
      ],
    );
  });
  it('reads the execution log in its different timestamp styles', () => {
    assert.deepEqual(
      plan.log.map((e) => [e.timestamp, e.text, e.line]),
      [
        ['2025-12-26 11:05', 'Plan initialized', 28],
        ['2025-12-26T11:06:00Z', 'Discovery started', 29],
        ['', 'no timestamp here', 30],
      ],
    );
  });
  it('resolves validation rows to tasks and flags rows naming unknown tasks', () => {
    assert.deepEqual(
      plan.validation.map((v) => [v.task, v.taskId, v.typesPassed, v.valid]),
      [
        ['1', 'auth-1', 'yes', true],
        ['ghost-9', undefined, '-', false],
      ],
    );
    assert.ok(plan.findings.some((f) => f.code === 'unknown-task' && f.line === 36));
  });
  it('reads the final verification checklist', () => {
    assert.deepEqual(
      plan.checklist.map((c) => [c.checked, c.text, c.line]),
      [
        [true, 'Tests pass', 39],
        [false, 'Lint clean', 40],
      ],
    );
  });
  it('reports a yaml block that does not parse, at its line', () => {
    assert.equal(plan.yamlBlocks.length, 1);
    assert.ok(plan.yamlBlocks[0]!.error);
    const finding = plan.findings.find((f) => f.code === 'yaml')!;
    assert.ok(finding.line >= 42 && finding.line <= 44, `yaml finding at ${finding.line}`);
  });
});

describe('parsePlan on odd input', () => {
  it('yields an empty model and a finding for an empty file', () => {
    const plan = parsePlan('');
    assert.equal(plan.isPlan, false);
    assert.deepEqual([plan.phases, plan.tasks], [[], []]);
    assert.ok(plan.findings.some((f) => f.code === 'not-a-plan'));
  });
  it('does not take another Markdown file for a plan', () => {
    assert.equal(parsePlan('# README\n\nHello').isPlan, false);
    assert.equal(parsePlan('# beads work plan — lower case\n').isPlan, true);
  });
  it('accepts tabs, trailing spaces and bold headings', () => {
    const plan = parsePlan('# Beads Work Plan  \n\n## **Phase Checklist**\t\n| # | Phase | Status |\n|--|--|--|\n|\t3\t| Execute Tasks |\t**done**\t|  \n');
    assert.deepEqual(plan.phases.map((p) => [p.number, p.name, p.status]), [[3, 'Execute Tasks', 'done']]);
  });
  it('reads a "## Current Phase" section holding `phase:`', () => {
    const plan = parsePlan('# Beads Work Plan\n\n## Current Phase\nphase: awaiting_approval\n');
    assert.deepEqual(plan.currentPhase.written, { text: 'awaiting_approval', line: 3 });
  });
  it('reports a current phase that disagrees with the checklist', () => {
    const plan = parsePlan(
      '# Beads Work Plan\n## Phase Checklist\n| # | Phase | Status |\n|-|-|-|\n| 0 | A | done |\n| 1 | B | done |\n| 2 | C | pending |\n\n**Current Phase: 0**\n',
    );
    assert.equal(plan.currentPhase.derived, 2);
    assert.ok(plan.findings.some((f) => f.code === 'current-phase-mismatch' && f.line === 8));
  });
  it('treats waiting at the hard stop (written 1, Summary & Wait done, 2 not started) as agreement, and no other done phase', () => {
    const plan = (name: string) =>
      parsePlan(`# Beads Work Plan\n## Phase Checklist\n| # | Phase | Status |\n|-|-|-|\n| 0 | A | done |\n| 1 | ${name} | done |\n| 2 | C | pending |\n\n**Current Phase: 1 (WAITING)**\n`);
    assert.ok(!plan('Summary & Wait').findings.some((f) => f.code === 'current-phase-mismatch'));
    assert.deepEqual(
      plan('B').findings.filter((f) => f.code === 'current-phase-mismatch').map((f) => f.message),
      ["Current Phase says 1, but the checklist's first unfinished phase is 2."],
    );
  });
  it('does not call a closed epic an unknown task: the Epic column (PLAN-v5\'s 3b6) or an Epic: line names it', () => {
    const unknown = (text: string) => parsePlan(text).findings.filter((f) => f.code === 'unknown-task').map((f) => f.message);
    assert.deepEqual(unknown(fixture('real/PLAN-v5.md')), []);
    const plan = (epicLine: string) =>
      `# Beads Work Plan\n${epicLine}\n## Tasks\n| ID | Title | Epic | Status |\n|-|-|-|-|\n| p-e1.1 | x | - | done |\n\n## Closed Tasks\n- p-e1.1: done\n- p-e1: the epic\n- p-zz9: stray\n`;
    assert.deepEqual(unknown(plan('- **Epic**: p-e1')), ['Closed Tasks names p-zz9, which is not in the Tasks table.']);
    assert.deepEqual(unknown(plan('')), ['Closed Tasks names p-e1, which is not in the Tasks table.', 'Closed Tasks names p-zz9, which is not in the Tasks table.']);
  });
  it('reports duplicate task ids as an error', () => {
    const plan = parsePlan('# Beads Work Plan\n## Tasks\n| ID | Title | Status |\n|-|-|-|\n| a-1 | x | ready |\n| a-1 | y | ready |\n');
    assert.ok(plan.findings.some((f) => f.code === 'duplicate-task' && f.severity === 'error' && f.line === 5));
  });
});

describe('parsePlan on the shapes its hand-written readers replace patterns for', () => {
  it('reads header fields, labelled lines and list ids however they are spaced', () => {
    const plan = parsePlan(
      [
        '# Beads Work Plan',
        'Generated :  2025-12-26',
        'Generated without colon',
        '## Phase Checklist',
        '**Current Phase :  4 (complete) → 5**',
        '## Target Tasks',
        '- **a-1** — first',
        '- a-2 - second',
        '- a-3: third',
        '- a-4- not an id',
        '## Execution Log',
        '- **2025-12-26 11:05** - started',
        '- 2025-12-26T11:06:00Z: done',
        '## 1. Discovery',
        'Status :   done',
      ].join('\n'),
    );
    assert.deepEqual(plan.header.map((h) => [h.key, h.value]), [['Generated', '2025-12-26']]);
    assert.deepEqual(plan.currentPhase.written, { text: '4 (complete) → 5', number: 5, line: 4 });
    assert.deepEqual(plan.targetTasks.map((t) => [t.id, t.text]), [['a-1', 'first'], ['a-2', 'second'], ['a-3', 'third'], [undefined, 'a-4- not an id']]);
    assert.deepEqual(plan.log.map((l) => [l.timestamp, l.text]), [['2025-12-26 11:05', 'started'], ['2025-12-26T11:06:00Z', 'done']]);
    assert.deepEqual(plan.sections.at(-1)!.status, { status: 'done', text: 'done', line: 14 });
  });
  it('ends each section at the next heading of its level or above', () => {
    const plan = parsePlan('# Beads Work Plan\n## A\n### B\n#### C\n### D\n## E\nx\n');
    assert.deepEqual(plan.sections.map((s) => [s.title, s.line, s.endLine]), [['A', 1, 5], ['B', 2, 4], ['C', 3, 4], ['D', 4, 5], ['E', 5, 8]]);
  });
  it('gives each yaml conflict key its own line, and reads numbered keys of a block that does not parse', () => {
    const yaml = (body: string) => parsePlan(`# Beads Work Plan\n## Conflict Matrix\n\`\`\`yaml\n${body}\n\`\`\`\n`).conflicts;
    assert.deepEqual(yaml('PARALLEL_10: [a, b]\nPARALLEL_1: [c, d]').map((c) => [c.tasks, c.line]), [[['a', 'b'], 3], [['c', 'd'], 4]]);
    assert.deepEqual(yaml('PARALLEL_1: [a, b]\n| x | y |\n  - bad: [').map((c) => c.tasks), [['a', 'b']]);
  });
  it("reads a plan's yaml up to its budget, and says once where it stops", () => {
    const block = (key: string, size: number) => `\`\`\`yaml\n${key}: [a, b]\n# ${'x'.repeat(size)}\n\`\`\``;
    const plan = parsePlan(`# Beads Work Plan\n## Conflict Matrix\n${block('PARALLEL', 1000)}\n${block('SEQUENTIAL', 70_000)}\n${block('CONFLICT', 10)}\n`);
    assert.deepEqual(plan.conflicts.map((c) => c.kind), ['parallel']);
    assert.deepEqual(plan.yamlBlocks.map((y) => y.value !== undefined), [true, false, false]);
    assert.deepEqual(plan.findings.filter((f) => f.code === 'yaml-budget').map((f) => f.line), [6]);
  });
});

describe('columns are found by the names columns.ts gives them, the same for reading and writing', () => {
  it('takes a Tasks table whose id column is headed "Task"', () => {
    const plan = parsePlan(['# Beads Work Plan', '', '## Tasks', '', '| Task | Title | Status |', '|---|---|---|', '| x-1 | First | pending |'].join('\n'));
    assert.deepEqual(plan.tasks.map((t) => [t.id, t.title, t.status]), [['x-1', 'First', 'pending']]);
  });
});

describe('helpers', () => {
  it('reads phase numbers from the ways plans write them', () => {
    assert.equal(readPhaseNumber('9 (WAITING FOR USER)'), 9);
    assert.equal(readPhaseNumber('4 (complete) → 5'), 5);
    assert.equal(readPhaseNumber('3 - Execute Tasks'), 3);
    assert.equal(readPhaseNumber('awaiting_approval'), undefined);
  });
  it('matches section headings by their words', () => {
    assert.equal(sectionKind('Worker Validation'), 'validation');
    assert.equal(sectionKind('Discovery Results'), 'discovery');
    assert.equal(sectionKind('Target Tasks'), 'targetTasks');
    assert.equal(sectionKind('Something Else'), 'other');
  });
  it('reads log entries with date-only stamps', () => {
    assert.deepEqual(readLogEntry('2025-12-26: Plan initialized', 4), {
      timestamp: '2025-12-26',
      text: 'Plan initialized',
      line: 4,
    });
  });
  it('splits rows on unescaped pipes and keeps empty cells', () => {
    const cells = splitRow('| a \\| b |  | c |');
    assert.deepEqual(cells.map((c) => c.text), ['a | b', '', 'c']);
    assert.deepEqual(cells.map((c) => [c.start, c.end]), [[2, 8], [11, 11], [14, 15]]);
    assert.deepEqual(splitRow('a | b').map((c) => c.text), ['a', 'b']);
  });
  it('reads a line of thousands of pipes as at most 1000 cells, the last holding the rest', () => {
    const line = `| a |${'|'.repeat(5000)} b |`;
    const cells = splitRow(line);
    assert.equal(cells.length, 1000);
    assert.equal(cells[0]!.text, 'a');
    assert.equal(line.slice(cells.at(-1)!.rawStart), `${'|'.repeat(4002)} b |`);
  });
});
