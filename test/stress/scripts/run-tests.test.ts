import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, tempDir, waitFor } from '../../unit/process/helpers';

const RUN_TESTS = join(__dirname, '..', '..', '..', 'scripts', 'run-tests.mjs');
// Without the test runner's own marker, which would make the inner runner report to this one.
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_TEST_CONTEXT'));

// A suite of one test that says it started, then waits to be released and
// passes or fails as told: the busy loops are looked at while it waits.
const HELD_TEST = `
import { test } from 'node:test';
import { existsSync, writeFileSync } from 'node:fs';
test('held', async () => {
  writeFileSync(process.env.HELD_STARTED!, '');
  while (!existsSync(process.env.HELD_RELEASE!)) await new Promise((r) => setTimeout(r, 20));
  if (process.env.HELD_FAIL) throw new Error('failing as told');
});
`;

/** The children of `pid` that are busy loops (run-tests starts nothing else with `node -e`), by /proc. */
function busyLoopsOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => {
      try {
        const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid && readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')[1] === '-e';
      } catch {
        return false; // ended meanwhile
      }
    });
}

interface Run {
  runner: ChildProcess;
  exited: Promise<number | null>;
  release(): void;
}

/**
 * Starts run-tests on the held suite with E2E_LOAD=`load` and waits until its
 * test runs. Whatever is left of its process group is killed after `t`.
 */
async function startHeld(t: TestContext, load: string, env: Record<string, string> = {}): Promise<Run> {
  const dir = tempDir();
  writeFileSync(join(dir, 'held.test.ts'), HELD_TEST);
  const started = join(dir, 'started');
  const released = join(dir, 'release');
  const runner = spawn(process.execPath, [RUN_TESTS, dir], {
    detached: true, // its own group, so that what a failed test or a killed runner leaves can be ended
    stdio: 'ignore',
    env: { ...ENV, E2E_LOAD: load, HELD_STARTED: started, HELD_RELEASE: released, ...env },
  });
  t.after(() => {
    try {
      process.kill(-runner.pid!, 'SIGKILL');
    } catch {
      // all gone already
    }
  });
  const exited = new Promise<number | null>((res) => runner.once('exit', (code) => res(code)));
  await waitFor(() => existsSync(started), 30_000);
  return { runner, exited, release: () => writeFileSync(released, '') };
}

describe('run-tests E2E_LOAD', () => {
  it('runs N busy loops while the tests run, and stops them when they pass', async (t) => {
    const run = await startHeld(t, '2');
    const loops = busyLoopsOf(run.runner.pid!);
    assert.equal(loops.length, 2);
    assert.ok(loops.every(isAlive));
    run.release();
    assert.equal(await run.exited, 0);
    await waitFor(() => !loops.some(isAlive));
  });

  it('stops them when a test fails, with the failure as the exit code', async (t) => {
    const run = await startHeld(t, '1', { HELD_FAIL: '1' });
    const loops = busyLoopsOf(run.runner.pid!);
    assert.equal(loops.length, 1);
    run.release();
    assert.equal(await run.exited, 1);
    await waitFor(() => !loops.some(isAlive));
  });

  it('stops them when the runner is interrupted, and even when it is killed', async (t) => {
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const run = await startHeld(t, '1');
      const pid = run.runner.pid!;
      const loops = busyLoopsOf(pid);
      assert.equal(loops.length, 1, signal);
      process.kill(pid, signal);
      await run.exited;
      await waitFor(() => !loops.some(isAlive));
    }
  });

  it('runs none without E2E_LOAD, and refuses a value that is not a number', async (t) => {
    const run = await startHeld(t, '');
    assert.deepEqual(busyLoopsOf(run.runner.pid!), []);
    run.release();
    assert.equal(await run.exited, 0);

    const bad = spawn(process.execPath, [RUN_TESTS, tempDir()], { env: { ...ENV, E2E_LOAD: 'two' } });
    let stderr = '';
    bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((res) => bad.once('exit', res));
    assert.equal(code, 1);
    assert.equal(stderr, 'run-tests: E2E_LOAD must be a number of busy loops, not "two"\n');
  });
});

describe('run-tests --shared-process', () => {
  // Each file records the process it ran in; one fails when told, to show a failure still counts.
  const PID_TEST = (name: string) => `
import { test } from 'node:test';
import { appendFileSync } from 'node:fs';
test('${name}', () => {
  appendFileSync(process.env.PIDS!, '${name} ' + process.pid + '\\n');
  if (process.env.FAIL_IN === '${name}') throw new Error('failing as told');
});
`;

  async function runShared(env: Record<string, string> = {}): Promise<{ code: number | null; pids: Map<string, string> }> {
    const dir = tempDir();
    for (const [folder, name] of [['a', 'x'], ['a', 'y'], ['b', 'z']] as const) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, `${name}.test.ts`), PID_TEST(name));
    }
    const pids = join(dir, 'pids');
    const runner = spawn(process.execPath, [RUN_TESTS, dir, '--shared-process'], { stdio: 'ignore', env: { ...ENV, PIDS: pids, ...env } });
    const code = await new Promise<number | null>((res) => runner.once('exit', res));
    const lines = existsSync(pids) ? readFileSync(pids, 'utf8').trim().split('\n') : [];
    return { code, pids: new Map(lines.map((l) => l.split(' ') as [string, string])) };
  }

  it('runs the files of a folder in one process, and each folder in its own', async () => {
    const { code, pids } = await runShared();
    assert.equal(code, 0);
    assert.deepEqual([...pids.keys()].sort(), ['x', 'y', 'z'], 'every file ran');
    assert.equal(pids.get('x'), pids.get('y'), 'a/x and a/y shared a process');
    assert.notEqual(pids.get('x'), pids.get('z'), 'b/z ran in another');
  });

  it('fails the run when a test of a shared process fails, and still runs the others', async () => {
    const { code, pids } = await runShared({ FAIL_IN: 'x' });
    assert.equal(code, 1);
    assert.deepEqual([...pids.keys()].sort(), ['x', 'y', 'z']);
  });
});
