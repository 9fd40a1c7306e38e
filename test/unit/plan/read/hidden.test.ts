// What the parser cannot see: each region parsePlan reports, and the edit
// engine refusing to write into one or to add a section one may hide.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addTask, appendLog, applyEdits, setTaskCells, upsertValidation } from '../../../../src/plan/write/edit';
import { parsePlan } from '../../../../src/plan/read/parse';
import { PLAN_FILES, fixture } from '../../fixtures';

const NOW = new Date(2025, 11, 27, 10, 0);
const HEAD = '# Beads Work Plan\n\n## Tasks\n\n| ID | Title | Status | Worker |\n|---|---|---|---|\n| a-1 | one | pending | - |\n\n';
const LOG = '## Execution Log\n\n- 2025-12-27T09:00: started\n';

function hidden(text: string) {
  return parsePlan(text).hidden.map(({ line, endLine, message, hidesHeading }) => ({ line, endLine, message, hidesHeading }));
}

describe('hiddenRegions, through parsePlan', () => {
  it('finds nothing in the real plans', () => {
    for (const name of PLAN_FILES) assert.deepEqual(hidden(fixture(name)), [], name);
  });

  it('an unclosed code fence hides everything after it', () => {
    const text = `${HEAD}\`\`\`sh\nmake\n${LOG}`;
    assert.deepEqual(hidden(text), [{ line: 8, endLine: 14, message: 'an unclosed code fence at line 9 hides everything after it', hidesHeading: true }]);
    const finding = parsePlan(text).findings.find((f) => f.code === 'hidden')!;
    assert.deepEqual([finding.severity, finding.message, finding.line], ['error', 'An unclosed code fence at line 9 hides everything after it.', 8]);
    assert.equal(parsePlan(text).log.length, 0, 'the log is gone from the model');
  });

  it('a closed fence, a longer closer, a ~~~ fence, and a fence closed at the very end hide nothing', () => {
    for (const fence of ['```\n## not a heading\n```\n', '```\nx\n`````\n', '~~~\nx\n~~~\n', '````\nx\n````'])
      assert.deepEqual(hidden(`${HEAD}${LOG}\n${fence}`), [], fence);
    assert.equal(hidden(`${HEAD}${LOG}\n\`\`\`\`\nx\n\`\`\`\n`).length, 1, 'a shorter closer does not close');
  });

  it('an HTML block hides a heading on the lines that follow it, up to a blank line', () => {
    assert.deepEqual(hidden(`${HEAD}<div>\n${LOG}`), [
      { line: 8, endLine: 10, message: 'an HTML block at line 9 hides the heading at line 10 (a blank line before the heading ends the block)', hidesHeading: true },
    ]);
    assert.deepEqual(hidden(`${HEAD}<div>\n\n${LOG}`), [], 'ended by the blank line');
    assert.deepEqual(hidden(`${HEAD}<details>\nsome text\n</details>\n\n${LOG}`), []);
  });

  it('an unclosed HTML comment or <pre> hides everything after it; a closed one nothing', () => {
    assert.equal(hidden(`${HEAD}<!-- a note\n\n${LOG}`)[0]!.message, 'an unclosed HTML comment at line 9 hides everything after it');
    assert.equal(hidden(`${HEAD}<pre>\n\n${LOG}`)[0]!.message, 'an unclosed HTML block at line 9 hides everything after it');
    assert.deepEqual(hidden(`${HEAD}<!-- a note\nover lines -->\n\n${LOG}`), []);
  });

  it('nesting past the parser’s limit hides the rest of the block', () => {
    const deep = Array.from({ length: 60 }, (_, k) => `${'  '.repeat(k)}- item`).join('\n');
    const [region] = hidden(`${HEAD}${deep}\n\n${LOG}`);
    assert.equal(region!.message, 'nesting deeper than 100 levels at line 58 hides everything after it');
    assert.equal(region!.hidesHeading, true);
    assert.deepEqual(hidden(`${HEAD}${Array.from({ length: 40 }, (_, k) => `${'  '.repeat(k)}- item`).join('\n')}\n\n${LOG}`), [], '40 levels are read');
  });
});

describe('edits refused where the parser would not see them', () => {
  const fenced = `${HEAD}\`\`\`\n${LOG}`;

  it('does not add an Execution Log a fence hides', () => {
    const result = appendLog(fenced, 'x', NOW);
    assert.deepEqual(result, { ok: false, reason: 'an unclosed code fence at line 9 hides everything after it', line: 8 });
  });

  it('does not add a section a heading-hiding region may already hold', () => {
    const text = `${HEAD}<div>\n## Worker Validation\n\n${LOG}`;
    assert.equal(appendLog(text, 'x', NOW).ok, true, 'the log is visible: one line after its last entry');
    const result = upsertValidation(text, 'a-1', { valid: true });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /an HTML block at line 9 hides the heading at line 10/);
  });

  it('does not write at the end of a plan whose end is hidden', () => {
    const text = `${HEAD.replace('## Tasks', '## Notes')}\`\`\`\ncode\n`;
    const result = addTask(text, { id: 'a-2', title: 'two' });
    assert.equal(result.ok, false);
  });

  it('still edits what comes before the hidden part', () => {
    const result = setTaskCells(fenced, 'a-1', { worker: 'w' });
    assert.ok(result.ok);
    assert.equal(parsePlan(applyEdits(fenced, result.edits)).tasks[0]!.worker, 'w');
  });
});
