// The one way the extension asks beads anything: `bd … --json`, spawned
// without a shell from the plan's workspace folder, bounded in time and in
// output, and answering with a value, never a throw. beads keeps its issues in
// Dolt since 1.0 and says tools must go through `bd … --json`
// (docs/COMMUNITY_TOOLS.md, beads v1.0.5); nothing here reads `.beads/` files.
// Flags, checked against beads v1.0.5 (steveyegge/beads fbcee6c):
//  - cmd/bd/show.go: `bd show <id…> --json` prints one array for all the ids;
//    an id it cannot find goes to stderr (`Issue x not found`) and is left out;
//    when none is found it prints a JSON error and exits 1;
//  - cmd/bd/ready.go: `--limit` defaults to 100, `--limit 0` lists every ready issue;
//  - cmd/bd/close.go: `--reason`, exit 1 when nothing was closed;
//  - cmd/bd/statuses.go (`bd statuses --json`), cmd/bd/version.go (`bd version --json`),
//    cmd/bd/dolt.go (`bd dolt push`).
// Ids from a plan are untrusted: only id-shaped ones are asked, after `--`.
import { execFile } from 'node:child_process';
import { isAbsolute } from 'node:path';
import {
  BUILT_IN_STATUSES,
  helpLists,
  isSupportedVersion,
  jsonError,
  parseIssues,
  parseStatuses,
  parseVersion,
  type BeadsIssue,
  type StatusInfo,
} from './shapes';

/** How a call went wrong: `missing` and `old` mean no call will work until the user fixes bd. */
export type BdProblemKind = 'missing' | 'old' | 'timeout' | 'failed' | 'output';

export interface BdProblem {
  readonly kind: BdProblemKind;
  /** One short line for the user, naming what was run and which bd (`bd on PATH`, or the configured path). */
  readonly message: string;
  /** For the log: the PATH it was looked for on, too long for the view's one line. */
  readonly detail?: string;
}

export type BdResult<T> = ({ readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: BdProblem }) & {
  /** What bd printed on stderr (ids it did not find, warnings). */
  readonly stderr?: string;
};

export interface BdOptions {
  /** `bd`, looked for on PATH, or a path (the `beadsPlan.bd.path` setting). */
  readonly command: string;
  readonly cwd: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/** What a beads id looks like (`django-litefs-8oi.4`, `bd-a1b2`): anything else is never passed to bd. */
const ID = /^[a-z\d][\w.-]{0,127}$/i;
export const isIssueId = (id: string): boolean => ID.test(id);

/** Which bd ran or was looked for: the configured path, or `bd on PATH` with that PATH as the detail for the log. */
export function lookedIn(command: string, env: NodeJS.ProcessEnv = process.env): Pick<BdProblem, 'detail'> & { readonly where: string } {
  if (isAbsolute(command) || command.includes('/') || command.includes('\\')) return { where: command };
  return { where: `${command} on PATH`, detail: `PATH: ${env.PATH ?? env.Path ?? ''}` };
}

/** A problem naming which bd it was about. */
function about(kind: BdProblemKind, message: (where: string) => string, opts: BdOptions): BdProblem {
  const { where, detail } = lookedIn(opts.command, opts.env);
  return { kind, message: message(where), ...(detail !== undefined ? { detail } : {}) };
}

interface Raw {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly problem?: BdProblem;
}

function run(opts: BdOptions, args: readonly string[]): Promise<Raw> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shown = `bd ${args.join(' ')}`;
  return new Promise((done) => {
    execFile(
      opts.command,
      args,
      {
        cwd: opts.cwd,
        timeout,
        maxBuffer: opts.maxBytes ?? DEFAULT_MAX_BYTES,
        killSignal: 'SIGKILL',
        windowsHide: true,
        shell: false,
        // No colours or pager: the text is shown as a document, never in a terminal.
        env: { ...(opts.env ?? process.env), NO_COLOR: '1', BD_NO_PAGER: '1' },
      },
      (error, stdout, stderr) => {
        if (!error) return done({ stdout, stderr, exitCode: 0 });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number; signal?: string };
        if (e.code === 'ENOENT' || e.code === 'EACCES')
          return done({ stdout, stderr, exitCode: -1, problem: about('missing', (where) => `bd was not found: looked for ${where}`, opts) });
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return done({ stdout: '', stderr, exitCode: -1, problem: { kind: 'output', message: `${shown} printed more than ${opts.maxBytes ?? DEFAULT_MAX_BYTES} bytes` } });
        if (e.killed || e.signal)
          return done({ stdout, stderr, exitCode: -1, problem: { kind: 'timeout', message: `${shown} did not answer within ${timeout / 1000} s` } });
        done({ stdout, stderr, exitCode: typeof e.code === 'number' ? e.code : 1 });
      },
    );
  });
}

function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    return undefined;
  }
}

const firstLine = (s: string): string => s.trim().split(/\r?\n/)[0] ?? '';

/** Runs `bd <args>` and reads its stdout as JSON with `read`; bd's own JSON error wins over the exit code. */
async function json<T>(opts: BdOptions, args: readonly string[], read: (v: unknown) => { ok: true; value: T } | { ok: false; error: string }): Promise<BdResult<T>> {
  const raw = await run(opts, args);
  if (raw.problem) return { ok: false, problem: raw.problem, stderr: raw.stderr };
  const value = parseJson(raw.stdout);
  const shown = `bd ${args.join(' ')}`;
  const error = jsonError(value);
  if (error) return { ok: false, problem: { kind: 'failed', message: `${shown}: ${error}` }, stderr: raw.stderr };
  if (raw.exitCode !== 0)
    return { ok: false, problem: { kind: 'failed', message: `${shown} exited with code ${raw.exitCode}${raw.stderr.trim() ? `: ${firstLine(raw.stderr)}` : ''}` }, stderr: raw.stderr };
  if (value === undefined) return { ok: false, problem: { kind: 'output', message: `${shown} printed no JSON` }, stderr: raw.stderr };
  const parsed = read(value);
  return parsed.ok ? { ok: true, value: parsed.value, stderr: raw.stderr } : { ok: false, problem: { kind: 'output', message: `${shown}: ${parsed.error}` }, stderr: raw.stderr };
}

/** What the installed bd is and can do: asked once per folder and bd path. */
export interface BdCapabilities {
  readonly version: string;
  readonly statuses: readonly StatusInfo[];
  /** `bd dolt push` exists (beads 1.x). */
  readonly doltPush: boolean;
}

export class BdClient {
  constructor(private readonly opts: BdOptions) {}

  /** `bd version --json`, `bd --help`, and `bd statuses --json` where help lists it; `old` for a bd before 1.0. */
  async capabilities(): Promise<BdResult<BdCapabilities>> {
    const result = await this.askCapabilities();
    // A bd that answers wrongly is named too: the user may have several, and only the path says which one ran.
    if (result.ok || result.problem.kind === 'missing' || result.problem.kind === 'old') return result;
    return { ...result, problem: about(result.problem.kind, (where) => `${result.problem.message} (bd: ${where})`, this.opts) };
  }

  private async askCapabilities(): Promise<BdResult<BdCapabilities>> {
    const version = await json(this.opts, ['version', '--json'], (v) => {
      const found = parseVersion(v);
      return found ? { ok: true, value: found } : { ok: false, error: 'no version in its JSON' };
    });
    if (!version.ok) return version;
    if (!isSupportedVersion(version.value))
      return { ok: false, problem: about('old', (where) => `bd ${version.value} is too old: beads 1.0 or later is needed (looked for ${where})`, this.opts) };
    const help = await run(this.opts, ['--help']);
    if (help.problem) return { ok: false, problem: help.problem };
    const text = `${help.stdout}\n${help.stderr}`;
    let statuses: readonly StatusInfo[] = BUILT_IN_STATUSES;
    if (helpLists(text, 'statuses')) {
      const listed = await json(this.opts, ['statuses', '--json'], parseStatuses);
      if (!listed.ok) return listed;
      statuses = listed.value;
    }
    return { ok: true, value: { version: version.value, statuses, doltPush: helpLists(text, 'dolt') } };
  }

  /**
   * The issues of `ids`, in one `bd show` call. Ids bd does not know are
   * missing from the answer (bd names them on stderr); none known at all is
   * an empty list, not a problem.
   */
  async show(ids: readonly string[]): Promise<BdResult<BeadsIssue[]>> {
    const asked = [...new Set(ids.filter(isIssueId))];
    if (asked.length === 0) return { ok: true, value: [] };
    const result = await json(this.opts, ['show', '--json', '--', ...asked], parseIssues);
    if (!result.ok && result.problem.kind === 'failed' && /no issues found/i.test(result.problem.message)) return { ok: true, value: [], ...(result.stderr ? { stderr: result.stderr } : {}) };
    return result;
  }

  /** Every ready issue: `--limit 0`, as bd's default stops at 100. */
  ready(): Promise<BdResult<BeadsIssue[]>> {
    return json(this.opts, ['ready', '--json', '--limit', '0'], parseIssues);
  }

  /** `bd close <id> --reason <reason>`; the reason is one argument, `--reason=…`, so that no text of it reads as a flag. */
  async close(id: string, reason: string): Promise<BdResult<string>> {
    if (!isIssueId(id)) return { ok: false, problem: { kind: 'failed', message: `"${id}" is not a beads id` } };
    return json(this.opts, ['close', '--json', `--reason=${reason}`, '--', id], (v) => {
      const issues = parseIssues(v);
      return issues.ok && issues.value.some((i) => i.id === id && i.status === 'closed') ? { ok: true, value: id } : { ok: false, error: `bd did not report ${id} closed` };
    });
  }

  /** `bd show <id>` as bd prints it for people (for a read-only document), control sequences removed. */
  async showText(id: string): Promise<BdResult<string>> {
    if (!isIssueId(id)) return { ok: false, problem: { kind: 'failed', message: `"${id}" is not a beads id` } };
    const raw = await run(this.opts, ['show', '--', id]);
    if (raw.problem) return { ok: false, problem: raw.problem };
    if (raw.exitCode !== 0) return { ok: false, problem: { kind: 'failed', message: `bd show ${id} exited with code ${raw.exitCode}: ${firstLine(raw.stderr)}` } };
    return { ok: true, value: stripControl(raw.stdout) };
  }

  /** `bd dolt push`: beads 1.x's way to push its database (`bd sync` is gone since 0.56). */
  async doltPush(timeoutMs = 120_000): Promise<BdResult<string>> {
    const raw = await run({ ...this.opts, timeoutMs }, ['dolt', 'push']);
    if (raw.problem) return { ok: false, problem: raw.problem };
    const output = `${raw.stdout}${raw.stderr}`.trim();
    return raw.exitCode === 0 ? { ok: true, value: output } : { ok: false, problem: { kind: 'failed', message: `bd dolt push exited with code ${raw.exitCode}: ${firstLine(output)}` } };
  }
}

/** Text without terminal control sequences (CSI/OSC escapes and other C0/C1 controls but tab and newline). */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}
