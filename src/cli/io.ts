// Reading a plan file for the command line: every way it can fail becomes one
// line of text, never a stack trace.
import { promises as fs } from 'node:fs';

/** Where a command writes: stdout and stderr, or a test's buffers. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function readPlanFile(path: string): Promise<string> {
  return (await readPlanBytes(path)).toString('utf8');
}

export async function readPlanBytes(path: string): Promise<Buffer> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch {
    throw new CliError(`${path}: no such file`, 2);
  }
  if (stat.isDirectory()) throw new CliError(`${path}: is a directory, not a plan file`, 2);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    throw new CliError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 2);
  }
  if (bytes.subarray(0, 8192).includes(0)) throw new CliError(`${path}: is a binary file, not a plan`, 2);
  return bytes;
}

/** The text of a plan about to be rewritten: bytes that would not survive decoding are refused, as the write would change them. */
export function editableText(bytes: Buffer, path: string): string {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new CliError(`${path}: is not valid UTF-8, so rewriting it would change other bytes`, 2);
  return text;
}
