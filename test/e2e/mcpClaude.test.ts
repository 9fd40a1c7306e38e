// The real Claude Code CLI (test/e2e/claudeCli.ts) given `beads-plan mcp`
// as a worker is given it (`--mcp-config`, added by withClaudeOptions), with
// the stand-in model (fakeModel.ts) in place of the paid one: the model calls
// mcp__beads-plan__plan_set_task and plan_log, which the permission rules
// allow, and plan_advance, which they do not. The CLI's own permission
// engine decides; its transcript shows the two calls run and the third
// denied, and the plan changes exactly as `beads-plan set-task` and `log`
// change a copy of it. The server is the bundle the extension ships
// (dist/cli.js, dist/mcp.js: `npm run build` first).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClaudeOptions } from '../../src/process/claude';
import { expandCommand } from '../../src/process/command';
import { runProcess } from '../../src/process/run';
import { StreamJsonReader, type ResultEvent, type StreamEvent } from '../../src/process/streamJson';
import { DEFAULT_CLAUDE_OPTIONS, DEFAULT_WORKER_COMMAND } from '../manifest';
import { capture } from '../unit/cli/helpers';
import { claudeCli } from './claudeCli';
import { startFakeModel } from './fakeModel';
import { repoRoot } from './harness';

const cli = claudeCli();
const cannotRun = 'cannotRun' in cli ? `the Claude Code CLI at ${cli.path} cannot run here: ${cli.cannotRun}` : undefined;
const BUNDLE = join(repoRoot, 'dist', 'cli.js');
const SEED = readFileSync(join(repoRoot, 'test', 'fixtures', 'plans', 'seed-split-brain.md'), 'utf8');

test('the real CLI with --mcp-config: the model sets a task and logs through beads-plan mcp; the permission engine lets exactly those through', { skip: cannotRun }, async (t) => {
  assert.ok('help' in cli);
  assert.ok(existsSync(join(repoRoot, 'dist', 'mcp.js')), 'the bundles are built (npm run build)');
  const dir = mkdtempSync(join(tmpdir(), 'claude-mcp-'));
  const home = mkdtempSync(join(tmpdir(), 'claude-home-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  mkdirSync(join(dir, '.beads'));
  const plan = join(dir, '.beads', 'PLAN.md');
  writeFileSync(plan, SEED);
  const twin = join(mkdtempSync(join(tmpdir(), 'claude-mcp-twin-')), 'PLAN.md');
  writeFileSync(twin, SEED);
  t.after(() => rmSync(join(twin, '..'), { recursive: true, force: true }));

  const model = await startFakeModel([
    { name: 'mcp__beads-plan__plan_set_task', input: { id: 'f8s', status: 'in_progress', worker: 'claude-1' } },
    { name: 'mcp__beads-plan__plan_log', input: { text: 'f8s started by an orchestrator' } },
    { name: 'mcp__beads-plan__plan_advance', input: {} },
  ]);
  t.after(() => model.close());
  // The worker's command, as the extension builds it: the default template and settings, the server given as the extension gives it.
  const mcpConfig = JSON.stringify({ mcpServers: { 'beads-plan': { command: process.execPath, args: [BUNDLE, 'mcp'] } } });
  const command = withClaudeOptions(expandCommand([cli.path, ...DEFAULT_WORKER_COMMAND.slice(1)], { taskId: 'f8s', taskTitle: 'BDD', planPath: plan, files: '' }), {
    ...DEFAULT_CLAUDE_OPTIONS,
    // The default allows plan_show and plan_log; a user who wants workers to set their task's status adds plan_set_task.
    allowedTools: [...DEFAULT_CLAUDE_OPTIONS.allowedTools, 'mcp__beads-plan__plan_set_task'],
    mcpConfig,
  });
  const events: StreamEvent[] = [];
  const lines: string[] = [];
  const reader = new StreamJsonReader();
  const result = await runProcess({
    command,
    cwd: dir,
    env: { HOME: home, ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'dummy-key-for-a-local-stand-in', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' },
    timeoutMs: 180_000,
    onOutput: (chunk, stream) => {
      if (stream !== 'stdout') return;
      lines.push(chunk);
      events.push(...reader.push(chunk).filter((i): i is StreamEvent => i.kind !== 'raw'));
    },
  });
  events.push(...reader.end().filter((i): i is StreamEvent => i.kind !== 'raw'));
  t.diagnostic(`exit: ${result.message}; ${events.length} events`);

  // The init event lists the server as connected.
  const init = lines
    .join('')
    .split('\n')
    .map((l) => {
      try {
        return JSON.parse(l) as { type?: string; subtype?: string; mcp_servers?: { name: string; status: string }[] };
      } catch {
        return undefined;
      }
    })
    .find((o) => o?.type === 'system' && o.subtype === 'init');
  t.diagnostic(`mcp servers: ${JSON.stringify(init?.mcp_servers)}`);
  assert.equal(init?.mcp_servers?.find((s) => s.name === 'beads-plan')?.status, 'connected');

  // The permission engine's decisions, in the transcript.
  const outcome = events.find((e): e is ResultEvent => e.kind === 'result');
  assert.ok(outcome, `a result event: ${result.output.slice(-2000)}`);
  assert.deepEqual(
    outcome.permissionDenials.map((d) => d.toolName),
    ['mcp__beads-plan__plan_advance'],
    'plan_advance has no allow rule: denied',
  );
  const results = events.filter((e) => e.kind === 'toolResult');
  t.diagnostic(`tool results: ${JSON.stringify(results).slice(0, 1500)}`);
  assert.equal(results.length, 3);
  const [setTask, log] = results;
  assert.ok(setTask?.kind === 'toolResult' && !setTask.isError && setTask.text.includes('"changed": true'), JSON.stringify(setTask));
  assert.ok(log?.kind === 'toolResult' && !log.isError && log.text.includes('f8s started by an orchestrator'), JSON.stringify(log));

  // Exactly the CLI's edits: set-task, then the log line (its timestamp the minute the server wrote it).
  assert.equal((await capture('set-task', twin, 'f8s', '--status', 'in_progress', '--worker', 'claude-1')).code, 0);
  assert.equal((await capture('log', twin, 'f8s started by an orchestrator')).code, 0);
  const stamp = (text: string) => text.replace(/^- \d{4}-\d\d-\d\dT\d\d:\d\d: f8s started by an orchestrator$/m, '- <minute>: f8s started by an orchestrator');
  const after = readFileSync(plan, 'utf8');
  assert.notEqual(stamp(after), after, 'the log line is there');
  assert.equal(stamp(after), stamp(readFileSync(twin, 'utf8')));
});
