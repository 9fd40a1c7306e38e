// When the editor may believe a read of a known plan. A read the writers'
// rule (whole.ts) calls unfinished is a suspect: an agent's rewrite
// truncates the file and then writes it, and on a busy machine the writer can
// stall between the two for longer than any short wait. A suspect is
// believed once the file has stayed the same (text and mtime) for STILL_MS,
// or, when it holds text, once suspects have run for SETTLE_BOUND_MS. An empty
// or missing read is never believed while the file keeps changing: a write
// storm that truncates again and again ends in a whole plan, or in an empty
// file that then stays so. Until then the last good model stands. (The
// writers wait for a settled read in src/files/stableRead.ts; the store
// cannot wait, so it reads again every SETTLE_MS.)
import { unfinishedPlan } from './whole';

/** How often a suspect file is read again. */
export const SETTLE_MS = 40;
/** How long a suspect must stay the same to be what the file holds. */
export const STILL_MS = 1000;
/** How long suspects with text may follow one another before the latest is believed. */
export const SETTLE_BOUND_MS = 5000;

/** A read of a plan file: its text and mtime; both undefined when the file was missing. */
export interface FileRead {
  readonly text?: string;
  readonly mtime?: number;
}

/** A run of suspect reads: what was read last, when that was first read so, and when the run began. */
export interface Suspect {
  readonly signature: string | undefined;
  readonly seenAt: number;
  readonly since: number;
}

/** Whether a read of a plan last known as `known` may be a write in progress (a damaged plan: only when empty or missing). */
export function isSuspect(known: { readonly isPlan: boolean }, read: FileRead): boolean {
  if (read.text === undefined) return true;
  return known.isPlan ? unfinishedPlan(read.text) !== undefined : read.text.trim() === '';
}

/** Believe the read, or keep waiting with this suspect (and read again SETTLE_MS later). */
export function settle(before: Suspect | undefined, read: FileRead, now: number): { readonly believe: true } | { readonly believe: false; readonly suspect: Suspect } {
  const signature = read.text === undefined ? undefined : `${read.mtime ?? ''}:${read.text}`;
  const since = before?.since ?? now;
  const seenAt = before !== undefined && before.signature === signature ? before.seenAt : now;
  const holdsText = read.text !== undefined && read.text.trim() !== '';
  if (now - seenAt >= STILL_MS || (holdsText && now - since >= SETTLE_BOUND_MS)) return { believe: true };
  return { believe: false, suspect: { signature, seenAt, since } };
}
