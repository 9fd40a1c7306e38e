// What every command refuses (paths that are no regular file, files over the
// size bound, sections the parser cannot see, texts that are no plan) and
// what an edit keeps (line breaks, owner and group, timestamps): each case
// writes nothing it should not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, linkSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { parsePlan } from '../../../src/plan/read/parse';
import { fixture } from '../fixtures';
import { capture, cli, copyPlan, tempDir } from './helpers';

const read = (file: string): string => readFileSync(file, 'utf8');
const EDITS: ReadonlyArray<readonly string[]> = [['log', 'x'], ['set-task', 'f8s', '--worker', 'w'], ['advance'], ['validate', 'f8s', '--valid', 'yes']];
const READS = ['show', 'json', 'lint'];

describe('paths that are not a regular file (exit 2, one line, nothing written)', { concurrency: true }, () => {
  const fifo = join(tempDir(), 'fifo.md');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['/dev/null', '/dev/null', /\/dev\/null: is a character device, not a plan file/],
    ['/dev/zero', '/dev/zero', /\/dev\/zero: is a character device, not a plan file/],
    ['a FIFO', fifo, /fifo\.md: is a FIFO, not a plan file/],
  ];
  for (const [what, path, message] of cases)
    for (const [command, ...args] of [...READS.map((c) => [c]), ...EDITS])
      it(`${command} ${what}`, async () => {
        // The real command: a FIFO read would block it, /dev/zero would fill its memory.
        const r = await cli([command!, path, ...args]);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, message);
        assert.equal(r.err.trim().split('\n').length, 1);
      });

  it('leaves /dev/null a character device after an edit as root', async () => {
    assert.equal((await capture('log', '/dev/null', 'x')).code, 2);
    assert.ok(statSync('/dev/null').isCharacterDevice());
  });

  it('refuses a socket', async () => {
    const path = join(tempDir(), 'socket.md');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      for (const [command, ...args] of [['show'], ['log', 'x']]) {
        const r = await capture(command!, path, ...args);
        assert.equal(r.code, 2);
        assert.match(r.err, /is a socket, not a plan file/);
      }
    } finally {
      server.close();
    }
  });

  it('refuses a file over 64 MB without reading it', async () => {
    const file = copyPlan('seed-split-brain.md');
    truncateSync(file, 65 * 1024 * 1024);
    for (const [command, ...args] of [['show'], ['lint'], ['log', 'x']]) {
      const r = await capture(command!, file, ...args);
      assert.equal(r.code, 2, command);
      assert.match(r.err, /PLAN\.md: is 65 MB, more than the 64 MB a plan may have/);
    }
    assert.equal(statSync(file).size, 65 * 1024 * 1024);
  });
});

describe('texts that are not a whole plan', () => {
  it('refuses a file that is not a plan (exit 1)', async () => {
    const file = join(tempDir(), 'notes.md');
    writeFileSync(file, '# Notes\n\n## Execution Log\n');
    const r = await capture('log', file, 'x');
    assert.equal(r.code, 1);
    assert.match(r.err, /notes\.md: is not a Beads Work Plan \(its first heading is not "# Beads Work Plan"\); nothing was changed/);
    assert.equal(read(file), '# Notes\n\n## Execution Log\n');
  });

  it('refuses a file that stays empty (exit 1), after waiting for it to be written', async () => {
    const file = join(tempDir(), 'PLAN.md');
    writeFileSync(file, '');
    for (const args of [['log', file, 'x'], ['set-task', file, 'f8s', '--worker', 'w', '--dry-run']]) {
      const r = await capture(...args);
      assert.equal(r.code, 1);
      assert.match(r.err, /PLAN\.md: is empty; nothing was changed/);
    }
    assert.equal(read(file), '');
  });
});

describe('sections the parser cannot see', () => {
  const seed = fixture('seed-split-brain.md');
  const logLine = seed.split('\n').findIndex((l) => /^## .*Execution Log/.test(l));
  const before = (insert: string) => (t: string) => {
    const lines = t.split('\n');
    return [...lines.slice(0, logLine), insert, ...lines.slice(logLine)].join('\n');
  };
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['an unclosed code fence', '```', new RegExp(`an unclosed code fence at line ${logLine + 1} hides everything after it`)],
    ['an HTML block', '<div>', new RegExp(`an HTML block at line ${logLine + 1} hides the heading at line ${logLine + 2}`)],
    ['an unclosed HTML comment', '<!-- notes', new RegExp(`an unclosed HTML comment at line ${logLine + 1} hides everything after it`)],
    ['nesting past the parser’s limit', Array.from({ length: 60 }, (_, k) => `${'  '.repeat(k)}- item`).join('\n'), /nesting deeper than 100 levels at line \d+ hides everything after it/],
  ];
  for (const [what, insert, message] of cases)
    it(`refuses to log behind ${what}, and lint reports it as an error`, async () => {
      const file = copyPlan('seed-split-brain.md', before(insert));
      const text = read(file);
      for (let run = 0; run < 2; run++) {
        const r = await capture('log', file, 'hidden entry');
        assert.equal(r.code, 1, r.err);
        assert.match(r.err, message);
        assert.equal(r.err.split('\n').length, 1);
      }
      assert.equal(read(file), text, 'no section added, visible or not');
      const lint = await capture('lint', file);
      assert.equal(lint.code, 1);
      assert.match(lint.out, new RegExp(`PLAN\\.md:\\d+: error: ${message.source}`, 'i'));
    });

  it('still edits what the parser sees before the hidden part', async () => {
    const file = copyPlan('seed-split-brain.md', (t) => `${t}\n\`\`\`\nunclosed\n`);
    assert.equal((await capture('set-task', file, 'f8s', '--worker', 'seen')).code, 0);
    assert.equal(parsePlan(read(file)).tasks[0]!.worker, 'seen');
  });
});

describe('what an edit keeps', () => {
  it('CR-only line breaks', async () => {
    const file = copyPlan('seed-split-brain.md', (t) => t.replace(/\n/g, '\r'));
    assert.equal((await capture('set-task', file, 'f8s', '--worker', 'cr')).code, 0);
    assert.equal((await capture('log', file, 'cr', 'entry')).code, 0);
    assert.equal((await capture('validate', file, 'f8s', '--tests-run', '9 passed')).code, 0);
    const text = read(file);
    assert.doesNotMatch(text, /\n/);
    const plan = parsePlan(text);
    assert.equal(plan.tasks[0]!.worker, 'cr');
    assert.equal(plan.log.at(-1)!.text, 'cr entry');
    assert.equal(plan.validation[0]!.testsRun, '9 passed');
  });

  it('a log entry’s timestamp, whatever its text holds', async () => {
    const file = copyPlan('seed-split-brain.md');
    for (const text of ['a\u2028b', 'c\u2029d', 'e\r\nf']) assert.equal((await capture('log', file, text)).code, 0);
    const log = parsePlan(read(file)).log.slice(-3);
    assert.deepEqual(
      log.map((e) => e.text),
      ['a b', 'c d', 'e f'],
    );
    for (const e of log) assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
    // Written by another tool, a line separator inside the entry keeps its timestamp too.
    const written = parsePlan('# Beads Work Plan\n\n## Execution Log\n- 2025-12-27T10:00: one\u2028two\n').log[0]!;
    assert.deepEqual([written.timestamp, written.text], ['2025-12-27T10:00', 'one\u2028two']);
  });

  it('the owner and group of another user’s plan, edited as root', { skip: process.getuid?.() !== 0 && 'needs root' }, async () => {
    const file = copyPlan('seed-split-brain.md');
    chownSync(file, 4321, 8765);
    assert.equal((await capture('set-task', file, 'f8s', '--worker', 'root-edit')).code, 0);
    const { uid, gid } = statSync(file);
    assert.deepEqual([uid, gid], [4321, 8765]);
    assert.equal(parsePlan(read(file)).tasks[0]!.worker, 'root-edit');
  });

  it('hard links: refused, since replacing one name would leave the others with the old text', async () => {
    const file = copyPlan('seed-split-brain.md');
    const other = join(dirname(file), 'other-name.md');
    linkSync(file, other);
    const text = read(file);
    const r = await capture('log', file, 'x');
    assert.equal(r.code, 2);
    assert.match(r.err, /PLAN\.md: has 2 hard links, and an edit replaces the file, which would leave the other names with the old text; nothing was written/);
    assert.equal(read(file), text);
    assert.equal(statSync(file).ino, statSync(other).ino);
  });
});

describe('-- before a path that starts with a dash', () => {
  it('works for every command', async () => {
    const dir = tempDir();
    const file = copyPlan('seed-split-brain.md', (t) => t, dir);
    const dashed = join(dir, '-dash.md');
    writeFileSync(dashed, read(file));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (const command of READS) assert.equal((await capture(command, '--', '-dash.md')).code, 0, command);
      assert.equal((await capture('log', '--', '-dash.md', 'dashed')).code, 0);
      assert.equal(parsePlan(read(dashed)).log.at(-1)!.text, 'dashed');
      const r = await capture('show', '-dash.md');
      assert.equal(r.code, 2);
      assert.match(r.err, /show: Unknown option '-d' \(put -- before a path that starts with -\)/);
    } finally {
      process.chdir(cwd);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['-dash.md', 'PLAN.md']);
  });
});
