// `beads-plan mcp` driven by the MCP SDK's own client over stdio, as Claude
// Code drives it: the tools are listed; each is called on a copy of the seed
// and of a real plan while the CLI's same command runs on a twin copy, and
// the two files stay byte for byte the same; refusals are tool errors with
// the CLI's reason; the plans are resources; nothing leaves the workspace.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fixture } from '../fixtures';
import { capture, cliScript, tempDir } from './helpers';

const TOOLS = ['plan_add_review', 'plan_add_task', 'plan_advance', 'plan_check', 'plan_gate', 'plan_log', 'plan_set_phase', 'plan_set_task', 'plan_show', 'plan_timeline', 'plan_validate'];
const PLANS = { seed: ['.beads/plans/seed.md', 'seed-split-brain.md'], real: ['docs/PLAN-v6.md', 'real/PLAN-v6.md'] } as const;

/** A workspace with the seed under .beads/ and a real plan elsewhere (found by its heading), and a README that is no plan. */
function workspace(): string {
  const dir = tempDir();
  for (const [path, name] of Object.values(PLANS)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), fixture(name));
  }
  writeFileSync(join(dir, 'README.md'), '# A project\n');
  return dir;
}

async function connect(cwd: string): Promise<{ client: Client; stderr: () => string }> {
  // The bundled CLI, as the package ships it: a server started through tsx spent a second compiling before it answered.
  const transport = new StdioClientTransport({ command: process.execPath, args: [cliScript(), 'mcp'], cwd, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'beads-plan-test', version: '0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

const textOf = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');

/** Log lines carry the minute: both writers must take theirs in the same one. */
async function sameMinuteAhead(): Promise<void> {
  while (new Date().getSeconds() >= 55) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('beads-plan mcp over stdio, with the SDK’s client', () => {
  let mcpDir: string;
  let cliDir: string;
  let client: Client;
  let stderr: () => string;

  before(async () => {
    mcpDir = workspace();
    cliDir = workspace();
    ({ client, stderr } = await connect(mcpDir));
  });
  after(() => client.close());

  it('lists the tools, each with an input schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const t of tools) assert.equal(t.inputSchema.type, 'object', t.name);
    const setTask = tools.find((t) => t.name === 'plan_set_task')!;
    assert.deepEqual(setTask.inputSchema.required, ['id']);
  });

  /** Calls `tool` on the MCP workspace's plan and `command` (its PLAN the twin's path) with --json on the twin; the plans must stay the same bytes. */
  async function same(which: keyof typeof PLANS, tool: string, input: Record<string, unknown>, command: string[]): Promise<CallToolResult> {
    const [path] = PLANS[which];
    await sameMinuteAhead();
    const [result, cli] = await Promise.all([
      client.callTool({ name: tool, arguments: { path, ...input } }) as Promise<CallToolResult>,
      capture(command[0]!, '--json', ...command.slice(1).map((a) => (a === 'PLAN' ? join(cliDir, path) : a))),
    ]);
    assert.equal(result.isError, undefined, `${tool}: ${textOf(result)}`);
    assert.equal(cli.code, 0, cli.err);
    assert.equal(readFileSync(join(mcpDir, path), 'utf8'), readFileSync(join(cliDir, path), 'utf8'), `${tool} and ${command[0]} wrote the same bytes`);
    const ours = JSON.parse(textOf(result)) as { changed: boolean; diff: string; findings: unknown };
    const theirs = JSON.parse(cli.out) as typeof ours;
    assert.equal(ours.changed, true, `${tool} changed the plan`);
    // The diff names the plan as git would from where each ran: the MCP server in its workspace, the CLI outside it (the full path).
    assert.equal(ours.diff, theirs.diff.replaceAll(join(cliDir, path).replace(/^\//, ''), path));
    assert.deepEqual(ours.findings, theirs.findings);
    return result;
  }

  for (const which of ['seed', 'real'] as const)
    it(`each editing tool changes the ${which} plan exactly as the CLI does`, async () => {
      const id = which === 'seed' ? 'f8s' : 'dl3';
      const item = which === 'seed' ? 'Syntax verified' : 'Core unit tests';
      await same(which, 'plan_set_task', { id, status: 'in_progress', worker: 'w-1', respawns: '+1' }, ['set-task', 'PLAN', id, '--status', 'in_progress', '--worker', 'w-1', '--respawns', '+1']);
      // A title starting with a dash stays a title, never an option.
      await same(which, 'plan_add_task', { id: 'django-litefs-zz9', title: '--not an option', status: 'pending', files: ['a.ts', 'src/b.ts'] }, [
        'add-task',
        '--status',
        'pending',
        '--files',
        'a.ts,src/b.ts',
        '--',
        'PLAN',
        'django-litefs-zz9',
        '--not an option',
      ]);
      await same(which, 'plan_validate', { task: id, testsRun: '4', testsPassed: '4', typesPassed: 'yes', valid: false }, [
        'validate',
        'PLAN',
        id,
        '--tests-run',
        '4',
        '--tests-passed',
        '4',
        '--types-passed',
        'yes',
        '--valid',
        'no',
      ]);
      await same(which, 'plan_log', { text: '-v started by an agent' }, ['log', '--', 'PLAN', '-v started by an agent']);
      await same(which, 'plan_check', { item, uncheck: true }, ['check', 'PLAN', item, '--uncheck']);
      await same(which, 'plan_add_review', { epic: 'django-litefs-3b6', reviewer: 'sonnet', status: 'failed', warnings: '2' }, ['add-review', 'PLAN', 'django-litefs-3b6', 'sonnet', 'failed', '--warnings', '2']);
      await same(which, 'plan_set_phase', { phase: 9, status: 'in_progress', note: 'back to the summary' }, ['set-phase', 'PLAN', '9', 'in_progress', '--note', 'back to the summary']);
      await same(which, 'plan_set_phase', { phase: 8, status: 'in_progress' }, ['set-phase', 'PLAN', '8', 'in_progress']);
      await same(which, 'plan_advance', {}, ['advance', 'PLAN']);
    });

  for (const which of ['seed', 'real'] as const)
    it(`the reading tools answer for the ${which} plan as the CLI does`, async () => {
      const [path] = PLANS[which];
      const file = join(cliDir, path);
      const show = (await client.callTool({ name: 'plan_show', arguments: { path } })) as CallToolResult;
      assert.deepEqual(JSON.parse(textOf(show)), JSON.parse((await capture('json', file)).out));
      const gate = (await client.callTool({ name: 'plan_gate', arguments: { path } })) as CallToolResult;
      // Blocked is an answer (exit 1), not an error.
      assert.equal(gate.isError, undefined);
      assert.deepEqual(JSON.parse(textOf(gate)), JSON.parse((await capture('gate', file, '--json')).out));
      const timeline = (await client.callTool({ name: 'plan_timeline', arguments: { path } })) as CallToolResult;
      assert.deepEqual(JSON.parse(textOf(timeline)), JSON.parse((await capture('timeline', file, '--json')).out));
    });

  it('answers a refusal as a tool error with the CLI’s one-line reason, and changes nothing', async () => {
    const [path] = PLANS.seed;
    const before = readFileSync(join(mcpDir, path), 'utf8');
    const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string[]]> = [
      ['plan_set_task', { id: 'nope', status: 'done' }, ['set-task', 'nope', '--status', 'done']],
      ['plan_set_phase', { phase: 10, status: 'done' }, ['set-phase', '10', 'done']],
      ['plan_set_phase', { phase: 10, status: 'done', commit: 'deadbeef' }, ['set-phase', '10', 'done', '--commit', 'deadbeef']],
      ['plan_set_task', { id: 'f8s' }, ['set-task', 'f8s']],
      ['plan_check', { item: 'no such item anywhere' }, ['check', 'no such item anywhere']],
    ];
    for (const [tool, input, command] of cases) {
      const result = (await client.callTool({ name: tool, arguments: { path, ...input } })) as CallToolResult;
      const file = join(mcpDir, path);
      const cli = await capture(command[0]!, file, ...command.slice(1));
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(input)} is refused`);
      assert.notEqual(cli.code, 0);
      assert.equal(textOf(result), cli.err.replace(/^beads-plan: /, '').replaceAll(file, path), tool);
      assert.equal(textOf(result).split('\n').length, 1);
    }
    // The SDK checks the schema first: an unknown status never reaches the plan.
    const bad = (await client.callTool({ name: 'plan_set_task', arguments: { path, id: 'f8s', status: 'finished' } })) as CallToolResult;
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /status/);
    assert.equal(readFileSync(join(mcpDir, path), 'utf8'), before);
  });

  it('edits nothing outside the workspace, by a relative path or a symlink', async () => {
    const outside = join(tempDir(), 'PLAN.md');
    writeFileSync(outside, fixture('seed-split-brain.md'));
    symlinkSync(outside, join(mcpDir, 'escape.md'));
    for (const path of [outside, relative(mcpDir, outside), 'escape.md']) {
      const result = (await client.callTool({ name: 'plan_log', arguments: { path, text: 'escaped' } })) as CallToolResult;
      assert.equal(result.isError, true, path);
      assert.match(textOf(result), /is outside the workspace/);
    }
    assert.equal(readFileSync(outside, 'utf8'), fixture('seed-split-brain.md'));
  });

  it('needs a path when the workspace has several plans, and names them', async () => {
    const result = (await client.callTool({ name: 'plan_show', arguments: {} })) as CallToolResult;
    assert.equal(result.isError, true);
    assert.match(textOf(result), /the workspace has 2 plans; give the path of one: \.beads\/plans\/seed\.md, docs\/PLAN-v6\.md/);
  });

  it('serves each plan as a beads-plan:// resource with its current text', async () => {
    const { resources } = await client.listResources();
    assert.deepEqual(resources.map((r) => r.uri).sort(), ['beads-plan://.beads/plans/seed.md', 'beads-plan://docs/PLAN-v6.md']);
    for (const [path] of Object.values(PLANS)) {
      const { contents } = await client.readResource({ uri: `beads-plan://${path}` });
      assert.equal((contents[0] as { text: string }).text, readFileSync(join(mcpDir, path), 'utf8'));
    }
  });

  it('logs to stderr only', () => {
    assert.match(stderr(), /beads-plan mcp: serving the plans of /);
  });
});

describe('beads-plan mcp in a workspace with one plan', () => {
  it('edits that plan when no path is given', async (t) => {
    const dir = tempDir();
    mkdirSync(join(dir, '.beads'));
    writeFileSync(join(dir, '.beads', 'PLAN.md'), fixture('seed-split-brain.md'));
    const { client } = await connect(dir);
    t.after(() => client.close());
    const result = (await client.callTool({ name: 'plan_log', arguments: { text: 'the only plan' } })) as CallToolResult;
    assert.equal(result.isError, undefined, textOf(result));
    assert.match(readFileSync(join(dir, '.beads', 'PLAN.md'), 'utf8'), /: the only plan\n/);
    assert.match((JSON.parse(textOf(result)) as { diff: string }).diff, /^--- a\/\.beads\/PLAN\.md\n\+\+\+ b\/\.beads\/PLAN\.md\n/);
  });
});
