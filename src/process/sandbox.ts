// Claude Code's sandbox around a worker: whether this machine has one, what
// the `beadsPlan.worker.sandbox` setting makes of that (run sandboxed, refuse,
// or run without after a warning), and the `--settings` that turn it on with
// the repository's git dirs write-denied, merged with any `--settings` the
// user's command or extra arguments give. Only a `claude` command gets them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export type SandboxMode = 'required' | 'preferred' | 'off';

/** Whether this machine can run Claude Code's sandbox, and if not what is missing. */
export type SandboxSupport =
  | { readonly kind: 'available' }
  /** Linux (WSL2 included) without bubblewrap or socat: what to install. */
  | { readonly kind: 'missing'; readonly programs: readonly string[] }
  /** A platform Claude Code has no sandbox for (native Windows). */
  | { readonly kind: 'none'; readonly platform: string };

/** What a worker run does about the sandbox. */
export type SandboxDecision =
  | { readonly kind: 'sandbox' }
  | { readonly kind: 'refuse'; readonly reason: string }
  /** Runs without; `warning` is said once a session. */
  | { readonly kind: 'without'; readonly warning?: string };

const INSTALL = 'sudo apt-get install bubblewrap socat';

/** Whether `program` is an executable file in one of PATH's folders. */
export function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => {
      const file = join(dir, program);
      return existsSync(file) && statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
    });
}

/** The sandbox Claude Code would find here: bubblewrap and socat on Linux, Seatbelt (always there) on macOS, none on Windows. */
export function sandboxSupport(platform: NodeJS.Platform = process.platform, has: (program: string) => boolean = (p) => onPath(p)): SandboxSupport {
  if (platform === 'darwin') return { kind: 'available' };
  if (platform === 'win32') return { kind: 'none', platform: 'Windows' };
  const programs = [['bwrap', 'bubblewrap'], ['socat', 'socat']].filter(([bin]) => !has(bin!)).map(([, pkg]) => pkg!);
  return programs.length === 0 ? { kind: 'available' } : { kind: 'missing', programs };
}

/** What the setting makes of this machine's support. */
export function decideSandbox(mode: SandboxMode, support: SandboxSupport): SandboxDecision {
  if (mode === 'off') return { kind: 'without' };
  if (support.kind === 'available') return { kind: 'sandbox' };
  if (support.kind === 'none')
    return { kind: 'without', warning: `Claude Code has no sandbox on ${support.platform}: workers run without it, and the git check after each run is what catches a worker that changes git.` };
  const missing = `Claude Code's sandbox needs ${support.programs.join(' and ')}, which ${support.programs.length === 1 ? 'is' : 'are'} not installed (install with: ${INSTALL})`;
  return mode === 'required'
    ? { kind: 'refuse', reason: `${missing}. beadsPlan.worker.sandbox is "required": install them, or set it to "preferred" to run workers without the sandbox` }
    : { kind: 'without', warning: `${missing}: workers run without it (beadsPlan.worker.sandbox is "preferred"); the git check after each run still fails a worker that changes git.` };
}

export interface SandboxPaths {
  /** The git dirs to write-deny: the worktree's and the repository's. */
  readonly gitDirs: readonly string[];
  /** Extra folders the worker may write (`~/` expanded). */
  readonly allowWrite: readonly string[];
  readonly allowedDomains: readonly string[];
  /** The worker's HOME, for `~/`. */
  readonly home?: string;
}

/** A path setting made absolute: `~/…` in the worker's home. */
export function expandPath(path: string, home: string = homedir()): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : resolve(path);
}

/**
 * The sandbox part of Claude Code's settings: on, failing when it cannot
 * start, no command run outside it, every Bash call still through the
 * permission rules, the git dirs write-denied.
 */
export function sandboxSettings(paths: SandboxPaths): Record<string, unknown> {
  return {
    sandbox: {
      enabled: true,
      failIfUnavailable: true,
      allowUnsandboxedCommands: false,
      autoAllowBashIfSandboxed: false,
      filesystem: {
        allowWrite: [...new Set(paths.allowWrite.map((p) => expandPath(p, paths.home)))],
        denyWrite: [...new Set(paths.gitDirs)],
      },
      network: { allowedDomains: [...new Set(paths.allowedDomains)] },
    },
  };
}

/** The switches that keep the sandbox on: a user's settings cannot turn them off. */
const LOCKED = ['enabled', 'failIfUnavailable', 'allowUnsandboxedCommands', 'autoAllowBashIfSandboxed'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `ours` merged into `theirs`: objects key by key, lists joined without repeats, ours winning elsewhere. */
function merge(theirs: unknown, ours: unknown): unknown {
  if (Array.isArray(theirs) && Array.isArray(ours)) return [...new Set([...(theirs as unknown[]), ...(ours as unknown[])])];
  if (!isObject(theirs) || !isObject(ours)) return ours;
  const out: Record<string, unknown> = { ...theirs };
  for (const [key, value] of Object.entries(ours)) out[key] = key in theirs ? merge(theirs[key], value) : value;
  return out;
}

/** The user's settings and ours as one; the sandbox's own switches are ours whatever the user's say. */
export function mergeSettings(theirs: Record<string, unknown>, ours: Record<string, unknown>): Record<string, unknown> {
  const merged = merge(theirs, ours) as Record<string, unknown>;
  const sandbox = merged.sandbox;
  const mine = ours.sandbox;
  if (isObject(sandbox) && isObject(mine)) for (const key of LOCKED) if (key in mine) sandbox[key] = mine[key];
  return merged;
}

/** A `--settings` value: inline JSON, or a file holding it (relative to `cwd`). */
function readSettings(value: string, cwd: string): { readonly settings: Record<string, unknown> } | { readonly reason: string } {
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(resolve(cwd, value), 'utf8');
    } catch (e) {
      return { reason: `the worker's --settings file ${value} cannot be read (${(e as Error).message}), so the sandbox's settings cannot be merged into it` };
    }
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return { settings: parsed };
  } catch {
    // Worded below, with the rest.
  }
  return { reason: `the worker's --settings ${inline ? 'value' : `file ${value}`} is not a JSON object, so the sandbox's settings cannot be merged into it` };
}

/**
 * The command with one `--settings`, after the program: each one it gave
 * (`--settings x` or `--settings=x`) merged, in order, with `ours` last. A value that cannot be
 * read stops the run rather than being replaced.
 */
export function withSettings(command: readonly string[], ours: Record<string, unknown>, cwd: string): { readonly args: string[] } | { readonly reason: string } {
  const args: string[] = [];
  let merged: Record<string, unknown> = {};
  for (let i = 0; i < command.length; i++) {
    const arg = command[i]!;
    if (i > 0 && (arg === '-p' || arg === '--print') && i + 1 < command.length) {
      // The prompt is text, whatever it starts with.
      args.push(arg, command[++i]!);
      continue;
    }
    const value = arg === '--settings' ? command[++i] : arg.startsWith('--settings=') ? arg.slice('--settings='.length) : undefined;
    if (value === undefined && arg !== '--settings') {
      args.push(arg);
      continue;
    }
    if (value === undefined) return { reason: 'the worker command ends with --settings and no value' };
    const theirs = readSettings(value, cwd);
    if ('reason' in theirs) return theirs;
    merged = mergeSettings(merged, theirs.settings);
  }
  // Right after the program: never inside a tool list, which takes every argument up to the next option.
  return { args: [args[0]!, '--settings', JSON.stringify(mergeSettings(merged, ours)), ...args.slice(1)] };
}
