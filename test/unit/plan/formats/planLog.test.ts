// The plan's own log lines: each writer's line is read back by the one reader
// as what it says, and an orchestrator's own words are none of them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { approvedLine, phaseAdvancedLine, phaseSetLine, readPlanLogLine, runAllLine, validationLine } from '../../../../src/plan/formats/planLog';

describe('plan log lines', () => {
  it('reads back what each writer writes', () => {
    const cases: ReadonlyArray<readonly [string, ReturnType<typeof readPlanLogLine>]> = [
      [phaseAdvancedLine({ number: 3, name: 'Execute Tasks' }, { number: 4, name: 'Validate (Workers)' }), { kind: 'advanced', ended: 3, started: 4 }],
      [phaseAdvancedLine({ number: 9, name: 'Summary & Wait' }, undefined), { kind: 'advanced', ended: 9 }],
      [phaseSetLine({ number: 5, name: 'Review' }, 'in_progress'), { kind: 'phaseSet', phase: 5, status: 'in progress' }],
      [phaseSetLine({ number: 7 }, 'done'), { kind: 'phaseSet', phase: 7, status: 'done' }],
      [runAllLine('2 started, 1 waits on a conflict'), { kind: 'runAll' }],
      [validationLine('proj-1.2', true), { kind: 'validation', taskId: 'proj-1.2' }],
      [validationLine('proj-1.2', false), { kind: 'validation', taskId: 'proj-1.2' }],
      [approvedLine('main'), { kind: 'approved' }],
      ['Committed 1a2b3c4 on main', { kind: 'committed' }],
    ];
    for (const [line, expected] of cases) assert.deepEqual(readPlanLogLine(line), expected, line);
  });

  it('writes the shapes the README documents', () => {
    assert.equal(phaseAdvancedLine({ number: 3, name: 'Execute Tasks' }, { number: 4, name: 'Validate Workers' }), 'Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started');
    assert.equal(phaseSetLine({ number: 5, name: 'Review' }, 'in_progress'), 'Phase 5 (Review) set to in progress');
    assert.equal(validationLine('t-1', false), 'Validation recorded for t-1: invalid');
  });

  it('reads nothing from an orchestrator’s own words', () => {
    for (const text of ['Phase 3 looks done to me', 'Run all the tests', 'Validation recorded', 'User approved', 'Committed the fix', 'Worker started for x']) assert.equal(readPlanLogLine(text), undefined, text);
  });
});
