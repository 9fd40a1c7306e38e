// npm run bench [-- --full] [-- --profile]
//
// A benchmark, not a test: it prints a table and writes bench/results.json.
// Parse times are ratios to markdown-it's own parse of the same text in the
// same process, so that they mean something across machines. See README.md.
// `--child-5mb` is internal: the 5 MB measurements run in a child process
// that can be stopped, because a super-linear parser could take minutes there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, platform, arch } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MarkdownIt from 'markdown-it';
import { parsePlan } from '../src/plan/read/parse';
import { appendLog, applyEdits, setTaskCells, type EditResult } from '../src/plan/write/edit';
import { buildOutline, type OutlineNode } from '../src/plan/present/outline';
import { buildTimeline } from '../src/plan/timeline/model';
import type { Plan } from '../src/plan/model';
import { generatePlan, generateTasks, SEED, SIZES, type GeneratedPlan } from './generate';
import { checkGate } from '../src/plan/rules/gate';
import { needsUser } from '../src/plan/rules/attention';
import { pathologicalPlans, type Pathological } from './pathological';

const ROOT = resolve(__dirname, '..');
const SEED_PLAN = join(ROOT, 'test', 'fixtures', 'plans', 'seed-split-brain.md');
const BUNDLE = join(ROOT, 'dist', 'extension.js');
const RESULTS = join(__dirname, 'results.json');
const FULL = process.argv.includes('--full');
const PROFILE = process.argv.includes('--profile');
/** `--full` lifts the time caps: every measurement gets the runs it asks for. */
const CAP = FULL ? 20 : 1;
const CHILD_TIMEOUT_MS = 35_000 * CAP;
/** A fixed clock, so that appendLog writes the same entry every run. */
const NOW = new Date(Date.UTC(2025, 11, 27, 12, 0, 0));
const MB = 1024 * 1024;

// ---------------------------------------------------------------- sampling

interface Stats {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Stopped by its time budget before reaching the runs asked for. */
  readonly budgetHit: boolean;
}

interface Sampling {
  readonly warmup: number;
  readonly runs: number;
  /** Wall-clock cap for warm-up and runs together; at least one run is always measured. */
  readonly budgetMs: number;
}

const sampling = (warmup: number, runs: number, budgetMs: number): Sampling => ({ warmup, runs, budgetMs: budgetMs * CAP });

/** Takes each result while it is timed, so that no call can be optimised away; emptied after, so that one run's result does not weigh on the next run's GC. */
let sink: unknown;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  sink = fn();
  const t = performance.now() - t0;
  sink = undefined;
  return t;
}

/**
 * Times `fns` round by round, rotating their order each round so that drift,
 * GC debt and other processes' load fall on all of them alike.
 */
function rounds(fns: ReadonlyArray<() => unknown>, plan: Sampling, onRound?: (sofar: Stats[]) => void): Stats[] {
  const start = performance.now();
  const over = () => performance.now() - start > plan.budgetMs;
  for (let w = 0; w < plan.warmup && !over(); w++) for (const fn of fns) timeOnce(fn);
  const times: number[][] = fns.map(() => []);
  const stats = () =>
    times.map((t) => ({ runs: t.length, median: median(t), min: Math.min(...t), max: Math.max(...t), budgetHit: t.length < plan.runs }));
  for (let r = 0; r < plan.runs && (r === 0 || !over()); r++) {
    for (let k = 0; k < fns.length; k++) {
      const i = (r + k) % fns.length;
      times[i]!.push(timeOnce(fns[i]!));
    }
    onRound?.(stats());
  }
  return stats();
}

const one = (fn: () => unknown, plan: Sampling): Stats => rounds([fn], plan)[0]!;

// ---------------------------------------------------------------- memory

/** `gc()`, exposed at run time so that `npm run bench` needs no node flag. */
function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // Fall through: memory is then reported without a collection, and says so.
  }
  return undefined;
}

const gc = exposeGc();

function settle(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Heap still used by what `make` returns, measured with it alive, after full collections; dropped after. */
function retained(make: () => unknown): { bytes: number; heapUsed: number } {
  const before = settle();
  const value = make();
  const heapUsed = settle();
  sink = value; // used after the measurement, so that an optimised frame cannot drop it early
  sink = undefined;
  return { bytes: heapUsed - before, heapUsed };
}

// ---------------------------------------------------------------- report

interface Row {
  readonly metric: string;
  readonly value: string;
  readonly target?: string;
  readonly met?: boolean;
  readonly detail: string;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3)) + ' ms';
const mib = (bytes: number): string => `${(bytes / MB).toFixed(bytes >= 10 * MB ? 1 : 2)} MiB`;
const kib = (bytes: number): string => (bytes >= MB ? mib(bytes) : `${(bytes / 1024).toFixed(1)} KiB`);
const runsText = (s: Stats, asked: number): string => `n=${s.runs}${s.budgetHit ? ` (budget; asked ${asked})` : ''}`;

const STARTED = performance.now();

function progress(text: string): void {
  process.stderr.write(`  ${((performance.now() - STARTED) / 1000).toFixed(0).padStart(4)} s  ${text}\n`);
}

function printTable(header: readonly string[]): void {
  const cells = rows.map((r) => [r.metric, r.value, r.target ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO', r.detail]);
  const titles = ['Metric', 'Value', 'Target', 'Met', 'Detail'];
  const widths = titles.map((t, k) => Math.max(t.length, ...cells.map((c) => c[k]!.length)));
  const line = (c: readonly string[]) => c.map((x, k) => x.padEnd(widths[k]!)).join(' | ').trimEnd();
  console.log(header.join('\n'));
  console.log(line(titles));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const c of cells) console.log(line(c));
}

// ---------------------------------------------------------------- parse

interface ParseCase {
  readonly name: string;
  readonly text: string;
  readonly bytes: number;
  readonly sampling: Sampling;
}

interface ParseResult {
  readonly name: string;
  readonly asked: number;
  readonly bytes: number;
  readonly markdownIt?: Stats;
  readonly parsePlan?: Stats;
  readonly ratio?: number;
  /** Why parsePlan has no numbers (the 5 MB child timed out). */
  readonly missing?: string;
}

function compareParse(md: ReturnType<typeof MarkdownIt>, c: ParseCase): ParseResult {
  progress(`parse ${c.name}`);
  const [markdownIt, plan] = rounds([() => md.parse(c.text, {}), () => parsePlan(c.text)], c.sampling);
  return { name: c.name, asked: c.sampling.runs, bytes: c.bytes, markdownIt: markdownIt!, parsePlan: plan!, ratio: plan!.median / markdownIt!.median };
}

function parseRow(r: ParseResult, target?: number): void {
  const label = `parse ${r.name} (${kib(r.bytes)})`;
  if (r.ratio === undefined || !r.parsePlan || !r.markdownIt) {
    rows.push({
      metric: label,
      value: 'no result',
      ...(target !== undefined ? { target: `≤ ${target}×`, met: false } : {}),
      detail: `${r.missing ?? ''}${r.markdownIt ? `; markdown-it ${ms(r.markdownIt.median)}, ${runsText(r.markdownIt, r.asked)}` : ''}`,
    });
    return;
  }
  rows.push({
    metric: label,
    value: `${r.ratio.toFixed(2)}×`,
    ...(target !== undefined ? { target: `≤ ${target}×`, met: r.ratio <= target } : {}),
    detail: `parsePlan ${ms(r.parsePlan.median)} / markdown-it ${ms(r.markdownIt.median)}, ${runsText(r.parsePlan, r.asked)}`,
  });
}

/** How parsePlan's time grows with size between two plans: 1 is linear, 2 quadratic. */
function growth(a: ParseResult, b: ParseResult): number | undefined {
  if (!a.parsePlan || !b.parsePlan) return undefined;
  return Math.log(b.parsePlan.median / a.parsePlan.median) / Math.log(b.bytes / a.bytes);
}

// ---------------------------------------------------------------- pathological inputs

interface PathologicalResult {
  readonly name: string;
  readonly bytes: number;
  readonly parsePlan: Stats;
  readonly markdownIt: Stats;
  readonly ratio: number;
}

/** Each input at `bytes` against markdown-it on the same text, in alternating rounds. */
function comparePathological(md: ReturnType<typeof MarkdownIt>, inputs: readonly Pathological[], bytes: number, plan: Sampling): PathologicalResult[] {
  progress(`pathological inputs at ${kib(bytes)} (${inputs.length})`);
  return inputs.map((input) => {
    const text = input.plan(bytes);
    const [markdownIt, parse] = rounds([() => md.parse(text, {}), () => parsePlan(text)], plan);
    return { name: input.name, bytes: Buffer.byteLength(text), parsePlan: parse!, markdownIt: markdownIt!, ratio: parse!.median / markdownIt!.median };
  });
}

function worst<T>(items: readonly T[], by: (item: T) => number): T {
  return items.reduce((a, b) => (by(b) > by(a) ? b : a));
}

/** Rows for the inputs of issue 19: the worst ratio to markdown-it, and the slowest parse, at 100 KB; the worst ratio at 1 MB of the plans of many parts. */
function pathologicalRows(md: ReturnType<typeof MarkdownIt>): void {
  const inputs = pathologicalPlans();
  const small = comparePathological(md, inputs, 100 * 1024, sampling(1, 5, 300));
  const large = comparePathological(md, inputs.filter((i) => i.many), MB, sampling(1, 3, 3_000));
  const detail = (r: PathologicalResult) => `${r.name}: parsePlan ${ms(r.parsePlan.median)} / markdown-it ${ms(r.markdownIt.median)}`;
  const ratioOf = worst(small, (r) => r.ratio);
  const slowest = worst(small, (r) => r.parsePlan.median);
  const largeRatio = worst(large, (r) => r.ratio);
  rows.push({ metric: `pathological inputs (100 KB): worst ratio`, value: `${ratioOf.ratio.toFixed(2)}×`, detail: `of ${small.length} inputs; ${detail(ratioOf)}` });
  rows.push({
    metric: 'pathological inputs (100 KB): slowest parse',
    value: ms(slowest.parsePlan.median),
    target: '< 100 ms',
    met: slowest.parsePlan.median < 100,
    detail: detail(slowest),
  });
  rows.push({
    metric: 'pathological inputs (1 MB, many parts): worst ratio',
    value: `${largeRatio.ratio.toFixed(2)}×`,
    target: '≤ 1.5×',
    met: largeRatio.ratio <= 1.5,
    detail: `of ${large.length} inputs; ${detail(largeRatio)}`,
  });
  results.pathological = { small, large };
}

// ---------------------------------------------------------------- 5 MB child

interface Memory {
  readonly modelBytes: number;
  readonly heapUsedAfterParse: number;
  readonly markdownItTokensBytes: number;
}

interface HugeMemory extends Memory {
  readonly firstParsePlanMs: number;
  readonly firstMarkdownItMs: number;
}

/** A line the child writes as soon as it knows it: what a timed-out child leaves is still reported. */
type HugeLine = { tokens: number; firstMarkdownItMs: number } | { memory: HugeMemory } | { markdownIt: Stats; parsePlan: Stats };

/** Child side: markdown-it and parsePlan on the 5 MB plan, memory first (those parses are the warm-up). */
function hugeChild(): void {
  const emit = (line: HugeLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const size = SIZES[2];
  const text = generatePlan(size.bytes).text;
  const md = new MarkdownIt();
  let firstMarkdownItMs = 0;
  const tokens = retained(() => {
    const t0 = performance.now();
    const value = md.parse(text, {});
    firstMarkdownItMs = performance.now() - t0;
    return value;
  });
  emit({ tokens: tokens.bytes, firstMarkdownItMs });
  let firstParsePlanMs = 0;
  const model = retained(() => {
    const t0 = performance.now();
    const value = parsePlan(text);
    firstParsePlanMs = performance.now() - t0;
    return value;
  });
  emit({ memory: { modelBytes: model.bytes, heapUsedAfterParse: model.heapUsed, markdownItTokensBytes: tokens.bytes, firstParsePlanMs, firstMarkdownItMs } });
  // 5 runs: each processes 5 MiB twice, so the median is steady while the whole stays within budget.
  // Each round is reported as it ends, so that a child stopped by the time limit still counts its runs.
  rounds([() => md.parse(text, {}), () => parsePlan(text)], sampling(0, 5, 20_000), ([markdownIt, plan]) =>
    emit({ markdownIt: markdownIt!, parsePlan: plan! }),
  );
}

/** Parent side: runs the child with a time limit and keeps whatever it reported. */
function huge(bytes: number): { parse: ParseResult; memory?: HugeMemory } {
  progress('parse 5 MB and its memory (child process)');
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child-5mb'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 16 * MB,
  });
  const lines = child.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as HugeLine);
  let memory: HugeMemory | undefined;
  let stats: { markdownIt: Stats; parsePlan: Stats } | undefined;
  let first: number | undefined;
  for (const line of lines) {
    if ('memory' in line) memory = line.memory;
    else if ('markdownIt' in line) stats = line;
    else first = line.firstMarkdownItMs;
  }
  const base = { name: SIZES[2].name, asked: 5, bytes };
  if (stats) return { parse: { ...base, ...stats, ratio: stats.parsePlan.median / stats.markdownIt.median }, ...(memory ? { memory } : {}) };
  const why = child.error
    ? `child stopped after ${(CHILD_TIMEOUT_MS / 1000).toFixed(0)} s ${memory ? `with one parsePlan done in ${ms(memory.firstParsePlanMs)}` : 'before one parsePlan finished'}; --full waits longer`
    : `child failed: ${child.stderr.trim().split('\n').slice(-1)[0] ?? child.status}`;
  const firstRun: Stats | undefined = first === undefined ? undefined : { runs: 1, median: first, min: first, max: first, budgetHit: true };
  return { parse: { ...base, ...(firstRun ? { markdownIt: firstRun } : {}), missing: why }, ...(memory ? { memory } : {}) };
}

// ---------------------------------------------------------------- activation

/**
 * Runs in a fresh `node`: `require('vscode')` yields a stand-in, then only the
 * evaluation of the required file is timed. activate() is never called. The
 * Node built-ins the extension host has always loaded before any extension
 * (it spawns processes, talks over sockets, reads files) are loaded first, in
 * the baseline too: loading them is not the extension's cost. The
 * stand-in is `{}`; `inert` mode uses a proxy whose every property is another
 * inert proxy (no behaviour) and records which names module scope read.
 */
const ACTIVATION_CHILD = String.raw`
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const [file, mode] = process.argv.slice(1);
for (const m of ['node:child_process', 'node:fs', 'node:fs/promises', 'node:net', 'node:path', 'node:crypto', 'node:os', 'node:string_decoder']) require(m);
const reads = new Set();
const inert = (path) => new Proxy(function () {}, {
  get: (t, k) => typeof k === 'symbol' ? undefined : k === 'prototype' ? t.prototype : (reads.add(path + '.' + k), inert(path + '.' + k)),
});
// esbuild's __toESM builds an object on the module's prototype (plus its own keys), so the proxy goes there.
const standIn = mode === 'inert' ? Object.create(inert('vscode')) : {};
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? standIn : load.call(this, request, ...rest); };
let error;
const t0 = performance.now();
try { require(file); } catch (e) { error = String(e && e.message || e); }
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, error, reads: [...reads].filter((r) => !r.endsWith('.__esModule')) }));
`;

interface ChildResult {
  readonly ms: number;
  readonly error?: string;
  readonly reads: string[];
}

function requireInChild(file: string, mode: 'empty' | 'inert'): ChildResult {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawnSync(process.execPath, ['-e', ACTIVATION_CHILD, file, mode], { encoding: 'utf8', env, timeout: 30_000 });
  if (child.status !== 0) return { ms: NaN, error: (child.stderr || `exit ${child.status}`).split('\n')[0]!, reads: [] };
  return JSON.parse(child.stdout) as ChildResult;
}

function activation(): void {
  progress('build (node scripts/build.mjs)');
  const t0 = performance.now();
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  const buildMs = performance.now() - t0;
  if (build.status !== 0) {
    const why = (build.stderr || build.stdout).trim().split('\n').slice(0, 3).join(' ');
    rows.push({ metric: 'activation: require(dist/extension.js)', value: 'build failed', target: '≤ 15 ms', met: false, detail: why });
    results.activation = { buildFailed: why };
    return;
  }
  const bytes = statSync(BUNDLE).size;
  rows.push({ metric: 'bundle size dist/extension.js', value: kib(bytes), target: '< 1 MiB', met: bytes < MB, detail: `${bytes} bytes, built in ${ms(buildMs)}` });

  const dir = mkdtempSync(join(tmpdir(), 'beads-bench-'));
  const empty = join(dir, 'empty.js');
  writeFileSync(empty, '');
  try {
    progress('activation: fresh node processes');
    // The brief's stand-in is an empty object; if module scope reads vscode, that throws and says where.
    const probe = requireInChild(BUNDLE, 'empty');
    const mode = probe.error === undefined ? 'empty' : 'inert';
    const inertReads = mode === 'inert' ? requireInChild(BUNDLE, 'inert').reads : [];
    const bundle: number[] = [];
    const baseline: number[] = [];
    const PROCESSES = 10;
    let failure: string | undefined;
    for (let i = 0; i < PROCESSES; i++) {
      const a = requireInChild(BUNDLE, mode);
      const b = requireInChild(empty, mode);
      failure ??= a.error;
      bundle.push(a.ms);
      baseline.push(b.ms);
    }
    const med = median(bundle);
    const base = median(baseline);
    rows.push({
      metric: 'activation: require(dist/extension.js)',
      value: failure ? 'failed' : ms(med),
      target: '≤ 15 ms',
      met: !failure && med <= 15,
      detail: failure ? failure : `median of ${PROCESSES} fresh processes, min ${ms(Math.min(...bundle))}, module evaluation only`,
    });
    rows.push({
      metric: "activation: require('vscode') stand-in",
      value: mode === 'empty' ? '{}' : 'inert proxy',
      detail:
        mode === 'empty'
          ? 'an empty object, as asked'
          : `{} threw "${probe.error}": module scope reads ${inertReads.join(', ')}; timed with a proxy whose every property is another proxy (no behaviour)`,
    });
    rows.push({
      metric: 'activation baseline: require(empty.js)',
      value: ms(base),
      detail: `same loader, ${PROCESSES} processes; bundle costs ${(med / base).toFixed(0)}× an empty module, +${ms(med - base)}`,
    });
    results.activation = {
      bundleBytes: bytes,
      buildMs,
      standIn: mode,
      emptyStandInError: probe.error,
      moduleScopeReads: inertReads,
      processes: PROCESSES,
      requireMs: { median: med, min: Math.min(...bundle), all: bundle },
      emptyModuleMs: { median: base, all: baseline },
      error: failure,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- the CLI

const CLI_BUNDLE = join(ROOT, 'dist', 'cli.js');
const MCP_BUNDLE = join(ROOT, 'dist', 'mcp.js');

/** Wall time of one fresh `node <args>` process, start to exit. */
function processMs(args: readonly string[]): number {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 30_000 });
  const took = performance.now() - t0;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${(child.stderr || '').split('\n')[0]}`);
  return took;
}

function p95(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/**
 * The CLI's bundles, and how long `beads-plan --version` takes to start and
 * exit, against `node empty.js` in the same rounds (the ratio is what means
 * something across machines). `BENCH_CLI_BEFORE=<an older dist/cli.js>` adds
 * its `--help` (older builds have no --version) to the same rounds.
 */
function cliStart(): void {
  const cliBytes = statSync(CLI_BUNDLE).size;
  const mcpBytes = statSync(MCP_BUNDLE).size;
  rows.push({ metric: 'bundle size dist/cli.js', value: kib(cliBytes), detail: `${cliBytes} bytes: every command but mcp` });
  rows.push({ metric: 'bundle size dist/mcp.js', value: kib(mcpBytes), detail: `${mcpBytes} bytes: beads-plan mcp and the MCP SDK, read only by that command` });
  const before = process.env.BENCH_CLI_BEFORE;
  const dir = mkdtempSync(join(tmpdir(), 'beads-bench-cli-'));
  const empty = join(dir, 'empty.js');
  writeFileSync(empty, '');
  try {
    progress('beads-plan --version: fresh node processes');
    const ROUNDS = 15;
    const times = { version: [] as number[], empty: [] as number[], before: [] as number[] };
    processMs([CLI_BUNDLE, '--version']);
    for (let i = 0; i < ROUNDS; i++) {
      times.version.push(processMs([CLI_BUNDLE, '--version']));
      times.empty.push(processMs([empty]));
      if (before) times.before.push(processMs([before, '--help']));
    }
    const base = median(times.empty);
    const line = (xs: number[]): string => `median ${ms(median(xs))}, p95 ${ms(p95(xs))}, ${(median(xs) / base).toFixed(2)}× node empty.js (${ms(base)}), ${ROUNDS} processes`;
    rows.push({ metric: 'beads-plan --version (start to exit)', value: ms(median(times.version)), detail: line(times.version) });
    if (before) rows.push({ metric: 'before: beads-plan --help (start to exit)', value: ms(median(times.before)), detail: `${before}: ${line(times.before)}` });
    results.cli = {
      cliBytes,
      mcpBytes,
      versionMs: { median: median(times.version), p95: p95(times.version), all: times.version },
      emptyMs: { median: base, p95: p95(times.empty), all: times.empty },
      ...(before ? { before: { bundle: before, bytes: statSync(before).size, helpMs: { median: median(times.before), p95: p95(times.before), all: times.before } } } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- profile

/** `--profile`: where parsePlan spends its time on the 1 MB plan, by function. */
async function profile(text: string): Promise<void> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((done, fail) => session.post(method, params ?? {}, (err, res) => (err ? fail(err) : done(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const t0 = performance.now();
  let n = 0;
  while (n < 3 && (n === 0 || performance.now() - t0 < 20_000)) {
    parsePlan(text);
    n++;
  }
  const { profile } = await post<{ profile: Profiler.Profile }>('Profiler.stop');
  session.disconnect();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  const name = (node: Profiler.ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}`;
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    selfBy.set(name(node), (selfBy.get(name(node)) ?? 0) + t);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const key = name(byId.get(id)!);
      if (!seen.has(key)) inclBy.set(key, (inclBy.get(key) ?? 0) + t);
      seen.add(key);
    }
  }
  const total = inclBy.get('parsePlan plan/parse.ts') ?? 0;
  const top = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => /plan\/|markdown-it|yaml|garbage/.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `    ${(v / n).toFixed(1).padStart(8)} ms  ${total ? ((v / total) * 100).toFixed(0).padStart(3) : '  ?'}%  ${k}`);
  console.log(`\nProfile of parsePlan on the 1 MB plan (${n} runs, per run; % of parsePlan):`);
  console.log('  self time:');
  console.log(top(selfBy).join('\n'));
  console.log('  inclusive time:');
  console.log(top(inclBy).join('\n'));
}

// ---------------------------------------------------------------- main

function nodeCount(node: OutlineNode): number {
  return 1 + node.children.reduce((n, c) => n + nodeCount(c), 0);
}

function editOk(r: EditResult, what: string): Extract<EditResult, { ok: true }> {
  if (!r.ok) throw new Error(`${what} failed: ${r.reason}`);
  return r;
}

/** The generated plan must read back as generated, or the benchmark measures the wrong thing. */
function checkPlan(g: GeneratedPlan, plan: Plan, name: string): void {
  const problems = [
    plan.tasks.length !== g.tasks && `tasks ${plan.tasks.length} ≠ ${g.tasks}`,
    plan.log.length !== g.logEntries && `log ${plan.log.length} ≠ ${g.logEntries}`,
    plan.validation.length !== g.validationRows && `validation ${plan.validation.length} ≠ ${g.validationRows}`,
    plan.yamlBlocks.length !== g.yamlBlocks && `yaml ${plan.yamlBlocks.length} ≠ ${g.yamlBlocks}`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`generated ${name} plan does not read back: ${problems.join(', ')}`);
}

// ---------------------------------------------------------------- gate

const percentile = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/**
 * The commit gate and the attention rule on a parsed plan, as ratios to
 * parsePlan on the same text, timed round by round in the same process: both
 * build their indexes once per parse, so each must stay a fraction of a parse
 * (target ≤ 0.2×) however many tasks and validation rows there are.
 */
function gateRows(cases: ReadonlyArray<{ readonly name: string; readonly text: string }>): void {
  const out: Record<string, unknown> = {};
  for (const c of cases) {
    progress(`gate ${c.name}`);
    const plan = parsePlan(c.text);
    const times = { parse: [] as number[], gate: [] as number[], attention: [] as number[] };
    const budget = performance.now() + 30_000 * CAP;
    for (let run = 0; run < 1 + 7 * CAP && (run < 3 || performance.now() < budget); run++) {
      // A warm-up round first; rotating the order spreads GC debt and load over all three alike.
      const fns: ReadonlyArray<readonly [keyof typeof times, () => unknown]> = [
        ['parse', () => parsePlan(c.text)],
        ['gate', () => checkGate(plan)],
        ['attention', () => needsUser(plan)],
      ];
      for (let k = 0; k < fns.length; k++) {
        const [key, fn] = fns[(k + run) % fns.length]!;
        const t = timeOnce(fn);
        if (run > 0) times[key].push(t);
      }
    }
    const parse = median(times.parse);
    const row = (what: 'gate' | 'attention'): void => {
      const ratio = median(times[what]) / parse;
      const ratioP95 = percentile(times[what], 95) / parse;
      rows.push({
        metric: `${what === 'gate' ? 'checkGate' : 'needsUser'} (${c.name}, ${plan.tasks.length} tasks, ${plan.validation.length} validation rows)`,
        value: `${ratio.toFixed(3)}×`,
        target: '≤ 0.2× parsePlan',
        met: ratio <= 0.2,
        detail: `median ${ms(median(times[what]))}, p95 ${ms(percentile(times[what], 95))} (${ratioP95.toFixed(3)}×); parsePlan median ${ms(parse)}, p95 ${ms(percentile(times.parse, 95))}; ${times.parse.length} runs`,
      });
      out[`${what} ${c.name}`] = { ratio, ratioP95, medianMs: median(times[what]), parseMedianMs: parse, runs: times.parse.length };
    };
    row('gate');
    row('attention');
  }
  results.gate = out;
}

async function main(): Promise<void> {
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    availableParallelism: availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
    os: `${platform()} ${release()} ${arch()}`,
    totalMemory: totalmem(),
    loadAverageAtStart: loadavg(),
  };
  results.machine = machine;
  results.startedAt = new Date().toISOString();
  results.options = { full: FULL, gcExposed: gc !== undefined };

  progress('generating plans');
  const seedText = readFileSync(SEED_PLAN, 'utf8');
  const generated = SIZES.map((s) => ({ ...s, plan: generatePlan(s.bytes) }));
  results.plans = generated.map((g) => ({
    name: g.name,
    bytes: g.plan.bytes,
    tasks: g.plan.tasks,
    logEntries: g.plan.logEntries,
    validationRows: g.plan.validationRows,
    yamlBlocks: g.plan.yamlBlocks,
  }));
  const [small, medium, large] = generated;
  checkPlan(small.plan, parsePlan(small.plan.text), small.name);
  checkPlan(medium.plan, parsePlan(medium.plan.text), medium.name);

  // One markdown-it for the baseline, built once like parsePlan's own: construction is not parsing.
  const md = new MarkdownIt();
  const seed = compareParse(md, { name: 'seed plan', text: seedText, bytes: Buffer.byteLength(seedText), sampling: sampling(30, 200, 3_000) });
  const p100k = compareParse(md, { name: small.name, text: small.plan.text, bytes: small.plan.bytes, sampling: sampling(5, 30, 6_000) });
  const p1m = compareParse(md, { name: medium.name, text: medium.plan.text, bytes: medium.plan.bytes, sampling: sampling(2, 21, 20_000) });
  const { parse: p5m, memory: hugeMemory } = huge(large.plan.bytes);
  parseRow(seed);
  parseRow(p100k);
  parseRow(p1m, 1.5);
  parseRow(p5m);
  const exponents = [growth(p100k, p1m), growth(p1m, p5m)];
  const power = (x: number | undefined) => (x === undefined ? '?' : `size^${x.toFixed(2)}`);
  rows.push({
    metric: 'parsePlan growth 100 KB → 1 MB → 5 MB',
    value: `${power(exponents[0])}, ${power(exponents[1])}`,
    detail: 'time ∝ size^k between consecutive plans: 1.00 is linear, 2.00 quadratic',
  });
  results.parse = { seed, p100k, p1m, p5m, growthExponents: exponents };
  pathologicalRows(md);

  gateRows([
    { name: medium.name, text: medium.plan.text },
    { name: large.name, text: large.plan.text },
    { name: '50,000 tasks', text: generateTasks(50_000).text },
  ]);

  // Edits on the 1 MB plan: its middle task, a log entry, each with and without the parsed plan.
  progress('edits on the 1 MB plan');
  const text = medium.plan.text;
  const plan = parsePlan(text);
  const id = medium.plan.middleTaskId;
  const cells = { status: 'in_progress', worker: 'worker-bench' } as const;
  const quick = sampling(20, 200, 4_000);
  // These parse 1 MB each run; 10 runs give a steady median and keep the whole within budget.
  const slow = sampling(1, 10, 5_000);
  const cellWith = one(() => editOk(setTaskCells(text, id, cells, plan), 'setTaskCells'), quick);
  const cellWithout = one(() => editOk(setTaskCells(text, id, cells), 'setTaskCells'), slow);
  const logWith = one(() => editOk(appendLog(text, 'Benchmark entry', NOW, plan), 'appendLog'), quick);
  const logWithout = one(() => editOk(appendLog(text, 'Benchmark entry', NOW), 'appendLog'), slow);
  const edits = editOk(setTaskCells(text, id, cells, plan), 'setTaskCells').edits;
  const apply = one(() => applyEdits(text, edits), quick);
  const reparse = one(() => parsePlan(applyEdits(text, edits)), slow);
  const after = parsePlan(applyEdits(text, edits)).tasks.find((t) => t.id === id);
  if (after?.status !== 'in_progress' || after.worker !== 'worker-bench') throw new Error('the edited task does not read back');
  const editRow = (metric: string, s: Stats, asked: number, target?: number) =>
    rows.push({
      metric,
      value: ms(s.median),
      ...(target !== undefined ? { target: `< ${target} ms`, met: s.median < target } : {}),
      detail: `${runsText(s, asked)}, min ${ms(s.min)}`,
    });
  editRow(`setTaskCells, plan passed (1 MB, task ${id})`, cellWith, quick.runs, 1);
  editRow('setTaskCells, no plan (parses)', cellWithout, slow.runs);
  editRow('appendLog, plan passed (1 MB)', logWith, quick.runs, 1);
  editRow('appendLog, no plan (parses)', logWithout, slow.runs);
  editRow('applyEdits (1 MB, one cell)', apply, quick.runs);
  editRow('re-parse after edit (applyEdits + parsePlan)', reparse, slow.runs);
  results.edits = { task: id, setTaskCellsWithPlan: cellWith, setTaskCellsWithoutPlan: cellWithout, appendLogWithPlan: logWith, appendLogWithoutPlan: logWithout, applyEdits: apply, reparseAfterEdit: reparse };

  progress('outline');
  const opts = { fallbackLabel: 'plan-1mb.md', path: '/bench/plan-1mb.md', now: NOW.getTime() };
  const outline = one(() => buildOutline(plan, 'bench', opts), sampling(5, 30, 5_000));
  const nodes = nodeCount(buildOutline(plan, 'bench', opts));
  rows.push({ metric: 'buildOutline (1 MB plan)', value: ms(outline.median), detail: `${nodes} nodes, ${runsText(outline, 30)}, min ${ms(outline.min)}` });
  results.outline = { ...outline, nodes };

  progress('timeline');
  // buildTimeline keeps one timeline per parsed plan: a shallow copy is a new plan to it, at no parse cost.
  const timeline = one(() => buildTimeline({ ...plan }), sampling(3, 21, 5_000));
  const drawn = buildTimeline(plan);
  rows.push({
    metric: 'buildTimeline (1 MB plan)',
    value: ms(timeline.median),
    detail: `${drawn.entries.length} log entries, ${drawn.totals.runs} runs in ${drawn.tasks.length} lanes, ${runsText(timeline, 21)}, min ${ms(timeline.min)}`,
  });
  results.timeline = { ...timeline, entries: drawn.entries.length, runs: drawn.totals.runs };

  progress('memory');
  const tokens = retained(() => md.parse(text, {}));
  const model = retained(() => parsePlan(text));
  const memory: Record<string, Memory & { fileBytes: number }> = {
    [medium.name]: { fileBytes: medium.plan.bytes, modelBytes: model.bytes, heapUsedAfterParse: model.heapUsed, markdownItTokensBytes: tokens.bytes },
  };
  if (hugeMemory) memory[large.name] = { fileBytes: large.plan.bytes, ...hugeMemory };
  for (const [name, m] of Object.entries(memory)) {
    const where = name === large.name ? 'fresh process, --expose-gc' : gc ? 'this process, after gc' : 'no gc available: includes garbage';
    rows.push({
      metric: `heap retained by the model (${name})`,
      value: mib(m.modelBytes),
      detail: `${(m.modelBytes / m.fileBytes).toFixed(1)}× the file; heapUsed after parse ${mib(m.heapUsedAfterParse)} (${where}); markdown-it's tokens would keep ${mib(m.markdownItTokensBytes)}`,
    });
  }
  if (!hugeMemory) rows.push({ metric: `heap retained by the model (${large.name})`, value: 'no result', detail: p5m.missing ?? '' });
  results.memory = memory;

  activation();
  cliStart();

  if (PROFILE) await profile(text);

  results.durationMs = performance.now() - STARTED;
  results.loadAverageAtEnd = loadavg();
  results.rows = rows;
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  const load = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(' ');
  printTable([
    '',
    `Beads Work Plan benchmark — ${new Date().toISOString()}`,
    `Machine: ${machine.cpu}, ${machine.cores} cores (${machine.availableParallelism} available), ${mib(machine.totalMemory)} RAM, ${machine.os}`,
    `Node ${machine.node} (V8 ${machine.v8}); load average ${load(machine.loadAverageAtStart)} → ${load(loadavg())}`,
    ...generated.map(
      (g) =>
        `Plan ${g.name.padEnd(6)}: ${g.plan.bytes} bytes, ${g.plan.tasks} tasks, ${g.plan.logEntries} log entries, ${g.plan.validationRows} validation rows, ${g.plan.yamlBlocks} yaml blocks (seed ${SEED})`,
    ),
    '',
  ]);
  console.log(`\n${((performance.now() - STARTED) / 1000).toFixed(0)} s; results in ${RESULTS}`);
  void sink;
}

if (process.argv.includes('--child-5mb')) hugeChild();
else
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
