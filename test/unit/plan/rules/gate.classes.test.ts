// Every class of hole issue #23's red-team pass found, each as a one-change
// variant of a plan the gate passes cleanly: the expected answer is pass,
// doubt or block, never a silent pass where a careful reader would stop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkGate, type GateVerdict } from '../../../../src/plan/rules/gate';
import { parsePlan } from '../../../../src/plan/read/parse';
import { CANONICAL_PHASES } from '../../fixtures';

const HEADER = '| ID | Title | Epic | Status | Worker | Files | Respawns |\n|---|---|---|---|---|---|---|';
const FAILED_ROW = '| a-2 | Beta | e | ❌ failed | w | b.ts | 0 |';
const VALIDATION_HEADER = '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |\n|---|---|---|---|---|';

interface Parts {
  readonly phases?: string;
  readonly task?: string;
  readonly validation?: string;
  readonly after?: string;
}

function checklist(statuses: Readonly<Record<number, string>> = {}): string {
  const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | orchestrator | ${statuses[n] ?? (n < 10 ? '✅ done' : '⏳ pending')} | |`);
  return ['| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** A plan at the HARD STOP that passes cleanly; each part can be swapped. */
function plan(parts: Parts = {}): string {
  return [
    '# Beads Work Plan',
    '',
    '## Phase Checklist',
    parts.phases ?? checklist(),
    '',
    '## Tasks',
    HEADER,
    `| a-1 | Alpha | e | ${parts.task ?? '✅ done'} | w | a.ts | 0 |`,
    '',
    '## Worker Validation',
    VALIDATION_HEADER,
    parts.validation ?? '| a-1 | 4 | 4/4 | yes | ✅ |',
    '',
    parts.after ?? '',
  ].join('\n');
}

const verdict = (text: string): GateVerdict => checkGate(parsePlan(text)).verdict;

const CASES: ReadonlyArray<readonly [string, string, GateVerdict]> = [
  ['a clean plan', plan(), 'pass'],
  ['a clean done with decoration', plan({ task: '✅ **Done**' }), 'pass'],
  // A remark after a done word.
  ...(['✅ done (2 failures)', 'done (tests failing)', 'done (crashed)', 'done (cannot run tests)', 'done (untested)', 'done (partial)', 'done (reverted)', 'done (build broken)', '✅ 0 passed'] as const).map(
    (task) => [`task "${task}"`, plan({ task }), 'block'] as const,
  ),
  // A disguised remark: a Cyrillic а, a zero-width space, full-width letters.
  ['task "done (fаiled)" with a Cyrillic а', plan({ task: 'done (f\u0430iled)' }), 'block'],
  ['task "done (fa\u200Biled)" with a zero-width space', plan({ task: 'done (fa\u200Biled)' }), 'block'],
  ['task "done (ｆａｉｌｅｄ)" in full-width letters', plan({ task: 'done (ｆａｉｌｅｄ)' }), 'block'],
  ['task "done (fα𝗂led)" with Greek and mathematical letters', plan({ task: 'done (f\u03b1\u{1d5c2}led)' }), 'block'],
  // Emoji the gate did not know.
  ...(['✖️ done', '❎ done', '🛑 done', '☐ done'] as const).map((task) => [`task "${task}"`, plan({ task }), 'block'] as const),
  // Anything else beside a done word.
  ['task "✅ done (3 tests)"', plan({ task: '✅ done (3 tests)' }), 'doubt'],
  ['task "✅ closed (EPIC)"', plan({ task: '✅ closed (EPIC)' }), 'doubt'],
  ['task "🎉 done"', plan({ task: '🎉 done' }), 'doubt'],
  ['task "✅ done (0 failures)"', plan({ task: '✅ done (0 failures)' }), 'doubt'],
  // Validation numbers.
  ['Tests Passed 0/4 with Valid ✅', plan({ validation: '| a-1 | 4 | 0/4 | yes | ✅ |' }), 'block'],
  ['Types no with Valid yes', plan({ validation: '| a-1 | 4 | 4/4 | no | yes |' }), 'block'],
  ['Valid "✅ 0/3"', plan({ validation: '| a-1 | 3 | 3 | yes | ✅ 0/3 |' }), 'block'],
  ['Valid "yes (3 failures)"', plan({ validation: '| a-1 | 3 | 3 | yes | yes (3 failures) |' }), 'block'],
  ['Tests Passed "0 passed"', plan({ validation: '| a-1 | 4 | 0 passed | yes | ✅ |' }), 'block'],
  ['valid with no numbers', plan({ validation: '| a-1 | yes | yes | yes | ✅ |' }), 'doubt'],
  ['a ❌ table under ## Re-validation', plan({ after: `## Re-validation\n${VALIDATION_HEADER}\n| a-1 | 4 | 1/4 | yes | ❌ |\n` }), 'block'],
  ['a later Re-validation that passes decides over an earlier ❌', plan({ validation: '| a-1 | 4 | 1/4 | yes | ❌ |', after: `## Re-validation\n${VALIDATION_HEADER}\n| a-1 | 4 | 4/4 | yes | ✅ |\n` }), 'pass'],
  // Review Results.
  ['a review row "❌ FAIL"', plan({ after: '## Review Results\n| Epic | Reviewer | Status | Warnings | Respawns |\n|---|---|---|---|---|\n| e | opus | ❌ FAIL | 0 | 0 |\n' }), 'block'],
  ['the review section "Status: ❌ failed"', plan({ after: '## Review Results\nStatus: ❌ failed\n' }), 'block'],
  ['a review with warnings', plan({ after: '## Review Results\n| Epic | Reviewer | Status | Warnings | Respawns |\n|---|---|---|---|---|\n| e | opus | PASS | 2 (naming) | 0 |\n' }), 'doubt'],
  ['a clean review', plan({ after: '## Review Results\n| Epic | Reviewer | Status | Warnings | Respawns |\n|---|---|---|---|---|\n| e | opus | ✅ PASS | 0 | 0 |\n' }), 'pass'],
  // A failed row the parser does not see.
  ['a failed row in a blockquote', plan({ after: `## Notes\n> ${HEADER.replace('\n', '\n> ')}\n> ${FAILED_ROW}\n` }), 'block'],
  ['a failed row in a list item', plan({ after: `## Notes\n- Follow-up:\n\n  ${HEADER.replace('\n', '\n  ')}\n  ${FAILED_ROW}\n` }), 'block'],
  ['a failed row right after a <div> line', plan({ after: `## Notes\n<div>\n${HEADER}\n${FAILED_ROW}\n</div>\n` }), 'block'],
  ['a failed row right after a <details> line', plan({ after: `## Notes\n<details>\n${HEADER}\n${FAILED_ROW}\n</details>\n` }), 'block'],
  ['a failed row after an unclosed code fence', plan({ after: `## Notes\n\`\`\`\n\n${HEADER}\n${FAILED_ROW}\n` }), 'block'],
  ['a failed row under ## Task List', plan({ after: `## Task List\n${HEADER}\n${FAILED_ROW}\n` }), 'block'],
  ['a failed row under ## Follow-up Tasks', plan({ after: `## Follow-up Tasks\n${HEADER}\n${FAILED_ROW}\n` }), 'block'],
  ['a failed row indented four spaces', plan({ after: `## Notes\n\n    ${HEADER.replace('\n', '\n    ')}\n    ${FAILED_ROW}\n` }), 'block'],
  ['a failed row in a table whose id column is headed Issue', plan({ after: `## Notes\n| Issue | Status |\n|---|---|\n| a-2 | ❌ failed |\n` }), 'block'],
  ['a failed second Status column of the Tasks row', plan({ after: '' }).replace(HEADER, '| ID | Title | Epic | Status | Worker | Files | Respawns | Status |\n|---|---|---|---|---|---|---|---|').replace('| a.ts | 0 |', '| a.ts | 0 | ❌ failed |'), 'block'],
  ['a summary table saying open for a done task', plan({ after: '## Discovery Results\n| ID | Title | Status |\n|---|---|---|\n| a-1 | Alpha | open |\n' }), 'doubt'],
  ['a summary table agreeing with the Tasks table', plan({ after: '## Summary\n| ID | Status |\n|---|---|\n| a-1 | ✅ done |\n' }), 'pass'],
  // A task not done while Execute Tasks is done.
  ['a task still ready at the HARD STOP', plan({ task: 'ready' }), 'doubt'],
  // Order by number.
  [
    'the commit phase moved to the top as #0, phases 2–10 pending',
    plan({ phases: ['| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', '| 0 | User-Approved Commit | o | ⏳ pending | |', ...CANONICAL_PHASES.slice(0, 10).map((name, n) => `| ${n + 1} | ${name} | o | ${n < 1 ? '✅ done' : '⏳ pending'} | |`)].join('\n') }),
    'block',
  ],
  // Hex-like words in the commit phase's Notes are no facts.
  ['a hex word in a pending commit phase’s Notes', plan({ phases: checklist().replace('| ⏳ pending | |', '| ⏳ pending | waiting for the user (session 65c422f0) |') }), 'pass'],
  ['a mid-flight plan with a hex word in the commit phase’s Notes', plan({ phases: checklist({ 3: '🔄 in progress' }).replace('| ⏳ pending | |', '| ⏳ pending | ticket ab12cd3 |') }), 'block'],
];

describe('the gate on every class of issue #23', () => {
  for (const [name, text, expected] of CASES) it(`${expected}: ${name}`, () => assert.equal(verdict(text), expected, JSON.stringify(checkGate(parsePlan(text)), null, 1)));

  it('quotes the cells of a disagreement, each with its line', () => {
    const { doubts } = checkGate(parsePlan(plan({ after: '## Discovery Results\n| ID | Title | Status |\n|---|---|---|\n| a-1 | Alpha | open |\n' })));
    assert.equal(doubts.length, 1);
    assert.match(doubts[0]!.message, /^a-1 is "✅ done" in the Tasks table \(line 21\), but Status "open" on line 31$/);
  });

  it('blocks whatever lint reports as an error, with the finding and its line', () => {
    const text = plan({ after: '## Notes\n```\nnever closed\n' });
    const lintErrors = parsePlan(text).findings.filter((f) => f.severity === 'error');
    assert.ok(lintErrors.length > 0);
    const { blocks } = checkGate(parsePlan(text));
    for (const f of lintErrors) assert.ok(blocks.some((b) => b.code === f.code && b.line === f.line), f.message);
  });
});
