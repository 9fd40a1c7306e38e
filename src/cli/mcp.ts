// `beads-plan mcp`: the CLI's commands as MCP tools, over stdio, for agents
// (Claude Code, VS Code's agent mode) that change a plan. Each tool runs the
// very command `beads-plan` runs (commands.ts's `runCommand`, with the same
// arguments), so an edit takes the same lock, waits for the same settled text
// and writes the same bytes as the command line, and a refusal carries the
// same one-line reason, as a tool error. The workspace is the folder the
// server starts in (mcpWorkspace.ts). stdout carries the protocol only; logs
// go to stderr.
//
// Loaded only by `beads-plan mcp` (main.ts imports it when that command
// runs), so the SDK costs the other commands nothing.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { version } from '../../package.json';
import { CliError, type Io } from './io';
import { runCommand } from './commands';
import { Workspace } from './mcpWorkspace';

const SCHEME = 'beads-plan://';
const PHASE_STATUSES = ['done', 'pending', 'in_progress', 'failed', 'blocked', 'skipped'] as const;
const TASK_STATUSES = [...PHASE_STATUSES, 'closed'] as const;

const path = z.string().optional().describe('The plan: a path relative to the workspace root. Optional when the workspace has one plan.');

/** A tool's input, as it becomes the command's arguments. */
interface Argv {
  /** `--name=value` options (the `=` form, so that a value starting with `-` stays a value), or a bare flag for true. */
  readonly options?: Readonly<Record<string, string | true | undefined>>;
  /** After the plan's path, behind `--`: an id starting with `-` stays an id. */
  readonly positionals?: readonly string[];
}

function argv(command: string, plan: string, { options = {}, positionals = [] }: Argv, json: boolean): string[] {
  const flags = Object.entries(options).flatMap(([k, v]) => (v === undefined ? [] : v === true ? [`--${k}`] : [`--${k}=${v}`]));
  return [command, ...(json ? ['--json'] : []), ...flags, '--', plan, ...positionals];
}

/** Runs one `beads-plan` command in-process; its stdout is the result, its one-line stderr a refusal. */
async function runCli(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCommand(args, io);
  return { code, out: out.join('\n'), err: err.join('\n').replace(/^beads-plan: /, '') };
}

const failure = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/**
 * A tool that runs `command` on the plan. `okCodes` are the exit codes that
 * are an answer, not a refusal (the gate's 1 is "blocked", a result).
 */
function tool(workspace: Workspace, log: (line: string) => void, command: string, json: boolean, okCodes: readonly number[] = [0]) {
  return async (input: { path?: string | undefined }, args: Argv): Promise<CallToolResult> => {
    let plan: string;
    try {
      plan = workspace.resolve(input.path);
    } catch (e) {
      if (e instanceof CliError) return failure(e.message);
      throw e;
    }
    const result = await runCli(argv(command, plan, args, json));
    log(`${command} ${plan}: exit ${result.code}`);
    if (!okCodes.includes(result.code)) return failure(result.err || `beads-plan ${command} exited ${result.code}`);
    return { content: [{ type: 'text', text: result.out }] };
  };
}

/** The server for `root`; `log` writes one line to stderr. */
export function createServer(root: string, log: (line: string) => void): McpServer {
  const workspace = new Workspace(root);
  const server = new McpServer({ name: 'beads-plan', title: 'Beads Work Plan', version });
  const edit = (command: string) => tool(workspace, log, command, true);
  const editNote = 'Edits the plan through beads-plan: locked against other writers, on a settled text. Returns {changed, diff, findings}: the unified diff it made and the plan’s findings after. A refusal is a tool error with the reason; nothing is changed then.';

  server.registerTool(
    'plan_show',
    { description: 'The plan’s model (phases, tasks, validation, reviews, log, findings) as `beads-plan json` gives it.', inputSchema: { path }, annotations: { readOnlyHint: true } },
    (input) => tool(workspace, log, 'json', false)(input, {}),
  );
  server.registerTool(
    'plan_gate',
    {
      description: 'May the user-approved commit proceed? The gate’s blocks and warnings as JSON ({ok, blocks, warnings}); the same check as the editor’s Commit (User-Approved).',
      inputSchema: { path },
      annotations: { readOnlyHint: true },
    },
    (input) => tool(workspace, log, 'gate', true, [0, 1])(input, {}),
  );
  server.registerTool(
    'plan_timeline',
    { description: 'Phases and worker runs with start, duration, turns and cost, as JSON.', inputSchema: { path }, annotations: { readOnlyHint: true } },
    (input) => tool(workspace, log, 'timeline', true)(input, {}),
  );
  server.registerTool(
    'plan_set_task',
    {
      description: `Sets a task's status, worker and/or respawn count in the Tasks table. ${editNote}`,
      inputSchema: {
        path,
        id: z.string().describe('The task id, full (bd-a1b2) or short (a1b2).'),
        status: z.enum(TASK_STATUSES).optional(),
        worker: z.string().optional(),
        respawns: z.string().regex(/^(?:\d+|\+1)$/).optional().describe('A count, or "+1" to add one.'),
      },
    },
    ({ id, status, worker, respawns, ...input }) => edit('set-task')(input, { options: { status, worker, respawns }, positionals: [id] }),
  );
  server.registerTool(
    'plan_add_task',
    {
      description: `Adds a row to the Tasks table. ${editNote}`,
      inputSchema: {
        path,
        id: z.string(),
        title: z.string(),
        epic: z.string().optional(),
        status: z.enum(TASK_STATUSES).optional(),
        worker: z.string().optional(),
        files: z.array(z.string().regex(/^[^,]*$/, 'a file name with a comma cannot be written to the Files cell')).optional(),
      },
    },
    ({ id, title, epic, status, worker, files, ...input }) =>
      edit('add-task')(input, { options: { epic, status, worker, files: files?.join(',') }, positionals: [id, title] }),
  );
  server.registerTool(
    'plan_validate',
    {
      description: `Records a task's row in Worker Validation (tests run, tests passed, types passed, valid). ${editNote}`,
      inputSchema: {
        path,
        task: z.string().describe('The task id, full or short.'),
        testsRun: z.string().optional(),
        testsPassed: z.string().optional(),
        typesPassed: z.string().optional(),
        valid: z.boolean().optional(),
      },
    },
    ({ task, testsRun, testsPassed, typesPassed, valid, ...input }) =>
      edit('validate')(input, {
        options: { 'tests-run': testsRun, 'tests-passed': testsPassed, 'types-passed': typesPassed, valid: valid === undefined ? undefined : valid ? 'yes' : 'no' },
        positionals: [task],
      }),
  );
  server.registerTool(
    'plan_log',
    { description: `Appends a timestamped entry to the Execution Log. ${editNote}`, inputSchema: { path, text: z.string() } },
    ({ text, ...input }) => edit('log')(input, { positionals: [text] }),
  );
  server.registerTool(
    'plan_check',
    {
      description: `Ticks (or with uncheck, unticks) a checklist item, found by its text. ${editNote}`,
      inputSchema: { path, item: z.string().describe('The item’s text, or enough of it to name one item.'), uncheck: z.boolean().optional() },
    },
    ({ item, uncheck, ...input }) => edit('check')(input, { options: { uncheck: uncheck === true ? true : undefined }, positionals: [item] }),
  );
  server.registerTool(
    'plan_add_review',
    {
      description: `Adds a review of an epic to the Reviews table. ${editNote}`,
      inputSchema: { path, epic: z.string(), reviewer: z.string(), status: z.enum(TASK_STATUSES), warnings: z.string().optional() },
    },
    ({ epic, reviewer, status, warnings, ...input }) => edit('add-review')(input, { options: { warnings }, positionals: [epic, reviewer, status] }),
  );
  server.registerTool(
    'plan_advance',
    { description: `Marks the current phase done and the next one in progress, and moves Current Phase. The commit phase is never entered this way. ${editNote}`, inputSchema: { path } },
    (input) => edit('advance')(input, {}),
  );
  server.registerTool(
    'plan_set_phase',
    {
      description: `Sets a phase's status (and note). The commit phase moves only to done, with the hash of the commit the user approved, once the gate passes and the commit is verified against the plan's work. ${editNote}`,
      inputSchema: {
        path,
        phase: z.number().int().nonnegative(),
        status: z.enum(PHASE_STATUSES),
        note: z.string().optional(),
        commit: z.string().optional().describe('Only for the commit phase: the commit’s hash.'),
      },
    },
    ({ phase, status, note, commit, ...input }) => edit('set-phase')(input, { options: { note, commit }, positionals: [String(phase), status] }),
  );

  server.registerResource(
    'plan',
    new ResourceTemplate(`${SCHEME}{+path}`, {
      list: () => ({
        resources: workspace.plans().map((plan) => ({ uri: uriOf(plan), name: plan, mimeType: 'text/markdown' })),
      }),
    }),
    { title: 'Beads Work Plan', description: 'A plan of the workspace, its current text.', mimeType: 'text/markdown' },
    (uri) => {
      const plan = workspace.resolve(pathOf(uri.href));
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: readFileSync(join(workspace.root, plan), 'utf8') }] };
    },
  );
  return server;
}

/** `beads-plan://<path>`, each segment percent-encoded. */
export function uriOf(plan: string): string {
  return SCHEME + plan.split('/').map(encodeURIComponent).join('/');
}

function pathOf(uri: string): string {
  if (!uri.startsWith(SCHEME)) throw new CliError(`${uri}: not a ${SCHEME} address`, 2);
  return uri.slice(SCHEME.length).split('/').map(decodeURIComponent).join('/');
}

/** Serves the workspace the process started in over stdio until the client closes it. */
export async function serveMcp(args: readonly string[], io: Io): Promise<number> {
  if (args.length > 0) throw new CliError(`mcp: takes no arguments; it serves the plans of the folder it starts in (usage: beads-plan mcp)`, 2);
  const root = process.cwd();
  const server = createServer(root, (line) => io.err(`beads-plan mcp: ${line}`));
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  io.err(`beads-plan mcp: serving the plans of ${root}`);
  // The client went away: nothing more can come.
  process.stdin.once('end', () => void server.close());
  await closed;
  return 0;
}
