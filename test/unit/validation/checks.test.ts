import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answered, validationCells } from '../../../src/validation/checks';
import type { RunResult } from '../../../src/process/run';

function result(outcome: RunResult['outcome'], exitCode: number | null): RunResult {
  return { outcome, exitCode, signal: null, durationMs: 10, output: '', truncated: false, message: '' };
}

describe('validation from checks', () => {
  it('fills the row from a passing test run and type check', () => {
    assert.deepEqual(validationCells({ result: result('success', 0), summary: { run: 12, passed: 12, failed: 0, skipped: 0 } }, result('success', 0)), {
      testsRun: 'yes (12)',
      testsPassed: '12/12',
      typesPassed: 'yes',
      valid: true,
    });
  });
  it('records failures and counts, and n/a for checks not configured', () => {
    assert.deepEqual(validationCells({ result: result('failed', 1), summary: { run: 12, passed: 9, failed: 3, skipped: 0 } }, undefined), {
      testsRun: 'yes (12)',
      testsPassed: '9/12 (3 failed)',
      typesPassed: 'n/a',
      valid: false,
    });
    assert.deepEqual(validationCells(undefined, result('failed', 2)), { testsRun: 'n/a', testsPassed: 'n/a', typesPassed: 'no', valid: false });
  });
  it('falls back to the exit code when the output has no summary', () => {
    assert.equal(validationCells({ result: result('success', 0), summary: {} }, undefined).testsPassed, 'yes');
  });
  it('tells an answer (exit 0 or 1) from a fault', () => {
    assert.ok(answered(result('success', 0)));
    assert.ok(answered(result('failed', 1)));
    assert.ok(!answered(result('failed', 4)));
    assert.ok(!answered(result('not-found', null)));
    assert.ok(!answered(result('timeout', null)));
  });
});
