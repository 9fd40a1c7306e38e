// Plans that once made parsing super-linear (issue 19), at any size: a small
// plan where one line of one kind (or one cell of one row) carries a long run
// of one character, and plans made of many headings, conflict keys or rows.
// The linear-time test grows each from 10 KB to 100 KB; the benchmark
// compares each with markdown-it on the same text.

/** The characters whose long runs made patterns backtrack: spaces, tabs, pipes, colons, dashes, brackets. */
const RUNS = [' ', '\t', '|', ':', '-', '(', '['] as const;

/**
 * A small plan of every section kind; `{}` marks where a slot's run goes, and
 * a table row ending in `{*}` is a slot at its end and one in each of its
 * cells (after the cell's text). Where a slot's run does not go, `{}` is empty.
 */
const LINES: readonly string[] = [
  '# Beads Work Plan',
  'Generated{}: 2025-12-26T23:30:00',
  'Session: 65c422f0{}',
  '',
  '## Phase Checklist',
  '',
  '| # | Phase | Agent | Status | Notes |',
  '|---|-------|-------|--------|-------|',
  '| 0 | Initialize Plan | orchestrator | ✅ done | |',
  '| 1 | Discovery | haiku | 🔄 in progress | 2 agents |{*}',
  '| 2 | Update Plan | orchestrator | ⏳ pending | |',
  '',
  '**Current Phase{}: 1**',
  '',
  '## Current Phase',
  'phase{}: 1',
  '',
  '## Target Tasks',
  '- a-1{}: First task',
  '- a-2 - Second task',
  '',
  '## 1. Discovery{} Results',
  'Status{}: ✅ done',
  '',
  '## 2. Tasks',
  '',
  '| ID | Title | Epic | Status | Worker | Files | Respawns |',
  '|----|-------|------|--------|--------|-------|----------|',
  '| a-1 | First task | a | ready | - | src/a.ts, src/b.ts | 0 |{*}',
  '| a-2 | Second task | a | done | worker-a-2 | `src/c.ts`<br>src/d.ts | 1 |',
  '',
  '## 3. Conflict Matrix',
  '- PARALLEL_SAFE{}: [a-1, a-2] - no shared files',
  '- SEQUENTIAL: a-2 AFTER a-1{}',
  '- CONFLICT: a-1 <-> a-2 (src/a.ts){}',
  '- BATCH 1 (parallel){}: a-1, a-2',
  '**PARALLEL{}: a-1, a-2**',
  '',
  '| Task | Files | Conflicts With |',
  '|------|-------|----------------|',
  '| a-1 | src/a.ts | a-2 |{}',
  '',
  '```yaml',
  'PARALLEL_SAFE{}:',
  '  - [a-1, a-2]{}',
  'SEQUENTIAL_REQUIRED: [a-2]',
  '```',
  '',
  '## 4. Execution Log',
  '- 2025-12-26T23:30{}: Plan created',
  '- **2025-12-26 23:31** - Discovery started{}',
  '',
  '## 5. Worker Validation',
  '',
  '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |',
  '|------|-----------|--------------|-------------|-------|',
  '| a-2 | 4 | 4/4 | yes | ✅ |{}',
  '',
  '### Review Results{}',
  '| Epic | Reviewer | Status | Warnings | Respawns |',
  '|------|----------|--------|----------|----------|',
  '| a | opus | PASS | 0 | 0 |{}',
  '',
  '## 6. Closed Tasks',
  '- a-2: done',
  '',
  '## 7. Final Verification',
  '- [x]{} Tests pass',
  '- [ ] Lint clean{}',
  '',
  '## 8. Summary',
  '### Files Modified',
  '- `src/a.ts`{}',
  'Files modified{}: src/b.ts',
  '',
];

interface Slot {
  readonly name: string;
  /** The plan with `run` at this slot. */
  readonly plan: (run: string) => string;
}

/** Every place a run can go: each line with a `{}`, and each cell of the rows that end in one. */
function slots(): Slot[] {
  const out: Slot[] = [];
  const render = (at: number, line: string) => (run: string) =>
    LINES.map((l, k) => (k === at ? line.replace('{}', run) : l.replace('{*}', '').replace('{}', ''))).join('\n');
  LINES.forEach((line, at) => {
    const row = line.endsWith('{*}') ? line.slice(0, -3) : undefined;
    if (!line.includes('{}') && row === undefined) return;
    const whole = row === undefined ? line : `${row}{}`;
    out.push({ name: `line ${at + 1} (${whole.replace('{}', '…')})`, plan: render(at, whole) });
    if (row === undefined) return;
    const cells = row.split('|');
    for (let c = 1; c < cells.length - 1; c++) {
      const withRun = cells.map((cell, k) => (k === c ? `${cell.trimEnd()}{} ` : cell)).join('|');
      out.push({ name: `line ${at + 1} cell ${c} (${cells[c]!.trim() || 'empty'})`, plan: render(at, withRun) });
    }
  });
  return out;
}

/** `slot`'s plan with a run of `ch` that brings it to about `bytes`; the run is inside the line (a letter follows it), so trimming does not remove it. */
function withRun(slot: Slot, ch: string, bytes: number): string {
  const base = slot.plan('').length;
  return slot.plan(`${ch.repeat(Math.max(0, bytes - base - 1))}x`);
}

export interface Pathological {
  readonly name: string;
  /** The plan at about `bytes`. */
  readonly plan: (bytes: number) => string;
  /** Made of many parts, so that its model grows with it (a run on one line does not grow the model). */
  readonly many: boolean;
}

/** `head`, then parts until the text is about `bytes`, then `tail`. */
function fill(bytes: number, head: string, part: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const p = part(i);
    parts.push(p);
    size += p.length;
  }
  return parts.join('') + tail;
}

const HEAD = '# Beads Work Plan\nGenerated: 2025-12-26T23:30:00\n\n';
const TASKS = `${HEAD}## Tasks\n\n| ID | Title | Status | Files |\n|---|---|---|---|\n`;

/** Plans made of many repeated parts: headings, sections with a `Status:`, conflict keys, rows, list items. */
const MANY: ReadonlyArray<readonly [string, (bytes: number) => string]> = [
  ['many ## headings', (b) => fill(b, HEAD, () => '## a\n')],
  ['many sections with Status lines', (b) => fill(b, HEAD, (i) => `## ${i}. Section ${i}\nStatus: done\n\n`)],
  ['many conflict bullets', (b) => fill(b, `${HEAD}## Conflict Matrix\n`, (i) => `- PARALLEL_SAFE: [t-${i}, u-${i}]\n`)],
  ['many conflict yaml keys', (b) => fill(b, `${HEAD}## Conflict Matrix\n\n\`\`\`yaml\n`, (i) => `PARALLEL_${i}: [t-${i}, u-${i}]\n`, '```\n')],
  ['many conflict table rows', (b) => fill(b, `${HEAD}## Conflict Matrix\n\n| Task | Files | Conflicts With |\n|---|---|---|\n`, (i) => `| t-${i} | src/${i}.ts | t-${i + 1} |\n`)],
  ['many task rows', (b) => fill(b, TASKS, (i) => `| proj-${i}.${i} | Task ${i} | ✅ done | src/${i}.ts, lib/${i}/ |\n`)],
  [
    // Short ids resolve against the Tasks table's full ids: one task row per 400 bytes of the plan.
    'many validation rows, short ids',
    (b) => {
      const n = Math.ceil(b / 400);
      const tasks = TASKS + Array.from({ length: n }, (_, i) => `| proj-x${i} | Task ${i} | done | a.ts |\n`).join('');
      return fill(b, `${tasks}\n## Worker Validation\n\n| Task | Tests Run | Valid |\n|---|---|---|\n`, (i) => `| x${i % n} | ${i} | ✅ |\n`);
    },
  ],
  ['many target tasks', (b) => fill(b, `${HEAD}## Target Tasks\n`, (i) => `- proj-${i}: Task number ${i}\n`)],
  ['many log entries', (b) => fill(b, `${HEAD}## Execution Log\n`, (i) => `- 2025-12-26T23:${String(i % 60).padStart(2, '0')}: step ${i}\n`)],
  ['many checklist items', (b) => fill(b, `${HEAD}## Final Verification\n`, (i) => `- [${i % 2 ? 'x' : ' '}] check ${i}\n`)],
];

/** Every pathological plan: each slot with each run, then the plans of many parts. Built at a size when asked, so that they need not all be in memory. */
export function pathologicalPlans(): Pathological[] {
  return [
    ...slots().flatMap((slot) =>
      RUNS.map((ch) => ({ name: `${slot.name}, run of ${JSON.stringify(ch)}`, plan: (bytes: number) => withRun(slot, ch, bytes), many: false })),
    ),
    ...MANY.map(([name, plan]) => ({ name, plan, many: true })),
  ];
}
