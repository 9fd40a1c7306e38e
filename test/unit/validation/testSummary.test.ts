import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTestSummary } from '../../../src/validation/testSummary';

const PYTEST = `============================= test session starts ==============================
platform linux -- Python 3.12.1, pytest-8.0.0, pluggy-1.4.0
rootdir: /home/dev/django-litefs
collected 16 items

tests/core/unit/test_health.py ........F...                               [ 75%]
tests/core/unit/test_leader.py ..Fs                                       [100%]

=================================== FAILURES ===================================
___________________________ test_leader_election _______________________________
    def test_leader_election():
>       assert elect() == "node-1"
E       AssertionError: assert 'node-2' == 'node-1'
=========================== short test summary info ============================
FAILED tests/core/unit/test_health.py::test_liveness - AssertionError
FAILED tests/core/unit/test_leader.py::test_leader_election - AssertionError
=================== 2 failed, 12 passed, 1 skipped, 1 warning in 0.52s ===================
`;

const JEST = `PASS src/utils.test.ts
FAIL src/api.test.ts
  ● api › returns 404

    expect(received).toBe(expected) // Object.is equality

Test Suites: 1 failed, 1 passed, 2 total
Tests:       1 failed, 2 skipped, 11 passed, 14 total
Snapshots:   0 total
Time:        1.234 s
Ran all test suites.
`;

const VITEST = `
 ✓ src/plan.test.ts (8 tests) 12ms
 ❯ src/run.test.ts (4 tests | 1 failed) 30ms

 Test Files  1 failed | 1 passed (2)
      Tests  \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m11 passed\u001b[39m\u001b[22m (12)
   Start at  10:31:02
   Duration  412ms (transform 40ms, setup 0ms, collect 60ms, tests 42ms)
`;

const MOCHA = `
  Plan
    ✔ parses the header
    ✔ reads the tasks
    - keeps unknown sections
    1) writes the status


  12 passing (34ms)
  1 pending
  3 failing

  1) Plan
       writes the status:
     AssertionError [ERR_ASSERTION]: Expected values to be strictly equal
`;

const NODE_TAP = `TAP version 13
# Subtest: parsePlan
ok 1 - parsePlan
  ---
  duration_ms: 12.3
  ...
1..12
# tests 12
# suites 3
# pass 10
# fail 1
# cancelled 0
# skipped 1
# todo 0
# duration_ms 512.47
`;

const NODE_SPEC = `▶ schedule
  ✔ plans batches (1.2ms)
▶ schedule (3.4ms)
ℹ tests 40
ℹ suites 4
ℹ pass 39
ℹ fail 0
ℹ cancelled 1
ℹ skipped 0
ℹ todo 0
ℹ duration_ms 3889.53
`;

describe('parseTestSummary', () => {
  it('reads pytest', () => {
    assert.deepEqual(parseTestSummary(PYTEST), { run: 15, passed: 12, failed: 2, skipped: 1 });
    assert.deepEqual(parseTestSummary('=== 12 passed, 3 failed, 1 skipped in 0.5s ==='), {
      run: 16,
      passed: 12,
      failed: 3,
      skipped: 1,
    });
    assert.deepEqual(parseTestSummary('340 passed, 2 errors in 61.25s (0:01:01)'), { run: 342, passed: 340, failed: 2, skipped: 0 });
  });

  it('reads jest by its Tests line, not its Test Suites or Snapshots lines', () => {
    assert.deepEqual(parseTestSummary(JEST), { run: 14, passed: 11, failed: 1, skipped: 2 });
  });

  it('reads vitest, colours and all', () => {
    assert.deepEqual(parseTestSummary(VITEST), { run: 12, passed: 11, failed: 1, skipped: 0 });
    assert.deepEqual(parseTestSummary('      Tests  11 passed | 1 failed (12)'), { run: 12, passed: 11, failed: 1, skipped: 0 });
  });

  it('reads mocha’s lines as one summary', () => {
    assert.deepEqual(parseTestSummary(MOCHA), { run: 16, passed: 12, failed: 3, skipped: 1 });
  });

  it('reads node’s test runner, TAP and spec reporters (cancelled counts as failed)', () => {
    assert.deepEqual(parseTestSummary(NODE_TAP), { run: 12, passed: 10, failed: 1, skipped: 1 });
    assert.deepEqual(parseTestSummary(NODE_SPEC), { run: 40, passed: 39, failed: 1, skipped: 0 });
  });

  it('reads the plain form, including a worker’s own markdown report', () => {
    assert.deepEqual(parseTestSummary('5 passed, 1 failed'), { run: 6, passed: 5, failed: 1, skipped: 0 });
    assert.deepEqual(parseTestSummary('- **Tests:** 242 passed, 0 failed'), { run: 242, passed: 242, failed: 0, skipped: 0 });
    assert.deepEqual(parseTestSummary('✅ 12 passed'), { run: 12, passed: 12, failed: 0, skipped: 0 });
  });

  it('lets the last summary win', () => {
    const output = `${NODE_TAP}\nsome more work\n${PYTEST}\nDone. Final run:\nTests: 20 passed, 20 total\n`;
    assert.deepEqual(parseTestSummary(output), { run: 20, passed: 20, failed: 0, skipped: 0 });
    assert.deepEqual(parseTestSummary(`${JEST}\n${MOCHA}`), { run: 16, passed: 12, failed: 3, skipped: 1 });
  });

  it('finds nothing in prose, or in counts that are not test results', () => {
    for (const text of [
      '',
      'All tests passed!',
      'Migration 3 failed, retrying',
      'Snapshots:   0 total',
      '3 warnings',
      'Downloaded 12 packages, 3 failed to build',
      'collected 16 items',
    ])
      assert.deepEqual(parseTestSummary(text), {}, text);
  });

  it('never throws, and reads whole counts, all four or none', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('# pass 3', '# fail 1', '12 passing', '2 failing', 'Tests: 1 failed, 3 total', '=== 4 passed in 1s ==='),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const s = parseTestSummary(lines.join('\n'));
        for (const v of Object.values(s)) assert.ok(Number.isInteger(v) && v >= 0);
        if (s.run !== undefined) assert.ok(s.passed !== undefined && s.failed !== undefined && s.skipped !== undefined);
      }),
    );
  });
});
