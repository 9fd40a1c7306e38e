// The one way commands are registered: each handler gets the target it was
// invoked on (told apart once, in commandTarget.ts), the services, and what
// its declared needs resolved (preconditions.ts: checked here once, before it
// runs); any error it throws is logged with its stack and shown once, naming
// the command.
import * as vscode from 'vscode';
import type { Commands } from './commandIds';
import { CommandTargets, type CommandTarget } from './commandTarget';
import { checkNeeds, type Given, type Needs, type Resolved, type Title } from './preconditions';
import type { Services } from './services/index';
import { errorMessage } from '../util/errors';

type Handler<G> = (target: CommandTarget, services: Services, given: G) => unknown;

/** A command with what it needs before it runs. */
export interface CommandSpec {
  readonly needs: Needs;
  readonly run: Handler<Resolved>;
}

/** A command that needs nothing, or one declared with `needing`. */
export type CommandTable = Readonly<Record<Commands, Handler<unknown> | CommandSpec>>;

/** Declares what a command needs; its handler is typed to be given exactly what they resolve. */
export function needing<const N extends Needs>(needs: N, run: Handler<Given<N>>): CommandSpec {
  // Sound because checkNeeds resolves every part Given<N> promises before run is called.
  return { needs, run: run as Handler<Resolved> };
}

const SHOW_LOG = 'Show Log';

/** The title package.json gives a command: `Beads Plan: Record Validation…` for messages, `Record Validation` for its pickers. */
function titleOf(context: vscode.ExtensionContext, id: string): Title {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string; title: string; category?: string }> } })
    .contributes?.commands?.find((c) => c.command === id);
  if (!contributed) return { long: id, short: id };
  return { long: `${contributed.category ? `${contributed.category}: ` : ''}${contributed.title}`, short: contributed.title.replace(/…$/, '') };
}

/** Reports a failure: its stack to the log, one message with Show Log to the user. */
function reportError(services: Services, what: string, e: unknown): void {
  services.log.error(`${what} failed:`, e instanceof Error ? e : errorMessage(e));
  void vscode.window.showErrorMessage(`${what} failed: ${errorMessage(e)}`, SHOW_LOG).then((choice) => {
    if (choice === SHOW_LOG) services.log.show(true);
  });
}

export function registerCommands(context: vscode.ExtensionContext, table: CommandTable, services: Services): vscode.Disposable[] {
  const targets = new CommandTargets(services);
  const registered = Object.entries(table).map(([id, entry]) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      const spec: CommandSpec = typeof entry === 'function' ? { needs: {}, run: entry } : entry;
      const title = titleOf(context, id);
      try {
        const target = await targets.toTarget(arg);
        const given = await checkNeeds(spec.needs, target, services, title);
        if (given) await spec.run(target, services, given);
      } catch (e) {
        reportError(services, title.long, e);
      }
    }),
  );
  return [...registered, targets];
}
