// Claude Code as a worker: the flags the worker settings add to its command
// (model, permission mode, allowed and denied tools, extra arguments), where
// its prompt is, and the command that resumes one of its sessions. A command
// whose program is not `claude` is left exactly as written.

export interface ClaudeOptions {
  /** `--model`; empty: the CLI's default. */
  readonly model: string;
  /** `--permission-mode`; empty: the CLI's default. */
  readonly permissionMode: string;
  /** `--allowedTools`: permission rules such as `Bash(git diff:*)`. */
  readonly allowedTools: readonly string[];
  /** `--disallowedTools`: the fence (`Bash(git commit:*)`, …); deny rules win over allow rules. */
  readonly disallowedTools: readonly string[];
  readonly extraArgs: readonly string[];
  /** `--mcp-config`: the MCP servers a worker gets (the plan's own, beads-plan); none when the template gives its own. */
  readonly mcpConfig?: string;
}

/** Claude Code's session ids are UUIDs; anything else (a value starting with `-`) never reaches its command line. */
const SESSION_ID = /^[a-z\d][\w-]{0,127}$/i;

/** Whether a command runs Claude Code: its program is `claude`, by name or path (`claude.exe` on Windows). */
export function isClaudeCode(command: readonly string[]): boolean {
  const program = command[0]?.split(/[\\/]/).pop() ?? '';
  return /^claude(?:\.(?:exe|cmd))?$/i.test(program);
}

const gives = (args: readonly string[], ...flags: string[]): boolean => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));

/**
 * A Claude Code command with the settings' flags added after its own. A model
 * or permission mode the template gives itself wins; tool lists are added
 * (the CLI gathers repeated lists), and come last so that no list can take a
 * later argument for one of its rules.
 */
export function withClaudeOptions(command: readonly string[], opts: ClaudeOptions): string[] {
  const args = [...command];
  if (!isClaudeCode(command)) return args;
  if (opts.model && !gives(command, '--model')) args.push('--model', opts.model);
  if (opts.permissionMode && !gives(command, '--permission-mode')) args.push('--permission-mode', opts.permissionMode);
  args.push(...opts.extraArgs);
  // Variadic in the CLI: followed only by an option, or by nothing.
  if (opts.mcpConfig && !gives(args, '--mcp-config')) args.push('--mcp-config', opts.mcpConfig);
  if (opts.allowedTools.length > 0) args.push('--allowedTools', ...opts.allowedTools);
  if (opts.disallowedTools.length > 0) args.push('--disallowedTools', ...opts.disallowedTools);
  return args;
}

/** The index of the prompt: the argument after `-p`/`--print`, when there is one that is not an option. */
export function promptIndex(command: readonly string[]): number | undefined {
  const at = command.findIndex((a, i) => i > 0 && (a === '-p' || a === '--print'));
  return at > 0 && at + 1 < command.length && !command[at + 1]!.startsWith('-') ? at + 1 : undefined;
}

/**
 * `claude --resume <session> -p <prompt>` followed by the template's other
 * arguments (its output format, its flags); undefined when the command is
 * not Claude Code or the session id is not one.
 */
export function resumeCommand(command: readonly string[], sessionId: string, prompt: string): string[] | undefined {
  if (!isClaudeCode(command) || !SESSION_ID.test(sessionId)) return undefined;
  const at = promptIndex(command);
  const rest = command.slice(1).filter((a, i) => i + 1 !== at && a !== '-p' && a !== '--print');
  return [command[0]!, '--resume', sessionId, '-p', prompt, ...rest];
}
