// `beads-plan`: the plan core for terminals, CI pipelines and agents.
import { parseArgs } from 'node:util';
import { parsePlan } from '../plan/parse';
import { planToJson } from '../plan/json';
import { renderPlan } from './render';
import { CliError, readPlanFile, type Io } from './io';
import { EDIT_COMMANDS, EDIT_USAGE, argsError, runEdit } from './edit';

const USAGE = `usage: beads-plan <command> <plan.md> [...]
  show <plan.md>         the plan as a readable tree
  json <plan.md>         the plan model as JSON
  lint <plan.md>...      findings as path:line: severity: message (exit 1 on an error)
editing (--dry-run prints a diff and writes nothing; --json prints {changed, diff, findings}):
${EDIT_USAGE}
exit codes of the editing commands: 0 changed or nothing to change, 1 refused, 2 usage or the file cannot be read or written`;

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, (paths: string[], io: Io) => number>> = {
  show([path], io) {
    const file = requirePath(path);
    io.out(renderPlan(parsePlan(readPlanFile(file)), file));
    return 0;
  },
  json([path], io) {
    const file = requirePath(path);
    io.out(JSON.stringify(planToJson(parsePlan(readPlanFile(file))), null, 2));
    return 0;
  },
  lint(paths, io) {
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
};

function requirePath(path: string | undefined): string {
  if (!path) throw new CliError(USAGE, 2);
  return path;
}

/** The paths, as the editing commands take them: options refused, `--` ends them (`show -- -dash.md`). */
function paths(name: string, args: readonly string[]): string[] {
  try {
    return parseArgs({ args: [...args], options: {}, allowPositionals: true, strict: true }).positionals;
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
      ? async (args, out) => COMMANDS[name]!(paths(name, args), out)
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
