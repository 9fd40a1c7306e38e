import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_KILL_GRACE_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  killAllWorkers,
  liveWorkerCount,
  runProcess,
} from '../../../src/process/run';
import { fake, isAlive, readPids, tempDir, waitFor } from './helpers';

const GRACE = 300;

describe('runProcess', { concurrency: true }, () => {
  const dir = tempDir();

  it('reports success with the output and its exit code', async () => {
    const r = await runProcess({ command: fake('--fake-print=hello\\nworld'), cwd: dir });
    assert.equal(r.outcome, 'success');
    assert.equal(r.exitCode, 0);
    assert.equal(r.signal, null);
    assert.equal(r.output, 'hello\nworld\n');
    assert.equal(r.truncated, false);
    assert.equal(r.message, 'exited with code 0');
    assert.ok(r.durationMs > 0);
  });

  it('reports a failing exit code, with stderr in the output', async () => {
    const r = await runProcess({ command: fake('--fake-exit=2', '--fake-stderr=boom'), cwd: dir });
    assert.equal(r.outcome, 'failed');
    assert.equal(r.exitCode, 2);
    assert.equal(r.message, 'exited with code 2');
    assert.equal(r.output, 'boom\n');
  });

  it('adds env to the inherited environment and runs in cwd', async () => {
    const r = await runProcess({
      command: [process.execPath, '-e', 'console.log(process.env.FAKE_TEST_VALUE, process.cwd(), !!process.env.PATH)'],
      cwd: dir,
      env: { FAKE_TEST_VALUE: 'from-env' },
    });
    assert.equal(r.output, `from-env ${dir} true\n`);
  });

  it('streams every chunk to onOutput while keeping only the tail', async () => {
    const chunks: string[] = [];
    const r = await runProcess({
      command: fake('--fake-lines=2000'),
      cwd: dir,
      maxBufferedBytes: 100,
      onOutput: (c) => chunks.push(c),
    });
    const full = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}\n`).join('');
    assert.equal(chunks.join(''), full);
    assert.equal(r.output, full.slice(-100));
    assert.equal(r.truncated, true);
  });

  it('tells stdout from stderr, so that a line on one is never cut by the other', async () => {
    const seen: Record<string, string> = { stdout: '', stderr: '' };
    const r = await runProcess({
      command: fake('--fake-print={"type":"system"}', '--fake-stderr=a warning'),
      cwd: dir,
      onOutput: (c, stream) => (seen[stream] += c),
    });
    assert.equal(r.outcome, 'success');
    assert.deepEqual(seen, { stdout: '{"type":"system"}\n', stderr: 'a warning\n' });
  });

  it('never cuts a UTF-8 character in two when it truncates', async () => {
    // 100 × "é" (2 bytes each) + "\n": the last 50 bytes start inside an "é".
    const r = await runProcess({ command: fake(`--fake-print=${'é'.repeat(100)}`), cwd: dir, maxBufferedBytes: 50 });
    assert.equal(r.output, `${'é'.repeat(24)}\n`);
    assert.equal(r.truncated, true);
  });

  it('keeps memory bounded when a worker prints 50 MB', async () => {
    const r = await runProcess({ command: fake(`--fake-bytes=${50 * 1024 * 1024}`), cwd: dir });
    assert.equal(r.outcome, 'success');
    assert.equal(r.output.length, DEFAULT_MAX_BUFFERED_BYTES);
    assert.match(r.output, /^(x\n)+$/);
    assert.equal(r.truncated, true);
  });

  it('reports a missing command as not-found instead of throwing', async () => {
    const r = await runProcess({ command: ['beads-no-such-command-xyz', '--help'], cwd: dir });
    assert.equal(r.outcome, 'not-found');
    assert.equal(r.message, 'command not found: beads-no-such-command-xyz');
    assert.equal(r.exitCode, null);
  });

  it('reports a missing working folder, an empty command and a NUL in an argument as errors', async () => {
    const missing = join(dir, 'nowhere');
    const noFolder = await runProcess({ command: fake(), cwd: missing });
    assert.equal(noFolder.outcome, 'error');
    assert.equal(noFolder.message, `working folder not found: ${missing}`);
    const empty = await runProcess({ command: [], cwd: dir });
    assert.deepEqual([empty.outcome, empty.message], ['error', 'empty command']);
    const nul = await runProcess({ command: fake('a\0b'), cwd: dir });
    assert.equal(nul.outcome, 'error');
    assert.match(nul.message, /^could not start /);
  });

  it('times out: kills the group and says after how long', async () => {
    const pidsFile = join(dir, 'timeout.json');
    const r = await runProcess({
      command: fake('--fake-sleep=20000', '--fake-grandchild=1', `--fake-pids-file=${pidsFile}`),
      cwd: dir,
      // Long enough for node to start the worker even on a loaded machine.
      timeoutMs: 1500,
      killGraceMs: GRACE,
    });
    assert.equal(r.outcome, 'timeout');
    assert.equal(r.message, 'timed out after 1.5 s');
    assert.equal(r.signal, 'SIGTERM');
    assert.ok(r.durationMs >= 1500 && r.durationMs < 6000, `took ${r.durationMs} ms`);
    const pids = await readPids(pidsFile);
    await waitFor(() => !isAlive(pids.worker) && !isAlive(pids.grandchild!), 2000);
  });

  it('cancels on abort and ends the whole group, grandchild included', async () => {
    const pidsFile = join(dir, 'cancel.json');
    const controller = new AbortController();
    const running = runProcess({
      command: fake('--fake-sleep=20000', '--fake-grandchild=1', `--fake-pids-file=${pidsFile}`),
      cwd: dir,
      signal: controller.signal,
      killGraceMs: GRACE,
    });
    const pids = await readPids(pidsFile);
    assert.ok(isAlive(pids.worker) && isAlive(pids.grandchild!));
    controller.abort();
    const r = await running;
    assert.deepEqual([r.outcome, r.message, r.signal], ['cancelled', 'cancelled', 'SIGTERM']);
    await waitFor(() => !isAlive(pids.worker) && !isAlive(pids.grandchild!), 2000);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const argvFile = join(dir, 'never.json');
    const r = await runProcess({ command: fake(`--fake-argv-file=${argvFile}`), cwd: dir, signal: AbortSignal.abort() });
    assert.equal(r.outcome, 'cancelled');
    assert.equal(existsSync(argvFile), false);
  });

  it('sends SIGKILL after the default grace period to a worker that ignores SIGTERM', async () => {
    const pidsFile = join(dir, 'stubborn.json');
    const controller = new AbortController();
    const running = runProcess({
      command: fake('--fake-sleep=20000', '--fake-ignore-sigterm=1', `--fake-pids-file=${pidsFile}`),
      cwd: dir,
      signal: controller.signal,
    });
    const pids = await readPids(pidsFile);
    const abortedAt = performance.now();
    controller.abort();
    const r = await running;
    const waited = performance.now() - abortedAt;
    assert.equal(r.outcome, 'cancelled');
    assert.equal(r.signal, 'SIGKILL');
    assert.ok(waited >= DEFAULT_KILL_GRACE_MS - 50 && waited < DEFAULT_KILL_GRACE_MS + 2000, `waited ${waited} ms`);
    assert.equal(isAlive(pids.worker), false);
  });

  it('ends what a successful worker left running in its group', async () => {
    const pidsFile = join(dir, 'straggler.json');
    const r = await runProcess({
      command: fake('--fake-grandchild=1', `--fake-pids-file=${pidsFile}`),
      cwd: dir,
      killGraceMs: GRACE,
    });
    assert.equal(r.outcome, 'success');
    const pids = await readPids(pidsFile);
    await waitFor(() => !isAlive(pids.grandchild!), 2000);
  });

  it('still returns when a process that left the group holds the output open', async () => {
    const pidsFile = join(dir, 'escaped.json');
    const r = await runProcess({
      command: fake('--fake-grandchild=escape', `--fake-pids-file=${pidsFile}`),
      cwd: dir,
      killGraceMs: GRACE,
    });
    const pids = await readPids(pidsFile);
    try {
      assert.equal(r.outcome, 'success');
      assert.ok(r.durationMs < GRACE + 3000, `took ${r.durationMs} ms`);
    } finally {
      process.kill(pids.grandchild!, 'SIGKILL');
    }
  });
});

describe('killAllWorkers', () => {
  it('cancels every live worker and resolves once they have all ended', async () => {
    const dir = tempDir();
    const files = [join(dir, 'a.json'), join(dir, 'b.json')];
    const runs = files.map((f, i) =>
      runProcess({
        command: fake('--fake-sleep=20000', '--fake-grandchild=1', `--fake-pids-file=${f}`, `--fake-ignore-sigterm=${i}`),
        cwd: dir,
        killGraceMs: GRACE,
      }),
    );
    const pids = await Promise.all(files.map(readPids));
    assert.equal(liveWorkerCount(), 2);
    await killAllWorkers();
    assert.equal(liveWorkerCount(), 0);
    const results = await Promise.all(runs);
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['cancelled', 'cancelled'],
    );
    await waitFor(() => pids.every((p) => !isAlive(p.worker) && !isAlive(p.grandchild!)), 2000);
  });

  it('kills the groups still running when the host process exits', async () => {
    const dir = tempDir();
    const pidsFile = join(dir, 'host.json');
    const script = join(dir, 'host.ts');
    writeFileSync(
      script,
      [
        `import { runProcess } from ${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'process', 'run'))};`,
        "import { existsSync } from 'node:fs';",
        `void runProcess({ command: ${JSON.stringify(fake('--fake-sleep=20000', '--fake-grandchild=1', '--fake-ignore-sigterm=1', `--fake-pids-file=${pidsFile}`))}, cwd: ${JSON.stringify(dir)} });`,
        `setInterval(() => existsSync(${JSON.stringify(pidsFile)}) && process.exit(0), 20);`,
      ].join('\n'),
    );
    const host = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: join(__dirname, '..', '..', '..'), timeout: 15000 });
    assert.equal(host.status, 0, host.stderr.toString());
    const pids = await readPids(pidsFile);
    await waitFor(() => !isAlive(pids.worker) && !isAlive(pids.grandchild!), 2000);
  });
});

