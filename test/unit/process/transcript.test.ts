import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamJsonReader, type ResultEvent, type StreamEvent } from '../../../src/process/streamJson';
import { resultVerdict, stepLabel, transcriptLines } from '../../../src/process/transcript';

function eventsOf(name: string): StreamEvent[] {
  const reader = new StreamJsonReader();
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'transcripts', name), 'utf8');
  return [...reader.push(text), ...reader.end()].filter((i): i is StreamEvent => i.kind !== 'raw');
}

const resultOf = (name: string): ResultEvent => eventsOf(name).at(-1) as ResultEvent;

describe('stepLabel', () => {
  it('names a tool call by what it touches: the file name, the command, the pattern', () => {
    assert.equal(stepLabel('Edit', { file_path: '/ws/tests/bdd/django_adapter/test_database_backend.py' }), 'Edit test_database_backend.py');
    assert.equal(stepLabel('Write', { file_path: 'C:\\ws\\src\\app.ts' }), 'Write app.ts');
    assert.equal(stepLabel('Bash', { command: 'pytest -q tests/bdd', description: 'Run the tests' }), 'Bash: pytest -q tests/bdd');
    assert.equal(stepLabel('Bash', { command: 'cd /ws &&\npytest -q' }), 'Bash: cd /ws &&…');
    assert.equal(stepLabel('Bash', { command: `echo ${'a'.repeat(100)}` }), `Bash: echo ${'a'.repeat(55)}…`);
    assert.equal(stepLabel('Grep', { pattern: 'SplitBrainError', path: '/ws' }), 'Grep: SplitBrainError');
    assert.equal(stepLabel('TodoWrite', { todos: [] }), 'TodoWrite');
    assert.equal(stepLabel('mcp__github__create_issue', {}), 'mcp__github__create_issue');
  });
});

describe('resultVerdict', () => {
  it('passes a success, and fails an error flag, an error subtype, and denied tool calls, saying why', () => {
    assert.equal(resultVerdict(resultOf('success.jsonl')), undefined);
    assert.equal(resultVerdict(resultOf('error-max-turns.jsonl')), 'stopped at the turn limit (40 turns)');
    assert.equal(resultVerdict(resultOf('error-during-execution.jsonl')), 'error during execution; API Error: 529 Overloaded');
    assert.equal(resultVerdict(resultOf('not-logged-in.jsonl')), 'Not logged in · Please run /login');
    assert.equal(resultVerdict(resultOf('permission-denied.jsonl')), 'permission denied: Bash(git commit -am "BDD steps"), Bash(pytest -q tests/bdd)');
  });
  it('names at most three denials, and an error without words', () => {
    const base = resultOf('success.jsonl');
    const denial = (n: number) => ({ toolName: 'Write', input: { file_path: `/etc/f${n}` } });
    assert.equal(resultVerdict({ ...base, permissionDenials: [1, 2, 3, 4, 5].map(denial) }), 'permission denied: Write(/etc/f1), Write(/etc/f2), Write(/etc/f3) and 2 more');
    assert.equal(resultVerdict({ ...base, isError: true, text: undefined }), 'the worker reported an error');
    assert.equal(resultVerdict({ ...base, subtype: 'error_max_budget_usd' }), 'error max budget usd');
  });
});

describe('transcriptLines', () => {
  it('shows a run as a person reads it: text, each tool call with its key input, short results, the outcome', () => {
    const lines = eventsOf('success.jsonl').flatMap(transcriptLines);
    assert.deepEqual(lines, [
      '── Claude Code session 3f2a9c1e-5b7d-4e21-9a0c-000000000001 · claude-sonnet-4-5-20250929 · acceptEdits',
      "I'll read the feature file first, then add the step definitions.",
      '→ Read /ws/tests/features/django/database_backend.feature',
      '  ← 147→  Scenario: Write fails during split-brain with SplitBrainError (+2 lines)',
      '→ Edit /ws/tests/bdd/django_adapter/test_database_backend.py',
      '  ← The file /ws/tests/bdd/django_adapter/test_database_backend.py has been updated.',
      'Now the tests.',
      '→ Bash: pytest -q tests/bdd',
      '  ← ....                                                                     [100%] (+1 lines)',
      'Report: changed tests/bdd/django_adapter/test_database_backend.py; ran pytest -q tests/bdd: 4 passed, 0 failed.',
      '── Succeeded · 6 turns · $0.12',
    ]);
    const denied = eventsOf('permission-denied.jsonl').flatMap(transcriptLines);
    assert.ok(denied.includes('  ✗ Permission to use Bash with command git commit -am "BDD steps" has been denied.'));
    assert.equal(denied.at(-1), '── Failed: permission denied: Bash(git commit -am "BDD steps"), Bash(pytest -q tests/bdd) · 4 turns · $0.05');
  });
});
