// Deterministic generator of large, realistic Beads Work Plans for the
// benchmark: the sections, tables, yaml blocks and wording of the real plans in
// test/fixtures/plans, repeated over many epics. Same seed and size → the same
// bytes, so results compare across runs and machines. Also a small plan whose
// worker runs overlap, written as Run All Ready Workers writes it (the
// timeline's tests and screenshot).
//
//   node --import tsx bench/generate.ts [outDir]   writes plan-100kb.md, plan-1mb.md, plan-5mb.md, plan-parallel.md
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { advancePhase, appendLog, combine, setPhase, setTaskCells, type EditResult } from '../src/plan/write/edit';
import { parsePlan } from '../src/plan/read/parse';
import { applyEdits } from '../src/plan/write/textEdit';
import { filesOfPlan, nextRunnable, planBatches } from '../src/plan/rules/schedule';
import { formatDuration } from '../src/plan/formats/duration';
import { workerEndedLine, workerStartedLine, type RunFacts, type WorkerEnd } from '../src/plan/formats/workerLog';

export const SEED = 0x5eed;

export const SIZES = [
  { name: '100 KB', file: 'plan-100kb.md', bytes: 100 * 1024 },
  { name: '1 MB', file: 'plan-1mb.md', bytes: 1024 * 1024 },
  { name: '5 MB', file: 'plan-5mb.md', bytes: 5 * 1024 * 1024 },
] as const;

export interface GeneratedPlan {
  readonly text: string;
  readonly bytes: number;
  readonly tasks: number;
  readonly logEntries: number;
  readonly validationRows: number;
  readonly yamlBlocks: number;
  /** The full id of the task in the middle of the Tasks table: the edit benchmark's target. */
  readonly middleTaskId: string;
}

/** mulberry32: tiny, fast, and identical on every platform (Math.random is not seedable). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }
  /** A beads-style short hash: `3b6`, `yhj`. */
  slug(): string {
    let s = '';
    for (let i = 0; i < 3; i++) s += 'abcdefghijkmnpqrstuvwxyz0123456789'[this.int(0, 33)];
    return s;
  }
}

const PROJECT = 'django-litefs';
const PACKAGES = ['litefs', 'litefs-django', 'litefs-fastapi', 'litefs-cli'];
const AREAS = ['domain', 'adapters', 'usecases', 'db/backends', 'fakes', 'middleware', 'views', 'settings'];
const MODULES = ['health', 'settings', 'split_brain', 'failover', 'primary', 'proxy', 'base', 'apps', 'views', 'fakes', 'config', 'events'];
const VERBS = ['Add', 'Fix', 'Extract', 'Refactor', 'Create', 'Write BDD steps for', 'Replace', 'Harden', 'Document', 'Test'];
const NOUNS = [
  'LivenessResult value object',
  'split-brain protection',
  'StaticLeaderElection adapter',
  'Protocol check in middleware',
  'DI in AppConfig',
  'FakeHealthChecker',
  'readiness probe',
  'failover coordinator',
  'write forwarding',
  'primary detection',
  'cluster state cache',
  'mount path validation',
];
const REVIEWERS = ['opus', 'a8de4f8', 'af56280', 'beads-reviewer'];

interface TaskSpec {
  readonly id: string;
  readonly short: string;
  readonly title: string;
  readonly epic: string;
  readonly status: string;
  readonly worker: string;
  readonly files: readonly string[];
  readonly respawns: number;
}

interface EpicSpec {
  readonly id: string;
  readonly title: string;
  readonly tasks: TaskSpec[];
}

// Status words as the plans write them, weighted like a plan in the middle of Phase 3.
const TASK_STATUSES: ReadonlyArray<readonly [string, number]> = [
  ['closed', 0.45],
  ['✅ done', 0.2],
  ['🔄 in progress', 0.08],
  ['worker_done', 0.05],
  ['⏳ pending', 0.14],
  ['❌ failed', 0.05],
  ['⚠️ blocked', 0.03],
];

function taskStatus(rng: Rng): string {
  let x = rng.int(0, 9999) / 10000;
  for (const [word, weight] of TASK_STATUSES) {
    if (x < weight) return word;
    x -= weight;
  }
  return '⏳ pending';
}

// Short, repo-relative paths as the real Tasks tables write them (`domain/health.py`, `tests/core/unit/fakes/`).
function path(rng: Rng): string {
  if (rng.chance(0.3)) return `tests/unit/test_${rng.pick(MODULES)}.py`;
  return `${rng.pick(AREAS)}/${rng.pick(MODULES)}.py`;
}

/** One file mostly, sometimes two or three. */
function fileCount(rng: Rng): number {
  const x = rng.int(0, 99);
  return x < 70 ? 1 : x < 95 ? 2 : 3;
}

function epics(rng: Rng, taskCount: number): EpicSpec[] {
  const out: EpicSpec[] = [];
  const used = new Set<string>();
  let left = taskCount;
  while (left > 0) {
    let slug = rng.slug();
    while (used.has(slug)) slug = rng.slug();
    used.add(slug);
    const id = `${PROJECT}-${slug}`;
    const size = Math.min(left, rng.int(8, 40));
    const epic: EpicSpec = { id, title: `Feature: ${rng.pick(NOUNS)} for ${rng.pick(PACKAGES)}`, tasks: [] };
    for (let k = 1; k <= size; k++) {
      const status = taskStatus(rng);
      const started = status !== '⏳ pending';
      const files = Array.from({ length: fileCount(rng) }, () => path(rng));
      epic.tasks.push({
        id: `${id}.${k}`,
        short: `${slug}.${k}`,
        title: `${rng.pick(VERBS)} ${rng.pick(NOUNS)}`,
        epic: id,
        status,
        worker: started ? `worker-${rng.hex(7)}` : '-',
        files,
        respawns: status === '❌ failed' ? rng.int(1, 2) : rng.chance(0.05) ? 1 : 0,
      });
    }
    out.push(epic);
    left -= size;
  }
  return out;
}

function timestamp(seconds: number): string {
  const d = new Date(Date.UTC(2025, 11, 26, 9, 0, 0) + seconds * 1000);
  return d.toISOString().slice(0, 19);
}

function logMessage(rng: Rng, t: TaskSpec, batch: number): string {
  switch (rng.int(0, 7)) {
    case 0:
      return `${t.short} spawned (${t.worker})`;
    case 1:
      return `${t.short} worker done, ${rng.int(2, 40)} tests`;
    case 2:
      return `${t.short} validated (mypy clean)`;
    case 3:
      return `Batch ${batch} starting`;
    case 4:
      return `${t.id} closed`;
    case 5:
      return `Respawned ${t.short} (timeout)`;
    case 6:
      return `Review passed: ${t.epic}`;
    default:
      return `Test suite: ${rng.int(200, 900)} passed`;
  }
}

const finished = (s: string): boolean => s === 'closed' || s === '✅ done';

/** A plan with `taskCount` tasks and about five log entries per task. */
function render(seed: number, taskCount: number): GeneratedPlan {
  const rng = new Rng(seed);
  const all = epics(rng, taskCount);
  const tasks = all.flatMap((e) => e.tasks);
  const out: string[] = [];
  const push = (...lines: string[]): void => {
    out.push(...lines);
  };
  const rule = (): void => push('', '---', '');
  let yamlBlocks = 0;

  push('# Beads Work Plan', 'Generated: 2025-12-26T09:00:00', `Session: ${rng.hex(8)}`);
  rule();
  push('## Phase Checklist', '', '| # | Phase | Agent | Status | Notes |', '|---|-------|-------|--------|-------|');
  const phases: ReadonlyArray<readonly [string, string, string, string]> = [
    ['Initialize Plan', 'orchestrator', '✅ done', ''],
    ['Discovery', 'haiku (5+)', '✅ done', `${all.length} epics, ${tasks.length} tasks`],
    ['Update Plan', 'orchestrator', '✅ done', ''],
    ['Execute Tasks', 'beads-task-worker', '🔄 in progress', `${tasks.filter((t) => t.worker !== '-').length} workers spawned`],
    ['Validate Workers', 'orchestrator', '🔄 in progress', ''],
    ['Review Changes', 'beads-reviewer (opus)', '⏳ pending', ''],
    ['Close Tasks', 'orchestrator', '⏳ pending', ''],
    ['Handle Discovered Issues', 'orchestrator', '⏳ pending', ''],
    ['Final Verification', 'orchestrator', '⏳ pending', ''],
    ['Summary & Wait', 'orchestrator', '⏳ pending', '**HARD STOP**'],
    ['User-Approved Commit', 'orchestrator', '⏳ pending', 'after user says "commit"'],
  ];
  phases.forEach(([name, agent, status, notes], n) => push(`| ${n} | ${name} | ${agent} | ${status} | ${notes} |`));
  push('', '**Current Phase: 3 - Execute Tasks**');
  rule();

  push('## Target Tasks');
  for (const e of all) push(`- ${e.id}: ${e.title} (${e.tasks.length} tasks)`);
  rule();

  push('## 1. Discovery Results', 'Status: ✅ done', '');
  for (const e of all) {
    const lead = e.tasks[0]!;
    push(`### Epic ${e.id}`, '```yaml');
    // Mostly valid yaml; one block in ten has the seed's `TASK: id` + indented keys shape, which yaml rejects.
    if (rng.chance(0.1)) push(`TASK: ${lead.id}`, `  title: ${lead.title}`);
    else {
      push('EPIC:', `  id: ${e.id}`, `  title: "${e.title}"`, '  children:');
      for (const t of e.tasks.slice(0, 3)) push(`    - ${t.id}: ${t.title}`);
      push(`  depends_on: [${rng.pick(all).id}]`, '  files:');
      for (const f of lead.files) push(`    - ${f}`);
    }
    push('```', '');
    yamlBlocks++;
    if (rng.chance(0.3)) {
      push('#### Dependency Context', '```yaml', 'DEPENDENCY_CONTEXT:', `  ${lead.id}:`, `    file: ${lead.files[0]}`, '    interface: |');
      push(`      class Fake${rng.pick(MODULES)}Detector:`, '          def get_cluster_state(self) -> RaftClusterState: ...', '```', '');
      yamlBlocks++;
    }
  }
  push('### Baseline Test Status', '```yaml', `TEST_COUNT: ${rng.int(400, 900)}`, 'BASELINE_STATUS: pass', 'PRE_EXISTING_FAILURES: none', '```');
  yamlBlocks++;
  rule();

  push('## 2. Tasks', 'Status: 🔄 in progress', '');
  push('| ID | Title | Epic | Status | Worker | Files | Respawns |', '|----|-------|------|--------|--------|-------|----------|');
  for (const t of tasks)
    push(`| ${t.id} | ${t.title} | ${t.epic} | ${t.status} | ${t.worker} | ${t.files.join(rng.chance(0.3) ? '<br>' : ', ')} | ${t.respawns} |`);
  push('', '## Conflict Matrix');
  for (const e of all) {
    const shorts = e.tasks.map((t) => t.short);
    push(`- PARALLEL_SAFE: [${shorts.slice(0, Math.ceil(shorts.length / 2)).join(', ')}] - different files`);
    if (shorts.length > 3) push(`- SEQUENTIAL: [${shorts.at(-2)} -> ${shorts.at(-1)}] - both touch ${e.tasks.at(-1)!.files[0]}`);
  }
  rule();

  push('## 3. Execution Log');
  let seconds = 0;
  const logEntries = tasks.length * 5;
  for (let k = 0; k < logEntries; k++) {
    seconds += rng.int(1, 40);
    push(`- ${timestamp(seconds)}: ${logMessage(rng, tasks[k % tasks.length]!, Math.floor(k / 50) + 1)}`);
  }
  rule();

  push('## 4. Worker Validation', 'Status: 🔄 in progress', '');
  push('| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|------|-----------|--------------|-------------|-------|');
  let validationRows = 0;
  for (const t of tasks) {
    if (t.status === '⏳ pending' || t.status === '⚠️ blocked') continue;
    const ok = t.status !== '❌ failed';
    push(`| ${t.id} | yes | ${ok ? `✅ ${rng.int(2, 40)} passed` : `❌ ${rng.int(1, 5)} failed`} | ${ok ? 'yes' : 'no'} | ${ok ? '✅' : '❌'} |`);
    validationRows++;
  }
  rule();

  push('## 5. Review Results', 'Status: 🔄 in progress', '');
  push('| Epic | Reviewer | Status | Warnings | Respawns |', '|------|----------|--------|----------|----------|');
  for (const e of all) {
    const done = e.tasks.every((t) => finished(t.status));
    push(`| ${e.id} | ${rng.pick(REVIEWERS)} | ${done ? 'PASS' : '⏳ pending'} | ${rng.int(0, 2)} | 0 |`);
  }
  push('', '### Reviewer Notes');
  for (const e of all.slice(0, 20)) push(`- ${e.id}: \`conftest.py\` duplicates fixtures of \`${e.tasks[0]!.files[0]}\`; not blocking`);
  rule();

  push('## 6. Closed Tasks');
  for (const t of tasks) if (t.status === 'closed') push(`- ${t.id}: ${t.title} ✓`);
  rule();

  push('## 7. Discovered Issues');
  for (const e of all.slice(0, 10)) push(`- Pre-existing: test_${rng.pick(MODULES)} is flaky under ${e.id} (tracked)`);
  rule();

  push('## 8. Final Verification', 'Status: ⏳ pending', '');
  push('- [ ] Full test suite passed', '- [ ] Mypy passed (0 errors)', '- [x] Pre-existing failures tracked', '- [ ] No new warnings');
  rule();

  push('## 9. Summary', 'Status: ⏳ pending', '', '### Files Changed');
  for (const f of [...new Set(tasks.filter((t) => finished(t.status)).flatMap((t) => t.files))].sort()) push(`- \`${f}\``);
  push('', '---', '⏸️ **WAITING FOR USER APPROVAL**', '', 'Review the changes above. When ready, reply with one of:');
  push('- **"commit"** → I will run `bd sync && git add . && git commit`', '- **"abort"** → No commit, discard session', '');

  const text = out.join('\n');
  return {
    text,
    bytes: Buffer.byteLength(text),
    tasks: tasks.length,
    logEntries,
    validationRows,
    yamlBlocks,
    middleTaskId: tasks[Math.floor(tasks.length / 2)]!.id,
  };
}

/** A plan of exactly `taskCount` tasks (the gate's 50,000-task case: as many tasks as validation rows, near enough). */
export function generateTasks(taskCount: number, seed: number = SEED): GeneratedPlan {
  return render(seed, taskCount);
}

/** The plan closest to `targetBytes`: the size is near-linear in the task count, so a few secant steps settle it. */
export function generatePlan(targetBytes: number, seed: number = SEED): GeneratedPlan {
  let n = Math.max(10, Math.round(targetBytes / 480));
  let plan = render(seed, n);
  for (let step = 0; step < 4 && Math.abs(plan.bytes - targetBytes) > targetBytes * 0.01; step++) {
    n = Math.max(10, Math.round((n * targetBytes) / plan.bytes));
    plan = render(seed, n);
  }
  return plan;
}

// ---------------------------------------------------------------------------
// A plan whose worker runs overlap, written as Run All Ready Workers writes it

interface ParallelPlanOptions {
  /** Tasks in the plan (default 6). */
  readonly tasks?: number;
  readonly maxParallel?: number;
  /** The last `pending` tasks are left pending, for a test to run. */
  readonly pending?: number;
  /** End lines carry turns, cost and session, as Claude Code workers' do. */
  readonly agent?: boolean;
  readonly seed?: number;
  /** When the plan was initialized (ms since the epoch); a fixed day in 2026 by default. */
  readonly origin?: number;
}

/** One worker run as the simulation ran it: ms since the plan was initialized. */
interface SimulatedRun {
  readonly taskId: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly outcome: 'done' | 'failed';
}

interface ParallelPlan {
  readonly text: string;
  readonly taskIds: readonly string[];
  readonly runs: readonly SimulatedRun[];
}

const PARALLEL_ORIGIN = Date.UTC(2026, 0, 5, 9, 0, 0);

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

function parallelBase(ids: readonly string[], files: readonly string[], origin: number): string {
  const phases = PHASE_NAMES.map((name, n) => `| ${n} | ${name} | orchestrator | ${n < 3 ? '✅ done' : '⏳ pending'} | |`);
  const rows = ids.map((id, k) => `| ${id} | ${rngTitle(k)} | bwp-par | ⏳ pending | - | ${files[k]} | 0 |`);
  return [
    '# Beads Work Plan',
    `Generated: ${utc(origin).slice(0, -1)}`,
    'Session: 0a11e1e1',
    '',
    '## Phase Checklist',
    '',
    '| # | Phase | Agent | Status | Notes |',
    '|---|-------|-------|--------|-------|',
    ...phases,
    '',
    '**Current Phase: 3**',
    '',
    '## 2. Tasks',
    '',
    '| ID | Title | Epic | Status | Worker | Files | Respawns |',
    '|----|-------|------|--------|--------|-------|----------|',
    ...rows,
    '',
    '## Conflict Matrix',
    `- PARALLEL_SAFE: [${ids.join(', ')}] - different files, except where two share one`,
    '',
    '## 3. Execution Log',
    `- ${utc(origin)}: Plan initialized`,
    `- ${utc(origin + 40_000)}: Discovery complete (3 haiku agents)`,
    '',
  ].join('\n');
}

const PHASE_NAMES = [
  'Initialize Plan',
  'Discovery',
  'Update Plan',
  'Execute Tasks',
  'Validate Workers',
  'Review Changes',
  'Close Tasks',
  'Handle Discovered Issues',
  'Final Verification',
  'Summary & Wait',
  'User-Approved Commit',
];

function rngTitle(k: number): string {
  return `${VERBS[k % VERBS.length]} ${NOUNS[k % NOUNS.length]}`;
}

function apply(text: string, result: EditResult): string {
  if (!result.ok) throw new Error(`the generator's edit failed: ${result.reason}`);
  return applyEdits(text, result.edits);
}

/**
 * Runs the plan's ready tasks as Run All Ready Workers does: the batches of
 * src/plan/schedule, at most `maxParallel` at once and never two on one file,
 * each start and end written with the extension's own edits and log lines,
 * on a simulated clock. One task fails and is run again afterwards (a
 * respawn); then the phase is advanced and each task's validation recorded.
 */
export function generateParallelPlan(options: ParallelPlanOptions = {}): ParallelPlan {
  const { tasks: count = 6, maxParallel = 2, pending = 0, agent = false, seed = SEED } = options;
  const origin = Math.floor((options.origin ?? PARALLEL_ORIGIN) / 1000) * 1000;
  const rng = new Rng(seed);
  const ids = Array.from({ length: count }, (_, k) => `bwp-par.${k + 1}`);
  // Tasks 2 and 3 share a file: the scheduler never runs them together.
  const files = ids.map((_, k) => (k === 1 || k === 2 ? 'views.py' : `module_${k + 1}.py`));
  let text = parallelBase(ids, files, origin);
  let clock = origin + 60_000;
  const at = () => new Date(clock);
  const runs: SimulatedRun[] = [];
  const failing = ids[Math.min(3, count - 1 - pending)]!;
  const facts = (): RunFacts =>
    agent ? { turns: rng.int(3, 30), costUsd: rng.int(2, 90) / 100, sessionId: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}` } : {};
  const start = (id: string, respawn: boolean): number => {
    text = apply(
      text,
      combine(
        text,
        (t) => setTaskCells(t, id, { status: 'in_progress', worker: `worker-${id.split('.').pop()}`, ...(respawn ? { respawns: '+1' as const } : {}) }),
        (t) => appendLog(t, workerStartedLine(id), at()),
      ),
    );
    return clock + rng.int(20, 240) * 1000 + rng.int(0, 9) * 100;
  };
  const finish = (id: string, startedAt: number, failed: boolean): void => {
    const duration = formatDuration(clock - startedAt);
    const end: WorkerEnd = failed ? { outcome: 'failed', reason: 'exited with code 1', duration } : { outcome: 'done', duration };
    text = apply(
      text,
      combine(
        text,
        (t) => setTaskCells(t, id, { status: failed ? 'failed' : 'done' }),
        (t) => appendLog(t, workerEndedLine(id, end, facts()), at()),
      ),
    );
    runs.push({ taskId: id, startMs: startedAt - origin, endMs: clock - origin, outcome: failed ? 'failed' : 'done' });
  };

  const ready = ids.slice(0, count - pending);
  const plan = parsePlan(text);
  const batches = planBatches(plan, ready);
  const filesOf = filesOfPlan(plan);
  const state = { running: new Set<string>(), done: new Set<string>(), failed: new Set<string>() };
  const inFlight = new Map<string, { startedAt: number; endsAt: number }>();
  text = apply(text, setPhase(text, 3, { status: 'in_progress' }));
  for (;;) {
    for (const id of nextRunnable(batches, state, maxParallel, filesOf)) {
      state.running.add(id);
      inFlight.set(id, { startedAt: clock, endsAt: start(id, false) });
      clock += 1000;
    }
    if (inFlight.size === 0) break;
    const [id, run] = [...inFlight].reduce((a, b) => (b[1].endsAt < a[1].endsAt ? b : a));
    clock = Math.max(clock, run.endsAt);
    inFlight.delete(id);
    state.running.delete(id);
    const failed = id === failing;
    (failed ? state.failed : state.done).add(id);
    finish(id, run.startedAt, failed);
  }
  const note = `${state.failed.size} failed: ${[...state.failed].join(', ')}`;
  text = apply(
    text,
    combine(
      text,
      (t) => setPhase(t, 3, { status: 'failed', notes: note }),
      (t) => appendLog(t, `Run all ready workers: ${note}`, at()),
    ),
  );
  // The failed task's rerun, by hand (Run Worker): a respawn that succeeds.
  clock += 30_000;
  const startedAt = clock;
  clock = start(failing, true);
  finish(failing, startedAt, false);
  if (pending === 0) {
    clock += 5000;
    text = apply(text, advancePhase(text, at()));
    for (const id of ready) {
      clock += rng.int(5, 20) * 1000;
      text = apply(text, appendLog(text, `Validation recorded for ${id}: valid`, at()));
    }
  }
  return { text, taskIds: ids, runs };
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(tmpdir(), 'beads-plan-bench');
  mkdirSync(dir, { recursive: true });
  for (const size of SIZES) {
    const plan = generatePlan(size.bytes);
    writeFileSync(join(dir, size.file), plan.text);
    console.log(`${join(dir, size.file)}: ${plan.bytes} bytes, ${plan.tasks} tasks, ${plan.logEntries} log entries`);
  }
  const parallel = generateParallelPlan({ agent: true });
  writeFileSync(join(dir, 'plan-parallel.md'), parallel.text);
  console.log(`${join(dir, 'plan-parallel.md')}: ${parallel.runs.length} worker runs, at most 2 at once`);
}
