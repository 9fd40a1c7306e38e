// `beads-plan`'s command table and the one dispatcher every command line goes
// through: the plan core for terminals, CI pipelines and agents. Both entries
// use it: main.ts (the command line, which adds `mcp`) and mcp.ts (each tool
// runs its command here), so imports go one way and mcp.ts stays a bundle of
// its own.
import { parseArgs } from 'node:util';
import { checkGate } from '../plan/rules/gate';
import { parsePlan } from '../plan/read/parse';
import { planToJson } from '../plan/present/json';
import { headerValue, planLabel } from '../plan/rules/summary';
import { buildTimeline, timelineToJson } from '../plan/timeline/model';
import { renderPlan } from './render';
import { renderTimelineTable } from './timeline';
import { CliError, readPlanFile, type Io } from './io';
import { visibleIo } from './terminal';
import { findSessionCommit } from '../git/approvedCommit';
import { resolve } from 'node:path';
import { EDIT_COMMANDS, EDIT_USAGE, argsError, runEdit } from './edit';
import { version } from '../../package.json';

const USAGE = `usage: beads-plan <command> <plan.md> [...]
  mcp                    an MCP server (stdio) with these commands as tools, for the plans of the current folder
  --version              the version
  show <plan.md>         the plan as a readable tree
  json <plan.md>         the plan model as JSON
  lint <plan.md>...      findings as path:line: severity: message (exit 1 on an error)
  timeline <plan.md> [--json]   phases and worker runs: start, duration, turns, cost (--json: the model)
  gate <plan.md> [--json] [--accept-doubts]  may the user-approved commit proceed? blocks and doubts as path:line: error|doubt: message;
                         exit 0 it may (with doubts only under --accept-doubts), 1 it is blocked or has doubts, 2 the file cannot be read as a plan
editing (--dry-run prints a diff and writes nothing; --json prints {changed, diff, findings}):
${EDIT_USAGE}
exit codes of the editing commands: 0 changed or nothing to change, 1 refused, 2 usage or the file cannot be read or written`;

/** A command as the dispatcher runs it: its arguments after its name, and where it writes. */
export type Command = (args: string[], io: Io) => Promise<number>;

/** A command that reads plans: its boolean flags, and what it does with the paths. */
interface ReadCommand {
  /** The arguments after the command's name, for its usage line. */
  readonly args: string;
  readonly flags?: readonly string[];
  run(paths: string[], flags: ReadonlySet<string>, io: Io): number | Promise<number>;
}

const COMMANDS: Readonly<Record<string, ReadCommand>> = {
  show: {
    args: '<plan.md>',
    run([path], _flags, io) {
      const file = requirePath(path);
      io.out(renderPlan(parsePlan(readPlanFile(file)), file));
      return 0;
    },
  },
  json: {
    args: '<plan.md>',
    run([path], _flags, io) {
      const file = requirePath(path);
      io.out(JSON.stringify(planToJson(parsePlan(readPlanFile(file))), null, 2));
      return 0;
    },
  },
  timeline: {
    args: '<plan.md> [--json]',
    flags: ['json'],
    run([path], flags, io) {
      const file = requirePath(path);
      const plan = parsePlan(readPlanFile(file));
      const timeline = buildTimeline(plan);
      io.out(flags.has('json') ? JSON.stringify(timelineToJson(timeline), null, 2) : renderTimelineTable(timeline, planLabel(plan) ?? file));
      return 0;
    },
  },
  lint: {
    args: '<plan.md>...',
    run(paths, _flags, io) {
      if (paths.length === 0) throw new CliError(USAGE, 2);
      let code = 0;
      for (const path of paths) {
        let text: string;
        try {
          text = readPlanFile(path);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          io.err(`beads-plan: ${e.message}`);
          code = 2;
          continue;
        }
        for (const f of parsePlan(text).findings) {
          io.out(`${path}:${f.line + 1}: ${f.severity}: ${f.message}`);
          if (f.severity === 'error' && code === 0) code = 1;
        }
      }
      return code;
    },
  },
  gate: {
    args: '<plan.md> [--json] [--accept-doubts]',
    flags: ['json', 'accept-doubts'],
    async run(paths, flags, io) {
      const [path, ...extra] = paths;
      if (path === undefined || extra.length > 0) throw new CliError('gate: give one plan (usage: beads-plan gate <plan.md> [--json] [--accept-doubts])', 2);
      const plan = parsePlan(readPlanFile(path));
      if (!plan.isPlan) throw new CliError(`${path}: not a Beads Work Plan (its first heading is not "# Beads Work Plan")`, 2);
      // A commit in git carrying this plan's trailer is a fact the text cannot forge or hide.
      const session = headerValue(plan, 'Session');
      const found = session ? await findSessionCommit(resolve(path), session).catch(() => undefined) : undefined;
      // The same function the editor's Commit (User-Approved) asks.
      const gate = checkGate(plan, found ? { committed: `${found.shortHash} ${found.subject}` } : {});
      if (flags.has('json')) io.out(JSON.stringify(gate, null, 2));
      else {
        const entries = [...gate.blocks.map((b) => ({ ...b, severity: 'error' })), ...gate.doubts.map((d) => ({ ...d, severity: 'doubt' }))];
        for (const e of entries.sort((a, b) => a.line - b.line)) io.out(`${path}:${e.line + 1}: ${e.severity}: ${e.message}`);
        const counts = `${plural(gate.blocks.length, 'block')}, ${plural(gate.doubts.length, 'doubt')}`;
        const said =
          gate.verdict === 'block'
            ? 'the commit is blocked'
            : gate.verdict === 'pass'
              ? 'the commit may proceed'
              : flags.has('accept-doubts')
                ? 'the commit may proceed, its doubts accepted'
                : 'the commit waits: each doubt needs the user (--accept-doubts accepts them)';
        io.out(`${path}: ${said} (${counts})`);
      }
      return gate.verdict === 'pass' || (gate.verdict === 'doubt' && flags.has('accept-doubts')) ? 0 : 1;
    },
  },
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function requirePath(path: string | undefined): string {
  if (!path) throw new CliError(USAGE, 2);
  return path;
}

/** The paths and flags, as the editing commands take them: other options refused, `--` ends them (`show -- -dash.md`). */
function parsed(name: string, command: ReadCommand, args: readonly string[]): { paths: string[]; flags: Set<string> } {
  const options = Object.fromEntries((command.flags ?? []).map((f) => [f, { type: 'boolean' as const }]));
  try {
    const { positionals, values } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { paths: positionals, flags: new Set(Object.keys(values).filter((k) => values[k] === true)) };
  } catch (e) {
    throw new CliError(`${name}: ${argsError(e)} (put -- before a path that starts with -); usage: beads-plan ${name} ${command.args}`, 2);
  }
}

/**
 * Runs one `beads-plan` command line. `more` holds commands beyond the plan
 * commands: main.ts adds `mcp` there, because this table cannot import mcp.ts
 * (mcp.ts runs its tools through it).
 */
export async function runCommand(argv: readonly string[], raw: Io, more: Readonly<Record<string, Command>> = {}): Promise<number> {
  const [name, ...args] = argv;
  // Plan text never reaches the terminal as a control sequence, whatever the command.
  const io = visibleIo(raw, name === 'json' || args.includes('--json'));
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out(version);
    return 0;
  }
  // hasOwn: `beads-plan toString` is an unknown command, not Object.prototype's.
  const command: Command | undefined = Object.hasOwn(more, name)
    ? more[name]
    : EDIT_COMMANDS.includes(name)
    ? (args, out) => runEdit(name, args, out)
    : Object.hasOwn(COMMANDS, name)
      ? async (args, out) => {
          const command = COMMANDS[name]!;
          const { paths, flags } = parsed(name, command, args);
          return command.run(paths, flags, out);
        }
      : undefined;
  if (!command) {
    io.err(`beads-plan: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, io);
  } catch (e) {
    io.err(`beads-plan: ${e instanceof CliError ? e.message : e instanceof Error ? e.message : String(e)}`);
    return e instanceof CliError ? e.exitCode : 2;
  }
}
