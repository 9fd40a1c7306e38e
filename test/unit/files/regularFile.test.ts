// Only regular files are read, never past the size bound, and opening one
// never blocks: real devices, a FIFO and a socket.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, rmSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileError, MAX_PLAN_BYTES, openRegularSync, readOpenFileSync, readRegularFileSync, regularFileStat } from '../../../src/files/regularFile';

const dir = mkdtempSync(join(tmpdir(), 'beads-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refused = (message: RegExp) => (e: unknown) => e instanceof FileError && message.test(e.message);

describe('readRegularFileSync', () => {
  it('reads a regular file whole', () => {
    const file = join(dir, 'plan.md');
    writeFileSync(file, '# Beads Work Plan\n');
    assert.equal(readRegularFileSync(file).toString(), '# Beads Work Plan\n');
  });

  for (const [path, what] of [
    ['/dev/null', /is a character device, not a plan file/],
    ['/dev/zero', /is a character device, not a plan file/],
    [tmpdir(), /is a directory, not a plan file/],
    [join(dir, 'nope.md'), /^no such file$/],
    [join(dir, 'nope', 'deeper.md'), /^no such file$/],
  ] as const)
    it(`refuses ${path}`, () => assert.throws(() => readRegularFileSync(path), refused(what)));

  it('refuses a FIFO at once, without waiting for a writer', () => {
    const fifo = join(dir, 'fifo.md');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assert.throws(() => readRegularFileSync(fifo), refused(/is a FIFO, not a plan file/));
  });

  it('refuses a socket', async () => {
    const path = join(dir, 'socket.md');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      assert.throws(() => readRegularFileSync(path), refused(/is a socket, not a plan file/));
    } finally {
      server.close();
    }
  });

  it('refuses a file over the size bound, by its size, without reading it', () => {
    const big = join(dir, 'big.md');
    writeFileSync(big, '');
    truncateSync(big, MAX_PLAN_BYTES + 1);
    assert.throws(() => regularFileStat(big), refused(/is 65 MB, more than the 64 MB a plan may have/));
    assert.throws(() => readRegularFileSync(big), refused(/more than the 64 MB/));
  });

  it('reads an open file again from its start, also after it grew', () => {
    const file = join(dir, 'grows.md');
    writeFileSync(file, 'one\n');
    const fd = openRegularSync(file);
    try {
      assert.equal(readOpenFileSync(fd).toString(), 'one\n');
      appendFileSync(file, 'two\n'.repeat(1000));
      assert.equal(readOpenFileSync(fd).toString(), `one\n${'two\n'.repeat(1000)}`);
      assert.throws(() => readOpenFileSync(fd, 100), refused(/grew past 1 MB while being read/));
    } finally {
      closeSync(fd);
    }
  });

  it('keeps the errno of a file it may not read', { skip: process.getuid?.() === 0 && 'root reads anything' }, () => {
    const file = join(dir, 'secret.md');
    writeFileSync(file, 'x', { mode: 0o000 });
    assert.throws(() => readRegularFileSync(file), refused(/cannot be read \(EACCES\)/));
  });

  it('opens a regular file read-only', () => {
    const file = join(dir, 'ro.md');
    writeFileSync(file, 'x');
    const fd = openRegularSync(file);
    try {
      assert.throws(() => writeFileSync(fd, 'y'), /EBADF/);
    } finally {
      closeSync(fd);
    }
  });
});
