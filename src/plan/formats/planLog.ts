// The Execution Log lines the extension and the CLI write about the plan
// itself (the worker lines have their own home, workerLog.ts), each writer
// beside the one reader that reads it back (the timeline):
//
//   Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started
//   Phase 3 (Execute Tasks) done
//   Phase 5 (Review) set to in progress
//   Run all ready workers: <note>
//   Validation recorded for <task>: valid        (or: invalid)
//   User approved the commit on <branch>
//   Committed <hash> on <branch>                 (written by earlier versions; still read)
import type { Status } from '../model';

/** A phase as a log line names it: `3 (Execute Tasks)`, or `3` when its name is unknown. */
export interface LoggedPhase {
  readonly number: number;
  readonly name?: string;
}

const named = (p: LoggedPhase): string => `${p.number}${p.name !== undefined ? ` (${p.name})` : ''}`;

export function phaseAdvancedLine(current: LoggedPhase, next: LoggedPhase | undefined): string {
  return next ? `Phase ${named(current)} done; phase ${named(next)} started` : `Phase ${named(current)} done`;
}

export function phaseSetLine(phase: LoggedPhase, status: Status): string {
  return `Phase ${named(phase)} set to ${status.replace('_', ' ')}`;
}

export function runAllLine(note: string): string {
  return `Run all ready workers: ${note}`;
}

export function validationLine(taskId: string, valid: boolean): string {
  return `Validation recorded for ${taskId}: ${valid ? 'valid' : 'invalid'}`;
}

export function approvedLine(branch: string): string {
  return `User approved the commit on ${branch}`;
}

/** What one of these lines says, for the timeline. */
export type PlanLogLine =
  | { readonly kind: 'advanced'; readonly ended: number; readonly started?: number }
  | { readonly kind: 'phaseSet'; readonly phase: number; readonly status: string }
  | { readonly kind: 'runAll' }
  | { readonly kind: 'validation'; readonly taskId: string }
  | { readonly kind: 'approved' }
  | { readonly kind: 'committed' };

const ADVANCED = /^Phase (\d+)(?: \(.*?\))? done(?:; phase (\d+)(?: \(.*\))? started)?$/;
const PHASE_SET = /^Phase (\d+)(?: \(.*\))? set to (.+)$/;
const RUN_ALL = /^Run all ready workers: /;
const VALIDATION = /^Validation recorded for (\S+): (?:valid|invalid)$/;
const APPROVED = /^User approved the commit on /;
const COMMITTED = /^Committed [0-9a-f]{4,40} on /;

/** One of the lines above, read back; undefined for any other text (an orchestrator's own words). */
export function readPlanLogLine(text: string): PlanLogLine | undefined {
  let m: RegExpExecArray | null;
  if ((m = ADVANCED.exec(text))) return { kind: 'advanced', ended: Number(m[1]), ...(m[2] !== undefined ? { started: Number(m[2]) } : {}) };
  if ((m = PHASE_SET.exec(text))) return { kind: 'phaseSet', phase: Number(m[1]), status: m[2]!.trim() };
  if (RUN_ALL.test(text)) return { kind: 'runAll' };
  if ((m = VALIDATION.exec(text))) return { kind: 'validation', taskId: m[1]! };
  if (APPROVED.test(text)) return { kind: 'approved' };
  if (COMMITTED.test(text)) return { kind: 'committed' };
  return undefined;
}
