// Turning the outcome of the configured test and type checks into the cells of
// a Worker Validation row.
import type { ValidationCells } from '../plan/write/edit';
import type { RunResult } from '../process/run';
import type { TestSummary } from './testSummary';

export interface CheckOutcome {
  readonly result: RunResult;
  readonly summary: TestSummary;
}

/** A check that ran and answered: passed (exit 0) or failed its checks (exit 1). Anything else is a fault. */
export function answered(result: RunResult): boolean {
  return result.outcome === 'success' || (result.outcome === 'failed' && result.exitCode === 1);
}

export function validationCells(tests: CheckOutcome | undefined, types: RunResult | undefined): ValidationCells {
  const testsOk = tests === undefined || tests.result.outcome === 'success';
  const typesOk = types === undefined || types.outcome === 'success';
  return {
    testsRun: tests ? (tests.summary.run !== undefined ? `yes (${tests.summary.run})` : 'yes') : 'n/a',
    testsPassed: tests ? testsPassed(tests) : 'n/a',
    typesPassed: types ? (typesOk ? 'yes' : 'no') : 'n/a',
    valid: testsOk && typesOk,
  };
}

function testsPassed({ result, summary }: CheckOutcome): string {
  if (summary.passed === undefined || summary.run === undefined) return result.outcome === 'success' ? 'yes' : 'no';
  const failed = summary.failed ? ` (${summary.failed} failed)` : '';
  return `${summary.passed}/${summary.run}${failed}`;
}
