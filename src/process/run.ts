// Runs one worker process: no shell, its own process group (so everything it
// starts can be ended together), bounded memory for its output, and a result
// that is always a value, never a throw.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { formatDuration } from '../plan/formats/duration';

export type RunOutcome = 'success' | 'failed' | 'timeout' | 'cancelled' | 'not-found' | 'error';

export type OutputStream = 'stdout' | 'stderr';

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  /** The last `maxBufferedBytes` of stdout and stderr, interleaved as they arrived. */
  readonly output: string;
  /** Whether earlier output was dropped to keep within `maxBufferedBytes`. */
  readonly truncated: boolean;
  /** One human line: `exited with code 2`, `command not found: claude`, `timed out after 30 min`, `cancelled`. */
  readonly message: string;
}

interface RunOptions {
  /** Program and arguments; passed to the program as they are, never through a shell. */
  readonly command: readonly string[];
  readonly cwd: string;
  /** Added to the inherited environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Every chunk of output as text, whole characters only, with the stream it came from. */
  readonly onOutput?: (chunk: string, stream: OutputStream) => void;
  readonly maxBufferedBytes?: number;
  /** How long a process group has to end after SIGTERM before it gets SIGKILL. */
  readonly killGraceMs?: number;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024;
export const DEFAULT_KILL_GRACE_MS = 2000;
// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Keeps the last `limit` bytes of a stream of chunks, in at most `limit` plus one chunk of memory. */
class Tail {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk.length > this.limit ? Buffer.from(chunk.subarray(chunk.length - this.limit)) : chunk);
    this.size += this.chunks.at(-1)!.length;
    this.dropped ||= chunk.length > this.limit;
    while (this.chunks.length > 0 && this.size - this.chunks[0]!.length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  read(): { output: string; truncated: boolean } {
    const all = Buffer.concat(this.chunks, this.size);
    const truncated = this.dropped || all.length > this.limit;
    let start = Math.max(0, all.length - this.limit);
    // A cut can land inside a UTF-8 character: skip its continuation bytes.
    if (truncated) while (start < all.length && (all[start]! & 0xc0) === 0x80) start++;
    return { output: all.subarray(start).toString('utf8'), truncated };
  }
}

/** Signals a whole process group; false when it no longer exists. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    if (process.platform !== 'win32') process.kill(-pid, signal);
    else if (signal === 0) process.kill(pid, 0);
    // Windows has no process groups to signal; taskkill /T ends the tree.
    else spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {});
    return true;
  } catch {
    return false;
  }
}

interface LiveRun {
  readonly pid: number;
  readonly cancel: () => void;
  readonly settled: Promise<RunResult>;
}

const live = new Set<LiveRun>();
let exitHookInstalled = false;

/** On the way out nothing can wait for a grace period: SIGKILL whatever is left. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const run of live) signalGroup(run.pid, 'SIGKILL');
  });
}

/** Cancels every running worker (SIGTERM, then SIGKILL after the grace period); resolves once all have ended. */
export async function killAllWorkers(): Promise<void> {
  const runs = [...live];
  for (const run of runs) run.cancel();
  await Promise.all(runs.map((r) => r.settled));
}

/** How many workers are running now. */
export function liveWorkerCount(): number {
  return live.size;
}

function settledEarly(outcome: RunOutcome, message: string, durationMs: number): RunResult {
  return { outcome, exitCode: null, signal: null, durationMs, output: '', truncated: false, message };
}

function spawnFailure(err: NodeJS.ErrnoException, cmd: string, cwd: string): { outcome: RunOutcome; message: string } {
  // Node reports a missing working folder as ENOENT too.
  if (err.code === 'ENOENT' && !existsSync(cwd)) return { outcome: 'error', message: `working folder not found: ${cwd}` };
  if (err.code === 'ENOENT') return { outcome: 'not-found', message: `command not found: ${cmd}` };
  return { outcome: 'error', message: `could not start ${cmd}: ${err.message}` };
}

function exitOutcome(code: number | null, signal: NodeJS.Signals | null): { outcome: RunOutcome; message: string } {
  if (code === 0) return { outcome: 'success', message: 'exited with code 0' };
  if (code !== null) return { outcome: 'failed', message: `exited with code ${code}` };
  return { outcome: 'failed', message: `killed by ${signal ?? 'a signal'}` };
}

export function runProcess(opts: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const [cmd, ...args] = opts.command;
  if (cmd === undefined || cmd === '') return Promise.resolve(settledEarly('error', 'empty command', 0));
  if (opts.signal?.aborted) return Promise.resolve(settledEarly('cancelled', 'cancelled', 0));
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      shell: false,
      detached: true,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Synchronous failures are bad arguments, e.g. a NUL byte in plan text.
    const message = `could not start ${cmd}: ${e instanceof Error ? e.message : String(e)}`;
    return Promise.resolve(settledEarly('error', message, Math.round(performance.now() - started)));
  }
  return supervise(child, cmd, opts, started);
}

function supervise(child: ChildProcess, cmd: string, opts: RunOptions, started: number): Promise<RunResult> {
  const grace = opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const tail = new Tail(Math.max(0, opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES));
  const pid = child.pid;
  let stopReason: 'timeout' | 'cancelled' | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let closed = false;
  let settled = false;
  let escalation: NodeJS.Timeout | undefined;
  let drain: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolve!: (r: RunResult) => void;
  const result = new Promise<RunResult>((r) => (resolve = r));

  const settle = (outcome: RunOutcome, message: string): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(drain);
    opts.signal?.removeEventListener('abort', onAbort);
    live.delete(entry);
    const { output, truncated } = tail.read();
    const durationMs = Math.round(performance.now() - started);
    resolve({ outcome, exitCode: exit?.code ?? null, signal: exit?.signal ?? null, durationMs, output, truncated, message });
  };

  /** SIGTERM the group now and SIGKILL it after the grace period, if there is still a group. */
  const terminate = (): void => {
    if (pid === undefined || escalation !== undefined || !signalGroup(pid, 'SIGTERM')) return;
    escalation = setTimeout(() => {
      if (signalGroup(pid, 0)) signalGroup(pid, 'SIGKILL');
      escalation = undefined;
      finishIfDone();
    }, grace);
  };

  const stop = (reason: 'timeout' | 'cancelled'): void => {
    if (exit === undefined) stopReason ??= reason;
    terminate();
  };
  const onAbort = (): void => stop('cancelled');

  /** Done once the output is closed and no SIGKILL is still owed to a live group. */
  const finishIfDone = (): void => {
    if (!closed || (escalation !== undefined && pid !== undefined && signalGroup(pid, 0))) return;
    clearTimeout(escalation);
    escalation = undefined;
    if (stopReason === 'timeout') settle('timeout', `timed out after ${formatDuration(opts.timeoutMs ?? 0)}`);
    else if (stopReason === 'cancelled') settle('cancelled', 'cancelled');
    else {
      const { outcome, message } = exitOutcome(exit?.code ?? null, exit?.signal ?? null);
      settle(outcome, message);
    }
  };

  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const take = (stream: OutputStream) => (chunk: Buffer) => {
    tail.push(chunk);
    if (opts.onOutput) {
      const text = decoders[stream].write(chunk);
      if (text !== '') opts.onOutput(text, stream);
    }
  };
  child.stdout!.on('data', take('stdout'));
  child.stderr!.on('data', take('stderr'));

  child.on('error', (err: NodeJS.ErrnoException) => {
    if (pid !== undefined) return;
    const { outcome, message } = spawnFailure(err, cmd, opts.cwd);
    settle(outcome, message);
  });
  child.on('exit', (code, signal) => {
    exit = { code, signal };
    // The worker's job ends with it: end anything it left in its group, which
    // would otherwise run on and hold the output pipes open.
    terminate();
    // A process that left the group (setsid) can still hold the pipes: stop reading after the grace period.
    drain = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, grace + 250);
  });
  child.on('close', () => {
    closed = true;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = decoders[stream].end();
      if (rest !== '') opts.onOutput?.(rest, stream);
    }
    finishIfDone();
  });

  const entry: LiveRun = { pid: pid ?? -1, cancel: () => stop('cancelled'), settled: result };
  if (pid !== undefined) {
    live.add(entry);
    installExitHook();
    const timeoutMs = opts.timeoutMs;
    if (timeoutMs !== undefined && timeoutMs > 0)
      timer = setTimeout(() => stop('timeout'), Math.min(timeoutMs, MAX_TIMER_MS));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  }
  return result;
}
