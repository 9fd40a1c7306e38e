// Real plan copies in temp folders, and the CLI run in-process or as the
// real command.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { after } from 'node:test';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffArrays } from 'diff';
import { run } from '../../../src/cli/main';
import { fixture } from '../fixtures';
import { bundleCli } from './bundle';

export const ROOT = join(__dirname, '..', '..', '..');

// One folder per test process, removed when its tests end; open to all so that a test may run the command as another user.
const sandbox = realpathSync(mkdtempSync(join(tmpdir(), 'beads-cli-')));
chmodSync(sandbox, 0o755);
after(() => rmSync(sandbox, { recursive: true, force: true }));
let count = 0;

export function tempDir(): string {
  const dir = join(sandbox, String(++count));
  mkdirSync(dir);
  return dir;
}

/** A writable copy of a real plan (the fixtures are read-only), optionally reshaped. */
export function copyPlan(name: string, reshape: (text: string) => string = (t) => t, dir = tempDir()): string {
  const file = join(dir, 'PLAN.md');
  writeFileSync(file, reshape(fixture(name)));
  chmodSync(file, 0o644);
  return file;
}

export const crlfBom = (text: string): string => `\uFEFF${text.replace(/\n/g, '\r\n')}`;

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function capture(...argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let bundled: string | undefined;
/** This test process's bundle of the CLI, built at its first run. */
export const cliScript = (): string => (bundled ??= bundleCli(tempDir()));

/** The real command, as an agent runs it. */
export function cliSync(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliScript(), ...args], { cwd: ROOT, encoding: 'utf8' });
}

export function cli(args: readonly string[], options: { uid?: number; gid?: number } = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliScript(), ...args], { cwd: ROOT, ...options });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() }));
  });
}

/** Lines with their line breaks, so that comparing them compares every byte. */
export function rawLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** Which old lines were removed or replaced, and which new lines were added, by a line diff. */
export function changedLines(before: string, after: string): { removed: number[]; added: number[] } {
  const removed: number[] = [];
  const added: number[] = [];
  let a = 0;
  let b = 0;
  for (const part of diffArrays(rawLines(before), rawLines(after))) {
    const n = part.value.length;
    if (part.removed) for (let k = 0; k < n; k++) removed.push(a++);
    else if (part.added) for (let k = 0; k < n; k++) added.push(b++);
    else {
      a += n;
      b += n;
    }
  }
  return { removed, added };
}

/**
 * A separate process appending log lines with plain appendFileSync, as an
 * agent's `echo … >> PLAN.md` does: at least `min` of them, and on until
 * stop() is called, so that it overlaps the edits however slow the machine.
 * `done` resolves with how many it wrote.
 */
export function startAppender(file: string, tag: string, min: number, pauseMs: readonly [number, number]): { stop(): void; done: Promise<number> } {
  const dir = tempDir();
  const script = join(dir, 'append.cjs');
  const stopFile = join(dir, 'stop');
  writeFileSync(
    script,
    `const { appendFileSync, existsSync } = require('node:fs');
const [file, tag, min, low, high, stop] = process.argv.slice(2);
const pause = new Int32Array(new SharedArrayBuffer(4));
let k = 0;
while (k < Number(min) || !existsSync(stop)) {
  appendFileSync(file, '- 2025-12-27T10:00: ' + tag + ' line ' + k++ + '\\n');
  Atomics.wait(pause, 0, 0, Number(low) + Math.random() * (Number(high) - Number(low)));
}
process.stdout.write(String(k));
`,
  );
  const child = spawn(process.execPath, [script, file, tag, String(min), String(pauseMs[0]), String(pauseMs[1]), stopFile]);
  const out: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(Buffer.concat(out).toString())) : reject(new Error(`appender exited with ${code}`))));
  });
  return { stop: () => writeFileSync(stopFile, ''), done };
}

export function appendedLines(text: string, tag: string, count: number): number[] {
  return Array.from({ length: count }, (_, k) => text.split(`: ${tag} line ${k}\n`).length - 1);
}
