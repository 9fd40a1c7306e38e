// `beads-plan`, the command line: the command table (commands.ts) plus `mcp`,
// the MCP server. mcp.ts is imported only when that command runs, and is a
// bundle of its own (scripts/build.mjs), so the SDK costs the other commands
// nothing.
import { runCommand, type Command } from './commands';
import type { Io } from './io';

const mcp: Command = async (args, io) => (await import('./mcp')).serveMcp(args, io);

export function run(argv: readonly string[], io: Io): Promise<number> {
  return runCommand(argv, io, { mcp });
}
