// The stream-json reader on real-shaped transcripts (test/fixtures/transcripts):
// events come out the same however the bytes are split, plain output passes
// through byte for byte, and noise, broken JSON and a 1 MB line break nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import fc from 'fast-check';
import { MAX_LINE_CHARS, StreamJsonReader, type ReadItem, type StreamEvent } from '../../../src/process/streamJson';

const TRANSCRIPTS = join(__dirname, '..', '..', 'fixtures', 'transcripts');
const transcript = (name: string): string => readFileSync(join(TRANSCRIPTS, name), 'utf8');

/** Everything the reader makes of `chunks`, end included. */
function read(chunks: readonly string[]): ReadItem[] {
  const reader = new StreamJsonReader();
  return [...chunks.flatMap((c) => reader.push(c)), ...reader.end()];
}

/** The bytes of `text` cut at `cuts`, decoded as the worker runner decodes a pipe. */
function byteChunks(text: string, cuts: readonly number[]): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const decoder = new StringDecoder('utf8');
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const chunks = bounds.slice(1).map((end, i) => decoder.write(bytes.subarray(bounds[i], end)));
  return [...chunks, decoder.end()].filter((c) => c !== '');
}

const events = (items: readonly ReadItem[]): StreamEvent[] => items.filter((i): i is StreamEvent => i.kind !== 'raw');
const raw = (items: readonly ReadItem[]): string => items.map((i) => (i.kind === 'raw' ? i.text : '')).join('');

describe('StreamJsonReader on real-shaped transcripts', () => {
  it('reads a successful run: init, text, tool calls with their results, and the result', () => {
    const items = read([transcript('success.jsonl')]);
    assert.equal(raw(items), '');
    assert.deepEqual(
      events(items).map((e) => (e.kind === 'tool' ? `tool ${e.name}` : e.kind === 'toolResult' ? `result ${e.toolUseId}${e.isError ? ' error' : ''}` : e.kind)),
      ['init', 'text', 'tool Read', 'result toolu_01Read', 'tool Edit', 'result toolu_02Edit', 'text', 'tool Bash', 'result toolu_03Bash', 'text', 'result'],
    );
    const [init] = events(items);
    assert.deepEqual(init, { kind: 'init', sessionId: '3f2a9c1e-5b7d-4e21-9a0c-000000000001', model: 'claude-sonnet-4-5-20250929', permissionMode: 'acceptEdits' });
    const bash = events(items).find((e) => e.kind === 'tool' && e.name === 'Bash');
    assert.deepEqual(bash, { kind: 'tool', id: 'toolu_03Bash', name: 'Bash', input: { command: 'pytest -q tests/bdd', description: 'Run the BDD tests' } });
    const output = events(items).find((e) => e.kind === 'toolResult' && e.toolUseId === 'toolu_03Bash');
    assert.ok(output?.kind === 'toolResult' && output.text.endsWith('4 passed in 0.52s'));
    const result = events(items).at(-1);
    assert.ok(result?.kind === 'result');
    assert.equal(result.subtype, 'success');
    assert.equal(result.isError, false);
    assert.equal(result.numTurns, 6);
    assert.equal(result.costUsd, 0.1234);
    assert.equal(result.durationMs, 6100);
    assert.equal(result.sessionId, '3f2a9c1e-5b7d-4e21-9a0c-000000000001');
    assert.deepEqual(result.permissionDenials, []);
  });

  it('reads the error results: error_max_turns, error_during_execution with its errors, and the CLI without a login', () => {
    const last = (name: string) => events(read([transcript(name)])).at(-1)!;
    assert.deepEqual(
      (({ subtype, isError, numTurns, costUsd }) => ({ subtype, isError, numTurns, costUsd }))(last('error-max-turns.jsonl') as Extract<StreamEvent, { kind: 'result' }>),
      { subtype: 'error_max_turns', isError: false, numTurns: 40, costUsd: 1.2 },
    );
    const during = last('error-during-execution.jsonl');
    assert.ok(during.kind === 'result');
    assert.equal(during.subtype, 'error_during_execution');
    assert.equal(during.isError, true);
    assert.deepEqual(during.errors, ['API Error: 529 Overloaded']);
    const noLogin = last('not-logged-in.jsonl');
    assert.ok(noLogin.kind === 'result');
    assert.equal(noLogin.isError, true);
    assert.equal(noLogin.text, 'Not logged in · Please run /login');
  });

  it('reads permission denials, and denied tool results as errors', () => {
    const items = events(read([transcript('permission-denied.jsonl')]));
    const result = items.at(-1);
    assert.ok(result?.kind === 'result');
    assert.deepEqual(result.permissionDenials, [
      { toolName: 'Bash', input: { command: 'git commit -am "BDD steps"', description: 'Commit the work' } },
      { toolName: 'Bash', input: { command: 'pytest -q tests/bdd', description: 'Run the tests' } },
    ]);
    assert.deepEqual(
      items.filter((e) => e.kind === 'toolResult').map((e) => e.kind === 'toolResult' && e.isError),
      [false, true, true],
    );
  });

  it('gives the same events when the bytes are split at every position', () => {
    for (const name of ['success.jsonl', 'permission-denied.jsonl', 'not-logged-in.jsonl']) {
      const text = transcript(name);
      const whole = read([text]);
      const bytes = Buffer.byteLength(text);
      for (let cut = 1; cut < bytes; cut++) assert.deepEqual(read(byteChunks(text, [cut])), whole, `${name} cut at byte ${cut}`);
      // And one byte at a time: a multi-byte character (·, →) arrives in pieces.
      assert.deepEqual(read(byteChunks(text, Array.from({ length: bytes - 1 }, (_, i) => i + 1))), whole, `${name} byte by byte`);
    }
  });

  it('gives the same events and text for any chunking of a transcript mixed with noise', () => {
    const text = `warning: something on stdout\n${transcript('success.jsonl')}{"not": "an event"}\n{broken json\n\nplain tail without newline`;
    // Passed-through text may come in other pieces; its bytes and the events may not differ.
    const seen = (items: readonly ReadItem[]) => ({ text: raw(items), events: events(items) });
    const whole = seen(read([text]));
    assert.equal(whole.text, 'warning: something on stdout\n');
    assert.equal(whole.events.filter((e) => e.kind === 'line').length, 3);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: Buffer.byteLength(text) - 1 }), { maxLength: 40 }), (cuts) => {
        assert.deepEqual(seen(read(byteChunks(text, cuts))), whole);
      }),
      { numRuns: 300 },
    );
  });

  it('passes plain output through byte for byte until the first event, then shows other lines as lines', () => {
    const text = `starting\n  {partial json\n${transcript('success.jsonl')}{"broken": \nlast words`;
    const items = read([text]);
    assert.equal(raw(items), 'starting\n  {partial json\n');
    const lines = events(items).filter((e) => e.kind === 'line');
    assert.deepEqual(lines, [
      { kind: 'line', text: '{"broken": ' },
      { kind: 'line', text: 'last words' },
    ]);
    assert.equal(events(items).filter((e) => e.kind === 'result').length, 1);
  });

  it('leaves a plain worker\'s output exactly as printed, whatever the chunks, and holds back only a line that could start an object', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 20 }), (chunks) => {
        const text = chunks.join('');
        const items = read(chunks);
        // JSON-looking lines that are not events stay text too.
        assert.equal(raw(items), text);
        assert.deepEqual(events(items), []);
      }),
      { numRuns: 500 },
    );
    const reader = new StreamJsonReader();
    assert.deepEqual(reader.push('progress 10%'), [{ kind: 'raw', text: 'progress 10%' }]);
    assert.deepEqual(reader.push(' 20%\n{"type":'), [{ kind: 'raw', text: ' 20%\n' }]);
    assert.equal(reader.detected, false);
    assert.deepEqual(reader.push('"system","subtype":"init","session_id":"s1"}\n'), [{ kind: 'init', sessionId: 's1', model: undefined, permissionMode: undefined }]);
    assert.equal(reader.detected, true);
  });

  it('ignores Claude Code messages it does not show, and keeps other JSON as text', () => {
    const items = read([
      '{"type":"system","subtype":"init","session_id":"s1"}\n',
      '{"type":"stream_event","event":{"type":"content_block_delta"},"session_id":"s1"}\n',
      '{"type":"rate_limit_event","session_id":"s1"}\n',
      '{"type":"system","subtype":"compact_boundary","session_id":"s1"}\n',
      '{"level":"info","msg":"a log line"}\n',
      '[1, 2, 3]\n',
      '{"type":"assistant","message":{"content":"not blocks"}}\n',
      '{"type":"user","message":{"role":"user","content":"the prompt echoed"}}\n',
    ]);
    assert.deepEqual(events(items).slice(1), [
      { kind: 'line', text: '{"level":"info","msg":"a log line"}' },
      { kind: 'line', text: '[1, 2, 3]' },
    ]);
  });

  it('reads a 1 MB line, in one piece or in small chunks, in time linear in its length', () => {
    const big = 'x'.repeat(1024 * 1024);
    const line = `${JSON.stringify({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: big }] }, session_id: 's' })}\n`;
    const text = `${transcript('success.jsonl')}${line}`;
    const time = (chunkSize: number): { ms: number; items: ReadItem[] } => {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
      const started = performance.now();
      const items = read(chunks);
      return { ms: performance.now() - started, items };
    };
    const whole = time(text.length);
    const small = time(64);
    const last = small.items.at(-1);
    assert.ok(last?.kind === 'toolResult' && last.text.length === big.length);
    assert.deepEqual(small.items, whole.items);
    // 16,000 chunks of one line: a reader that re-joined the line per chunk would be quadratic.
    assert.ok(small.ms < Math.max(50, whole.ms) * 40, `64-byte chunks took ${small.ms.toFixed(1)} ms, one chunk ${whole.ms.toFixed(1)} ms`);
  });

  it('drops a line longer than the limit with a note, and goes on reading', () => {
    const reader = new StreamJsonReader();
    const items = [...reader.push('{"type":"system","subtype":"init","session_id":"s1"}\n'), ...reader.push(`{"type":"user","x":"`)];
    const piece = 'y'.repeat(1024 * 1024);
    for (let size = 0; size <= MAX_LINE_CHARS; size += piece.length) items.push(...reader.push(piece));
    items.push(...reader.push('"}\n{"type":"result","subtype":"success","is_error":false,"session_id":"s1"}\n'), ...reader.end());
    assert.deepEqual(
      items.map((i) => i.kind),
      ['init', 'line', 'result'],
    );
    assert.match((items[1] as { text: string }).text, /longer than 16 MiB/);
  });
});
