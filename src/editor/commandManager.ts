// The one way commands are registered: each handler gets the target it was
// invoked on (told apart once, in commandTarget.ts) and the services, and any
// error it throws is logged with its stack and shown once, naming the command.
// What a command needs before it can run is declared in the table and checked
// here once, with one message per precondition (as GitLens and rust-analyzer
// declare theirs), never by hand in a handler.
import * as vscode from 'vscode';
import type { Commands } from './commandIds';
import { toTarget, type CommandTarget } from './commandTarget';
import type { Services } from './services/index';
import { errorMessage } from '../util/errors';

type CommandHandler = (target: CommandTarget, services: Services) => unknown;

/** A command with what it needs before it runs. */
export interface CommandSpec {
  readonly run: CommandHandler;
  /** Needs a trusted workspace, because it (for the message): `runs git`, `starts a process`. */
  readonly trusted?: string;
}

export type CommandTable = Readonly<Record<Commands, CommandHandler | CommandSpec>>;

const MANAGE_TRUST = 'Manage Workspace Trust';

/** Why the command cannot run here, said once for every command that needs trust. */
function refuseUntrusted(title: string, runs: string): void {
  void vscode.window.showWarningMessage(`${title} is disabled in Restricted Mode: it ${runs}. Trust this workspace to use it.`, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

const SHOW_LOG = 'Show Log';

/** The title package.json gives a command (`Beads Plan: Run Worker`), for messages. */
function titleOf(context: vscode.ExtensionContext, id: string): string {
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string; title: string; category?: string }> } })
    .contributes?.commands?.find((c) => c.command === id);
  return contributed ? `${contributed.category ? `${contributed.category}: ` : ''}${contributed.title}` : id;
}

/** Reports a failure: its stack to the log, one message with Show Log to the user. */
function reportError(services: Services, what: string, e: unknown): void {
  services.log.error(`${what} failed:`, e instanceof Error ? e : errorMessage(e));
  void vscode.window.showErrorMessage(`${what} failed: ${errorMessage(e)}`, SHOW_LOG).then((choice) => {
    if (choice === SHOW_LOG) services.log.show(true);
  });
}

export function registerCommands(context: vscode.ExtensionContext, table: CommandTable, services: Services): vscode.Disposable[] {
  return Object.entries(table).map(([id, entry]) =>
    vscode.commands.registerCommand(id, async (arg: unknown) => {
      const spec: CommandSpec = typeof entry === 'function' ? { run: entry } : entry;
      if (spec.trusted !== undefined && !vscode.workspace.isTrusted) return refuseUntrusted(titleOf(context, id), spec.trusted);
      try {
        await spec.run(await toTarget(arg, services), services);
      } catch (e) {
        reportError(services, titleOf(context, id), e);
      }
    }),
  );
}
