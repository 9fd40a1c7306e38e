// `beads-plan`: the plan core for terminals, CI pipelines and agents.
import { parseArgs } from 'node:util';
import { parsePlan } from '../plan/parse';
import { planToJson } from '../plan/json';
import { planLabel } from '../plan/summary';
import { buildTimeline, timelineToJson } from '../plan/timeline';
import { renderPlan } from './render';
import { renderTimelineTable } from './timeline';
import { CliError, readPlanFile, type Io } from './io';
import { EDIT_COMMANDS, EDIT_USAGE, argsError, runEdit } from './edit';

const USAGE = `usage: beads-plan <command> <plan.md> [...]
  show <plan.md>         the plan as a readable tree
  json <plan.md>         the plan model as JSON
  lint <plan.md>...      findings as path:line: severity: message (exit 1 on an error)
  timeline <plan.md> [--json]   phases and worker runs: start, duration, turns, cost (--json: the model)
editing (--dry-run prints a diff and writes nothing; --json prints {changed, diff, findings}):
${EDIT_USAGE}
exit codes of the editing commands: 0 changed or nothing to change, 1 refused, 2 usage or the file cannot be read or written`;

type Command = (args: string[], io: Io) => Promise<number>;

/** A command that reads plans: its boolean flags, and what it does with the paths. */
interface ReadCommand {
  readonly flags?: readonly string[];
  run(paths: string[], flags: ReadonlySet<string>, io: Io): number;
}

const COMMANDS: Readonly<Record<string, ReadCommand>> = {
  show: {
    run([path], _flags, io) {
      const file = requirePath(path);
      io.out(renderPlan(parsePlan(readPlanFile(file)), file));
      return 0;
    },
  },
  json: {
    run([path], _flags, io) {
      const file = requirePath(path);
      io.out(JSON.stringify(planToJson(parsePlan(readPlanFile(file))), null, 2));
      return 0;
    },
  },
  timeline: {
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
};

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
    throw new CliError(`${name}: ${argsError(e)} (put -- before a path that starts with -)\n${USAGE}`, 2);
  }
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? 0 : 2;
  }
  // hasOwn: `beads-plan toString` is an unknown command, not Object.prototype's.
  const command: Command | undefined = EDIT_COMMANDS.includes(name)
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
