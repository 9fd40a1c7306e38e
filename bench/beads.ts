// npm run bench:beads — what one batched `bd show` saves, and what reading
// beads' JSON costs. A benchmark, not a test: it prints a table.
//  - batched vs one call per task: N task ids asked in one `bd show --json`
//    against N single calls, both against the stand-in bd
//    (test/fixtures/bd/bd, a Node script: a real bd is a Go binary that starts
//    faster, so the saving here is a floor per process, not beads' own);
//  - parsing: parseIssues on a 1,000-issue `bd show` answer, as a ratio to
//    JSON.parse of the same text in the same process.
// Medians with p95 over the runs.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, join } from 'node:path';
import { BdClient } from '../src/beads/client';
import { parseIssues } from '../src/beads/shapes';

const STANDIN_DIR = join(__dirname, '..', 'test', 'fixtures', 'bd');

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

async function time(fn: () => unknown, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

function showAnswer(count: number): string {
  const issues = Array.from({ length: count }, (_, i) => ({
    id: `bench-${i}`,
    title: `Issue ${i} with a title of ordinary length`,
    description: 'A description of a few lines.\n'.repeat(5),
    acceptance_criteria: '- one\n- two\n- three',
    status: ['open', 'in_progress', 'closed', 'deferred', 'in_review'][i % 5],
    priority: i % 5,
    issue_type: 'task',
    created_at: '2026-05-30T10:00:00Z',
    updated_at: '2026-05-30T10:00:00Z',
    labels: ['bench'],
    dependencies: [{ id: 'bench-epic', title: 'Epic', status: 'open', priority: 1, issue_type: 'epic', created_at: '', updated_at: '', dependency_type: 'parent-child' }],
    parent: 'bench-epic',
    dependent_count: 0,
    dependency_count: 1,
    comment_count: 0,
  }));
  return JSON.stringify(issues, null, 2);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-beads-'));
  try {
    mkdirSync(join(dir, '.beads'));
    const ids = Array.from({ length: 10 }, (_, i) => `bench-${i}`);
    writeFileSync(join(dir, '.beads', 'standin.json'), JSON.stringify({ issues: ids.map((id) => ({ id, title: id, status: 'open', priority: 2 })) }));
    const client = new BdClient({ command: 'bd', cwd: dir, env: { ...process.env, PATH: `${STANDIN_DIR}${delimiter}${process.env.PATH ?? ''}` }, timeoutMs: 30_000 });
    await client.show(ids); // warm-up
    const runs = 9;
    const batched = stats(await time(() => client.show(ids), runs));
    const single = stats(await time(() => Promise.all(ids.map((id) => client.show([id]))), runs));
    const serial = stats(
      await time(async () => {
        for (const id of ids) await client.show([id]);
      }, Math.min(runs, 5)),
    );

    const text = showAnswer(1_000);
    for (let i = 0; i < 20; i++) parseIssues(JSON.parse(text));
    const baseline = stats(await time(() => JSON.parse(text), 50));
    const parsed = stats(await time(() => parseIssues(JSON.parse(text)), 50));

    const ms = (x: { median: number; p95: number }) => `${x.median.toFixed(1)} ms (p95 ${x.p95.toFixed(1)})`;
    console.log(`machine: ${cpus()[0]?.model ?? '?'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}`);
    console.log(`| What | Median (p95) | Ratio |`);
    console.log(`|---|---|---|`);
    console.log(`| one bd show for ${ids.length} ids | ${ms(batched)} | 1× |`);
    console.log(`| ${ids.length} bd show calls, at once | ${ms(single)} | ${(single.median / batched.median).toFixed(1)}× |`);
    console.log(`| ${ids.length} bd show calls, one after another | ${ms(serial)} | ${(serial.median / batched.median).toFixed(1)}× |`);
    console.log(`| JSON.parse of a 1,000-issue answer (${(text.length / 1024).toFixed(0)} KB) | ${ms(baseline)} | 1× |`);
    console.log(`| JSON.parse + parseIssues of it | ${ms(parsed)} | ${(parsed.median / baseline.median).toFixed(2)}× |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
