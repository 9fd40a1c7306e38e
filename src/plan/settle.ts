// When the editor may believe a read of a known plan. A read the writers'
// rule (whole.ts) calls unfinished is a suspect, believed only once the file
// has settled (the same file read twice SETTLE_MS apart: same text, same
// mtime) or SETTLE_BOUND_MS have passed. Until then the last good model
// stands. (The writers wait for a settled read in src/files/stableRead.ts;
// the store cannot wait, so it reads again later.)
import { unfinishedPlan } from './whole';

export const SETTLE_MS = 40;
export const SETTLE_BOUND_MS = 1000;

/** A read of a plan file: its text and mtime; both undefined when the file was missing. */
export interface Reading {
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
export function isSuspect(known: { readonly isPlan: boolean }, read: Reading): boolean {
  if (read.text === undefined) return true;
  return known.isPlan ? unfinishedPlan(read.text) !== undefined : read.text.trim() === '';
}

/** Believe the read, or keep waiting with this suspect (and read again SETTLE_MS later). */
export function settle(before: Suspect | undefined, read: Reading, now: number): { readonly believe: true } | { readonly believe: false; readonly suspect: Suspect } {
  const signature = read.text === undefined ? undefined : `${read.mtime ?? ''}:${read.text}`;
  const since = before?.since ?? now;
  const seenAt = before !== undefined && before.signature === signature ? before.seenAt : now;
  if (now - seenAt >= SETTLE_MS || now - since >= SETTLE_BOUND_MS) return { believe: true };
  return { believe: false, suspect: { signature, seenAt, since } };
}
