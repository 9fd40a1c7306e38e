// A cell's source and the text a reader sees: escapeCell's output reads back
// as the value, whatever it holds, and splits into exactly one cell.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeCell, unescapeCell } from '../../../../src/plan/read/escapes';
import { splitRow } from '../../../../src/plan/read/table';

describe('unescapeCell', () => {
  it("undoes GFM's \\| everywhere and CommonMark's punctuation escapes outside code spans", () => {
    assert.equal(unescapeCell('Escape \\| pipes'), 'Escape | pipes');
    assert.equal(unescapeCell('\\*not bold\\* \\\\ \\`tick\\`'), '*not bold* \\ `tick`');
    assert.equal(unescapeCell('`a\\*b\\|c` \\*'), '`a\\*b|c` *');
  });
  it('keeps a backslash before anything but ASCII punctuation, and an unclosed backtick run as text', () => {
    assert.equal(unescapeCell('src\\a.ts \\é end\\'), 'src\\a.ts \\é end\\');
    assert.equal(unescapeCell('`` a ` \\* b'), '`` a ` * b');
  });
});

describe('escapeCell', () => {
  const piece = fc.constantFrom('a', ' ', '|', '\\', '`', '``', '*', '_', 'é', '✅', '\\|', '(', ')', '[', '<br>');
  const value = fc.array(piece, { maxLength: 16 }).map((p) => p.join('').trim());

  it('reads back as the value and stays one cell', () => {
    fc.assert(
      fc.property(value, (v) => {
        const source = escapeCell(v);
        assert.equal(unescapeCell(source), v);
        const cells = splitRow(`| ${source} | next |`);
        assert.deepEqual(cells.map((c) => c.text), [v, 'next']);
      }),
      { numRuns: 2000 },
    );
  });
  it('leaves plain text and code spans as written, escaping only what would change', () => {
    assert.equal(escapeCell('✅ done (3/3)'), '✅ done (3/3)');
    assert.equal(escapeCell('`a|b` c|d'), '`a\\|b` c\\|d');
  });
});
