// Shared access to the real plans in test/fixtures/plans (never modified).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
