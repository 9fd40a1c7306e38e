// The real command, as agents run it, on files it may not read or write (its
// runs racing an appending agent: test/stress/cli/appending.test.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cli, copyPlan } from './helpers';

const read = (file: string): string => readFileSync(file, 'utf8');

describe('files the command may not read or write (exit 2, one line)', { concurrency: true }, () => {
  // Root reads and writes anything: the command then runs as nobody.
  const other = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const cases: ReadonlyArray<readonly [string, number, number, RegExp]> = [
    ['an unreadable file', 0o000, 0o755, /cannot be read \(EACCES\)/],
    ['a read-only file', 0o444, 0o755, /cannot be written \(EACCES\)/],
    ['a file in a read-only folder', 0o666, 0o555, /cannot be written \(EACCES\)/],
  ];
  for (const [what, fileMode, dirMode, message] of cases)
    it(what, async () => {
      const file = copyPlan('seed-split-brain.md');
      const before = read(file);
      chmodSync(file, fileMode);
      chmodSync(dirname(file), dirMode);
      const r = await cli(['set-task', file, 'f8s', '--worker', 'w'], other);
      chmodSync(dirname(file), 0o755);
      chmodSync(file, 0o644);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, 'one line, no stack trace');
      assert.equal(read(file), before);
      assert.deepEqual(readdirSync(dirname(file)), ['PLAN.md']);
    });
});
