// Where the real Claude Code CLI is for the tests that run it. It is not a
// project dependency: the e2e setup installs `@anthropic-ai/claude-code` into
// the git-ignored .vscode-test/ cache, as it installs code-server.
// `E2E_CLAUDE_CLI=<path to claude>` points the tests at another install.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { e2ePaths } from '../../scripts/e2e-setup.mjs';

export type ClaudeCli =
  | { readonly path: string; readonly help: string; readonly version: string }
  /** Installed but it does not run here (e.g. its native binary is missing): why. */
  | { readonly path: string; readonly cannotRun: string };

/** The CLI and its `--help`; throws when it is not installed at all. */
export function claudeCli(): ClaudeCli {
  const path = process.env.E2E_CLAUDE_CLI ?? e2ePaths().claudeBin;
  if (!existsSync(path)) throw new Error(`The Claude Code CLI is not installed at ${path}: run node scripts/e2e-setup.mjs, or set E2E_CLAUDE_CLI`);
  const run = (arg: string) => spawnSync(path, [arg], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } });
  const help = run('--help');
  if (help.error || help.status !== 0) return { path, cannotRun: help.error?.message ?? `\`claude --help\` exited with ${help.status}: ${(help.stderr || help.stdout).trim().slice(0, 500)}` };
  return { path, help: help.stdout, version: run('--version').stdout.trim() };
}
