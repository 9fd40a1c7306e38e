// Runs every *.test.ts under the given folder with node's test runner (Node 20
// has no glob support in --test). Extra flags after the folder pass through.
//
// E2E_LOAD=N runs N busy loops beside the tests, each a process spinning one
// CPU, from before the first test until the last ends (also on failure or
// Ctrl-C): `E2E_LOAD=2 npm run test:e2e` is the suite on a busy machine.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} msg @returns {never} */
function fail(msg) {
  console.error(`run-tests: ${msg}`);
  process.exit(1);
}

const loadText = process.env.E2E_LOAD ?? '';
if (!/^\d*$/.test(loadText)) fail(`E2E_LOAD must be a number of busy loops, not "${loadText}"`);
const [dir, ...flags] = process.argv.slice(2);
if (dir === undefined) fail('usage: node scripts/run-tests.mjs <folder> [node --test flags]');
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
  .map((f) => join(dir, f));
if (files.length === 0) fail(`no *.test.ts under ${dir}`);

// Each loop spins in 100 ms slices and ends itself once this process is gone,
// so not even a runner killed with SIGKILL leaves one spinning.
const BUSY_LOOP = 'const parent = process.ppid; for (;;) { const end = Date.now() + 100; while (Date.now() < end); if (process.ppid !== parent) process.exit(); }';
const loops = Array.from({ length: Number(loadText) }, () => spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }));
const stopLoops = () => {
  for (const loop of loops) loop.kill('SIGKILL');
};
process.on('exit', stopLoops);
if (loops.length > 0) console.log(`[load] E2E_LOAD=${loops.length}: ${loops.length} busy loop(s) spinning beside the tests (pids ${loops.map((l) => l.pid).join(' ')})`);

const tests = spawn(process.execPath, ['--import', 'tsx', '--test', ...flags, ...files], { stdio: 'inherit' });
// Ctrl-C reaches the tests from the terminal; a signal sent to this process alone is passed on.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code) => process.exit(code ?? 1));
