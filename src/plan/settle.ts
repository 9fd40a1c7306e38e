// When a read of a known plan may be believed. An agent rewriting its plan
// truncates it first, so a read in that instant is empty, cut short, or no
// longer a plan: such a read is a suspect, believed only once the file has
// settled (the same file read twice SETTLE_MS apart: same text, same mtime)
// or SETTLE_BOUND_MS have passed. Until then the last good model stands.
import { looksLikePlan } from './sniff';

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

/** A read that ends mid-line where the plan ended with a line break: a write still going on. */
function cutShort(before: string, now: string): boolean {
  return /[\r\n]$/.test(before) && !/[\r\n]$/.test(now);
}

/** Whether a read of a plan last known as `known` looks like a write in progress. */
export function isSuspect(known: { readonly text: string; readonly isPlan: boolean }, read: Reading): boolean {
  const { text } = read;
  return text === undefined || text.trim() === '' || (known.isPlan && (!looksLikePlan(text) || cutShort(known.text, text)));
}

/** Believe the read, or keep waiting with this suspect (and read again SETTLE_MS later). */
export function settle(before: Suspect | undefined, read: Reading, now: number): { readonly believe: true } | { readonly believe: false; readonly suspect: Suspect } {
  const signature = read.text === undefined ? undefined : `${read.mtime ?? ''}:${read.text}`;
  const since = before?.since ?? now;
  const seenAt = before !== undefined && before.signature === signature ? before.seenAt : now;
  if (now - seenAt >= SETTLE_MS || now - since >= SETTLE_BOUND_MS) return { believe: true };
  return { believe: false, suspect: { signature, seenAt, since } };
}
