// Reading a plan file for the command line: every way it can fail becomes one
// line of text, never a stack trace.
import { FileError, readRegularFileSync } from '../files/regularFile';

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

export function readPlanFile(path: string): string {
  return readPlanBytes(path).toString('utf8');
}

/** The bytes of a plan file: a regular file within the size bound (see src/files/regularFile.ts), with no NUL in its first 8 KB. */
export function readPlanBytes(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readRegularFileSync(path);
  } catch (e) {
    throw e instanceof FileError ? new CliError(`${path}: ${e.message}`, 2) : e;
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
