// The gate never lets a doubt pass in silence: a status, Valid or review cell
// made of a done word and any remark (random words, emoji, look-alike letters,
// zero-width characters, full-width forms) is a doubt or a block, never a
// pass. Only a clean done passes: the word with decoration alone. The oracle
// is how the cell is built, not the reader's tables.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { judgeCell, type CellKind } from '../../../../src/plan/read/cell';
import { checkGate } from '../../../../src/plan/rules/gate';
import { parsePlan } from '../../../../src/plan/read/parse';
import { CANONICAL_PHASES } from '../../../unit/fixtures';

const DONE_WORDS = ['done', 'Done', 'DONE', 'complete', 'completed', 'passed', 'PASS', 'closed', 'finished', 'success'];
const YES_WORDS = ['yes', 'Yes', 'valid', 'done', 'passed'];
/** What may decorate a clean done: a done mark, emphasis, blanks. */
const DECORATION = ['', '✅ ', '✔️ ', '✓ ', '**', ' '];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
/** Letters of a remark: Latin, their Cyrillic and Greek look-alikes, full-width and mathematical forms, digits. */
const LETTERS = [...'abcdefilnoprstuxy0123456789', ...'аеорсухіј', ...'αεικνορτυχ', ...'ａｂｃｄｅｆｉｌ', '𝗂', '𝖺'];
const EMOJI = ['✖️', '❎', '🛑', '☐', '❌', '⚠️', '🎉', '🔥', '💥', '🤔', '🟡', '🚧', '⏳', '🔄'];
const SEPARATORS = [' ', ' (', ' - ', ': ', ', ', '; ', ' — ', '/', '\u00a0'];

/** A remark that holds at least one letter, digit or emoji, with zero-width characters anywhere in it. */
const remark = fc
  .tuple(
    fc.constantFrom(...SEPARATORS),
    fc.array(fc.oneof(fc.constantFrom(...LETTERS), fc.constantFrom(...EMOJI), fc.constant(' ')), { minLength: 1, maxLength: 12 }),
    fc.constantFrom(...LETTERS, ...EMOJI),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZERO_WIDTH)), { maxLength: 3 }),
  )
  .map(([sep, chars, solid, invisibles]) => {
    const body = [...chars, solid];
    for (const [at, z] of invisibles) body.splice(at % (body.length + 1), 0, z);
    return `${sep}${body.join('')}${sep === ' (' ? ')' : ''}`;
  });

function cellArbitrary(words: readonly string[]): fc.Arbitrary<{ cell: string; clean: boolean }> {
  const clean = fc.tuple(fc.constantFrom(...DECORATION), fc.constantFrom(...words)).map(([d, w]) => ({ cell: d === '**' ? `**${w}**` : `${d}${w}`, clean: true }));
  const remarked = fc
    .tuple(fc.constantFrom(...DECORATION.filter((d) => d !== '**')), fc.constantFrom(...words), remark, fc.boolean())
    .map(([d, w, r, before]) => ({ cell: before ? `${r.trim()} ${d}${w}` : `${d}${w}${r}`, clean: false }));
  return fc.oneof({ arbitrary: clean, weight: 1 }, { arbitrary: remarked, weight: 6 });
}

for (const [kind, words] of [['status', DONE_WORDS], ['valid', YES_WORDS]] as ReadonlyArray<readonly [CellKind, readonly string[]]>)
  it(`a ${kind} cell passes only when it is a clean done`, () => {
    fc.assert(
      fc.property(cellArbitrary(words), ({ cell, clean }) => {
        const { verdict } = judgeCell(cell, kind);
        assert.equal(verdict === 'pass', clean, `${JSON.stringify(cell)} → ${verdict}`);
      }),
      { numRuns: 20_000 },
    );
  });

const checklist = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | o | ${n < 10 ? '✅ done' : '⏳ pending'} | |`).join('\n');
const planWith = (task: string, valid: string, review: string): string =>
  [
    '# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', checklist, '',
    '## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', `| a-1 | Alpha | e | ${task} | w | a.ts | 0 |`, '',
    '## Worker Validation', '| Task | Tests Run | Tests Passed | Mypy Passed | Valid |', '|---|---|---|---|---|', `| a-1 | 4 | 4/4 | yes | ${valid} |`, '',
    '## Review Results', '| Epic | Reviewer | Status | Warnings | Respawns |', '|---|---|---|---|---|', `| e | opus | ${review} | 0 | 0 |`, '',
  ].join('\n');

it('the gate passes a plan only when its task, Valid and review cells are all clean', () => {
  // Pipes would split the cell: they are no part of a generated remark.
  const safe = (a: fc.Arbitrary<{ cell: string; clean: boolean }>) => a.filter(({ cell }) => !cell.includes('|'));
  fc.assert(
    fc.property(safe(cellArbitrary(DONE_WORDS)), safe(cellArbitrary(YES_WORDS)), safe(cellArbitrary(DONE_WORDS)), (task, valid, review) => {
      const result = checkGate(parsePlan(planWith(task.cell, valid.cell, review.cell)));
      const clean = task.clean && valid.clean && review.clean;
      assert.equal(result.verdict === 'pass', clean, `${JSON.stringify([task.cell, valid.cell, review.cell])} → ${result.verdict}: ${JSON.stringify([...result.blocks, ...result.doubts])}`);
    }),
    { numRuns: 3_000 },
  );
});
