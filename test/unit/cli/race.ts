// The concurrency harness of issue 20: real `beads-plan log` and `set-task`
// runs (the bundled CLI, a few at a time) racing a foreign writer that writes
// the plan as agents' tools do, in one of three modes:
// - append:   `>>` (appendFileSync) of a log line;
// - truncate: read the plan, then writeFileSync of it plus a log line;
// - rename:   read the plan, write it plus a log line to a temp file, rename it over.
// Every write of the foreign writer and every CLI run leaves a unique marker,
// so the final plan tells what was lost or duplicated. Times come from
// CLOCK_MONOTONIC (process.hrtime), which all processes share.
//
// Standalone (no node:test import): the unit test (race.test.ts) and the
// measurement script (bench/race.ts) both run it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { addTask, applyEdits } from '../../../src/plan/write/edit';
import { parsePlan } from '../../../src/plan/read/parse';

export type Mode = 'append' | 'truncate' | 'rename';
export const MODES: readonly Mode[] = ['append', 'truncate', 'rename'];

const ROOT = join(__dirname, '..', '..', '..');
const SEED = join(ROOT, 'test', 'fixtures', 'plans', 'seed-split-brain.md');

export interface RaceOptions {
  readonly mode: Mode;
  /** How many `log` runs, and as many `set-task` runs. */
  readonly runs: number;
  /** CLI runs at once. */
  readonly width: number;
  /** The foreign writer's pause between writes, uniform in [low, high] ms. */
  readonly pauseMs: readonly [number, number];
  /** The foreign writer stops after this many writes, so that a slow machine does not grow the plan without end. */
  readonly maxWrites?: number;
  /** The bundled CLI (see bundleCli). */
  readonly cli: string;
}

export interface RaceResult {
  readonly mode: Mode;
  readonly runs: { readonly log: number; readonly task: number };
  /** Runs that exited 0, and the one-line errors of the others. */
  readonly succeeded: { readonly log: number; readonly task: number };
  readonly failures: readonly string[];
  /** Changes of runs that exited 0 missing from the plan, each overwritten by a foreign write that read the plan before it. */
  readonly cliLost: { readonly log: number; readonly task: number };
  /** Missing changes that no foreign write explains: a bug. */
  readonly unexplained: readonly string[];
  readonly foreignWrites: number;
  readonly foreignLost: number;
  /** Extra copies of markers (CLI log entries, foreign lines) found more than once. */
  readonly duplicated: number;
  /** Why the plan is corrupted: empty when it is one plan, with one title and each section once. */
  readonly corruption: readonly string[];
  /** Files left beside the plan (temp, lock; `.orig` from a conflict). */
  readonly leftovers: readonly string[];
  readonly lines: number;
  /** The plan's lines plus one per CLI log entry and foreign line found: what an uncorrupted file has. */
  readonly expectedLines: number;
  readonly ms: number;
}

/** Bundles the CLI once, as `dist/cli.js` is built: a run then starts in tens of milliseconds, not the second tsx takes. */
export function bundleCli(dir: string): string {
  const outfile = join(dir, 'cli.js');
  // As scripts/build.mjs splits it: `beads-plan mcp` and the MCP SDK in mcp.js beside it, read only by that command.
  const options: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', external: ['./mcp'], supported: { 'dynamic-import': false } };
  buildSync({ ...options, entryPoints: [join(ROOT, 'src', 'cli', 'index.ts')], outfile });
  buildSync({ ...options, entryPoints: [join(ROOT, 'src', 'cli', 'mcp.ts')], outfile: join(dir, 'mcp.js') });
  return outfile;
}

const taskId = (k: number): string => `race-t${k}`;

/** The seed plan with one task per set-task run, so that every run's change can be checked on its own. */
function racePlan(runs: number): string {
  let text = readFileSync(SEED, 'utf8');
  for (let k = 0; k < runs; k++) {
    const added = addTask(text, { id: taskId(k), title: `race task ${k}`, worker: '-' });
    if (!added.ok) throw new Error(added.reason);
    text = applyEdits(text, added.edits);
  }
  return text;
}

const WRITER = `const { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const [file, mode, low, high, stop, max] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
const us = () => Number(process.hrtime.bigint() / 1000n);
const writes = [];
for (let k = 0; k < 5 || (k < Number(max) && !existsSync(stop)); k++) {
  const line = '- 2025-12-27T10:00: foreign line ' + k + '\\n';
  if (mode === 'append') {
    const readUs = us();
    appendFileSync(file, line);
    writes.push({ readUs, writeUs: us(), saw: null });
  } else {
    const readUs = us();
    const text = readFileSync(file, 'utf8');
    const saw = text.match(/cli-(?:log|task)-\\d+/g) || [];
    if (mode === 'truncate') writeFileSync(file, text + line);
    else {
      writeFileSync(file + '.foreign.tmp', text + line);
      renameSync(file + '.foreign.tmp', file);
    }
    writes.push({ readUs, writeUs: us(), saw });
  }
  Atomics.wait(pause, 0, 0, Number(low) + Math.random() * (Number(high) - Number(low)));
}
process.stdout.write(JSON.stringify(writes));
`;

interface ForeignWrite {
  readonly readUs: number;
  readonly writeUs: number;
  /** The CLI markers in the text it read and wrote back; null for an append, which writes back nothing. */
  readonly saw: readonly string[] | null;
}

interface Run {
  readonly marker: string;
  readonly args: readonly string[];
  startUs: number;
  endUs: number;
  code: number;
  err: string;
}

const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);

function runCli(cli: string, run: Run): Promise<void> {
  return new Promise((resolve, reject) => {
    run.startUs = nowUs();
    const child = spawn(process.execPath, [cli, ...run.args], { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      run.endUs = nowUs();
      run.code = code ?? -1;
      run.err = Buffer.concat(err).toString().trim();
      resolve();
    });
  });
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Runs one race in a fresh folder, removed afterwards, and reads the plan it leaves. */
export async function race(options: RaceOptions): Promise<RaceResult> {
  const dir = mkdtempSync(join(tmpdir(), `beads-race-${options.mode}-`));
  try {
    return await raceIn(dir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function raceIn(dir: string, { mode, runs, width, pauseMs, maxWrites = Infinity, cli }: RaceOptions): Promise<RaceResult> {
  const file = join(dir, 'PLAN.md');
  const original = racePlan(runs);
  writeFileSync(file, original);
  const writer = join(dir, 'writer.cjs');
  const stop = join(dir, 'stop');
  writeFileSync(writer, WRITER);
  const started = Date.now();
  const child = spawn(process.execPath, [writer, file, mode, String(pauseMs[0]), String(pauseMs[1]), stop, String(maxWrites)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  const writerDone = new Promise<ForeignWrite[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString()) as ForeignWrite[]) : reject(new Error(`the foreign writer exited with ${code}`))));
  });

  // log and set-task runs, interleaved.
  const jobs: Run[] = [];
  for (let k = 0; k < runs; k++) {
    jobs.push({ marker: `cli-log-${k}`, args: ['log', file, `cli-log-${k}`], startUs: 0, endUs: 0, code: 0, err: '' });
    jobs.push({ marker: `cli-task-${k}`, args: ['set-task', file, taskId(k), '--worker', `cli-task-${k}`], startUs: 0, endUs: 0, code: 0, err: '' });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await runCli(cli, jobs[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
  writeFileSync(stop, '');
  const writes = await writerDone;
  const ms = Date.now() - started;

  const text = readFileSync(file, 'utf8');
  const plan = parsePlan(text);
  const corruption: string[] = [];
  const titles = count(text, '# Beads Work Plan');
  if (titles !== 1) corruption.push(`the title ${titles} times`);
  if (!plan.isPlan) corruption.push('not a plan');
  const headings = (t: string): string[] => t.split('\n').filter((l) => /^#{2,6} /.test(l));
  const want = headings(original);
  const have = headings(text);
  if (have.join('\n') !== want.join('\n')) corruption.push(`sections: ${have.length} headings where ${want.length} were`);
  if (plan.tasks.length !== runs + parsePlan(readFileSync(SEED, 'utf8')).tasks.length) corruption.push(`${plan.tasks.length} tasks`);
  const errors = (t: string): string[] => parsePlan(t).findings.flatMap((f) => (f.severity === 'error' ? [f.message] : []));
  if (errors(text).join('\n') !== errors(original).join('\n')) corruption.push(`errors: ${errors(text).join('; ')}`);

  const workers = new Map(plan.tasks.map((t) => [t.id, t.worker]));
  let duplicated = 0;
  const cliLost = { log: 0, task: 0 };
  const unexplained: string[] = [];
  const succeeded = { log: 0, task: 0 };
  const failures: string[] = [];
  for (const [k, job] of jobs.entries()) {
    const kind = job.args[0] === 'log' ? 'log' : 'task';
    const copies = kind === 'log' ? count(text, `: ${job.marker}\n`) : workers.get(taskId(Math.floor(k / 2))) === job.marker ? 1 : 0;
    if (copies > 1) duplicated += copies - 1;
    if (job.code !== 0) {
      failures.push(`${job.args.slice(0, 1).join(' ')} ${job.marker}: exit ${job.code}: ${job.err}`);
      continue;
    }
    succeeded[kind]++;
    if (copies > 0) continue;
    // A foreign write that read the plan before this run ended, without this change, and wrote after it started.
    const overwritten = writes.some((w) => w.saw !== null && w.readUs < job.endUs && w.writeUs > job.startUs && !w.saw.includes(job.marker));
    if (overwritten) cliLost[kind]++;
    else unexplained.push(`${job.marker}: missing, and no foreign write overwrote it`);
  }
  let foreignLost = 0;
  for (let k = 0; k < writes.length; k++) {
    const copies = count(text, `: foreign line ${k}\n`);
    if (copies === 0) foreignLost++;
    if (copies > 1) duplicated += copies - 1;
  }
  const leftovers = readdirSync(dir).filter((f) => !['PLAN.md', 'writer.cjs', 'stop'].includes(f));
  const logged = jobs.filter((j, k) => k % 2 === 0 && count(text, `: ${j.marker}\n`) > 0).length;
  return {
    mode,
    runs: { log: runs, task: runs },
    succeeded,
    failures,
    cliLost,
    unexplained,
    foreignWrites: writes.length,
    foreignLost,
    duplicated,
    corruption,
    leftovers,
    lines: text.split('\n').length - 1,
    expectedLines: original.split('\n').length - 1 + logged + writes.length - foreignLost,
    ms,
  };
}
