// Reading a plan file for the command line: every way it can fail becomes one
// line of text, never a stack trace.
import { promises as fs } from 'node:fs';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function readPlanFile(path: string): Promise<string> {
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
  return bytes.toString('utf8');
}
