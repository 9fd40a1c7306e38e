// Shared access to the real plans in test/fixtures/plans (never modified).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan, Status } from '../../src/plan/model';
import { parsePlan } from '../../src/plan/read/parse';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');

export const PLAN_FILES: readonly string[] = [
  'seed-split-brain.md',
  ...readdirSync(join(FIXTURES, 'real'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `real/${f}`),
];

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

const CODE: Readonly<Record<Status, string>> = {
  done: 'd',
  pending: 'p',
  in_progress: 'i',
  failed: 'f',
  blocked: 'b',
  skipped: 's',
  closed: 'c',
  unknown: 'u',
};

/** Statuses as a compact string, one letter each (`ddddddddddp`), for readable expectations. */
export function statusCodes(statuses: readonly string[]): string {
  return statuses.map((s) => CODE[s as Status] ?? '?').join('');
}

/** The canonical phase names, 0 to 10. */
export const CANONICAL_PHASES: readonly string[] = [
  'Initialize Plan',
  'Discovery',
  'Update Plan',
  'Execute Tasks',
  'Validate Workers',
  'Review Changes',
  'Close Tasks',
  'Handle Discovered Issues',
  'Final Verification',
  'Summary & Wait',
  'User-Approved Commit',
];

/** A plan with a Tasks table of `[id, files]` rows and the given Conflict Matrix lines (the scheduler's input). */
export function handPlan(tasks: ReadonlyArray<readonly [string, string]>, matrix: readonly string[] = []): Plan {
  return parsePlan(
    [
      '# Beads Work Plan',
      '',
      '## Tasks',
      '| ID | Title | Epic | Status | Worker | Files | Respawns |',
      '|----|-------|------|--------|--------|-------|----------|',
      ...tasks.map(([id, files]) => `| ${id} | Task ${id} | ep | ready | - | ${files} | 0 |`),
      '',
      ...(matrix.length > 0 ? ['## Conflict Matrix', ...matrix.map((m) => `- ${m}`)] : []),
      '',
    ].join('\n'),
  );
}
