// `beads-plan mcp` edits racing `beads-plan` runs, and an agent that rewrites
// the plan with its file tools (read, then truncate and write the whole
// file). Every edit of ours leaves a unique marker: a log line or a task row.
// - MCP against the CLI alone: nothing is lost, nothing doubled.
// - With the rewriting agent too: nothing of ours is lost except to a
//   rewrite that read the plan before our edit finished and wrote it after
//   (outside anyone's reach while the agent does not take the lock), nothing
//   doubled, and the plan is never corrupted: each read of it during the
//   race, and the last, is a whole plan.
// Times are CLOCK_MONOTONIC (process.hrtime), which all processes share.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parsePlan } from '../../../src/plan/read/parse';
import { fixture } from '../../unit/fixtures';
import { tempDir } from '../../unit/cli/helpers';
import { bundleCli } from '../../unit/cli/bundle';

/** The CLI bundled (with its MCP server), as agents run it: a process starts in tens of ms, not a TypeScript loader's second. */
const CLI = bundleCli(tempDir());
const RUNS = 16;
const us = (): number => Number(process.hrtime.bigint() / 1000n);

interface Op {
  readonly marker: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** The agent: read the plan, write it back whole with a line added, until told to stop; its reads and writes, timed. */
const AGENT = `const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const [file, stop] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
const us = () => Number(process.hrtime.bigint() / 1000n);
const writes = [];
for (let k = 0; !existsSync(stop) && k < 400; k++) {
  const readUs = us();
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text + '- 2025-12-27T10:00: agent line ' + k + '\\n');
  writes.push({ readUs, writeUs: us() });
  Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
}
process.stdout.write(JSON.stringify(writes));
`;

function startAgent(file: string): { stop(): Promise<{ readUs: number; writeUs: number }[]> } {
  const dir = tempDir();
  writeFileSync(join(dir, 'agent.cjs'), AGENT);
  const stopFile = join(dir, 'stop');
  const child = spawn(process.execPath, [join(dir, 'agent.cjs'), file, stopFile]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ readUs: number; writeUs: number }[]>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { readUs: number; writeUs: number }[]) : reject(new Error(`agent exited ${code}`)))),
  );
  return {
    stop: () => {
      writeFileSync(stopFile, '');
      return done;
    },
  };
}

function cliRun(cwd: string, args: readonly string[]): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, err: err.trim() }));
  });
}

/** Runs `jobs` at most `width` at a time. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const k = next++;
        results[k] = await jobs[k]!();
      }
    }),
  );
  return results;
}

async function timed(marker: string, run: () => Promise<string | undefined>): Promise<Op> {
  const startUs = us();
  const error = await run();
  return { marker, startUs, endUs: us(), ok: error === undefined, ...(error !== undefined ? { error } : {}) };
}

async function raceOnce(withAgent: boolean): Promise<{ ops: Op[]; text: string; agentWrites: { readUs: number; writeUs: number }[]; midReads: string[] }> {
  const dir = tempDir();
  mkdirSync(join(dir, '.beads'));
  const plan = join(dir, '.beads', 'PLAN.md');
  writeFileSync(plan, fixture('seed-split-brain.md'));
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp'], cwd: dir, stderr: 'ignore' });
  const client = new Client({ name: 'stress', version: '0' });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>): Promise<string | undefined> => {
    const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return r.isError ? r.content.map((c) => (c.type === 'text' ? c.text : '')).join('') : undefined;
  };
  const cli = async (args: string[]): Promise<string | undefined> => {
    const r = await cliRun(dir, args);
    return r.code === 0 ? undefined : r.err;
  };
  // Reads during the race: each must be a whole plan (an agent's truncate shows an empty file for a moment; ours never do).
  const midReads: string[] = [];
  let racing = true;
  const sampler = (async () => {
    while (racing) {
      midReads.push(readFileSync(plan, 'utf8'));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const agent = withAgent ? startAgent(plan) : undefined;
  const jobs: (() => Promise<Op>)[] = [];
  for (let k = 0; k < RUNS; k++) {
    jobs.push(() => timed(`mcp-log-${k}`, () => call('plan_log', { text: `mcp-log-${k}` })));
    jobs.push(() => timed(`cli-log-${k}`, () => cli(['log', '.beads/PLAN.md', `cli-log-${k}`])));
    jobs.push(() => timed(`mcp-task-${k}`, () => call('plan_add_task', { id: `mcp-task-${k}`, title: 'raced' })));
    jobs.push(() => timed(`cli-task-${k}`, () => cli(['add-task', '.beads/PLAN.md', `cli-task-${k}`, 'raced'])));
  }
  // MCP calls go over one connection, CLI runs are processes: 4 in flight of each kind at most.
  const ops = await pool(jobs, 4);
  racing = false;
  await sampler;
  const agentWrites = agent ? await agent.stop() : [];
  await client.close();
  return { ops, text: readFileSync(plan, 'utf8'), agentWrites, midReads };
}

/** How many times the marker is in the plan: a log line ending in it, or a task row starting with it. */
function count(text: string, marker: string): number {
  const log = new RegExp(`^- \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d: ${marker}$`, 'gm');
  const row = new RegExp(`^\\| ${marker} \\| raced \\|`, 'gm');
  return (text.match(log) ?? []).length + (text.match(row) ?? []).length;
}

describe('beads-plan mcp racing the CLI', { timeout: 600_000 }, () => {
  it('MCP edits and CLI runs lose nothing to each other', async (t) => {
    const { ops, text } = await raceOnce(false);
    const failed = ops.filter((o) => !o.ok);
    assert.deepEqual(failed, [], 'every edit succeeded');
    const wrong = ops.filter((o) => count(text, o.marker) !== 1).map((o) => `${o.marker}: ${count(text, o.marker)}`);
    assert.deepEqual(wrong, [], 'each marker exactly once');
    assert.ok(parsePlan(text).isPlan);
    t.diagnostic(`${ops.length} edits (${RUNS} each of MCP log, CLI log, MCP add-task, CLI add-task), none lost`);
  });

  it('with an agent rewriting the plan too: ours lose nothing to each other, and the plan is never corrupted', async (t) => {
    const { ops, text, agentWrites, midReads } = await raceOnce(true);
    assert.ok(agentWrites.length >= 5, `the agent wrote during the race (${agentWrites.length})`);
    // A failure must be a clear "being rewritten" (exit 2), never a crash or a corruption.
    for (const o of ops.filter((x) => !x.ok)) assert.match(o.error ?? '', /the plan is being rewritten|was rewritten by another writer/, o.marker);
    const doubled = ops.filter((o) => count(text, o.marker) > 1).map((o) => o.marker);
    assert.deepEqual(doubled, [], 'nothing doubled');
    // A lost edit of ours must have a rewrite that read before it ended and wrote after it began: the agent's stale copy.
    const lost = ops.filter((o) => o.ok && count(text, o.marker) === 0);
    const unexplained = lost.filter((o) => !agentWrites.some((w) => w.readUs < o.endUs && w.writeUs > o.startUs)).map((o) => o.marker);
    assert.deepEqual(unexplained, [], 'every lost edit was overwritten by the agent');
    const final = parsePlan(text);
    assert.ok(final.isPlan, 'the last text is a plan');
    // Mid-race reads: the agent's truncate and write may show an empty file, or the start of its text; anything else must be a whole plan.
    const title = fixture('seed-split-brain.md').split('\n')[0]!;
    const torn = midReads.filter((r) => r !== '' && !title.startsWith(r) && !parsePlan(r).isPlan);
    assert.deepEqual(torn, [], 'every read during the race was a whole plan');
    t.diagnostic(
      `${ops.length} edits, ${ops.filter((o) => !o.ok).length} refused as being rewritten, ${lost.length} overwritten by the agent's ${agentWrites.length} stale rewrites, ${midReads.length} reads during the race`,
    );
  });
});
