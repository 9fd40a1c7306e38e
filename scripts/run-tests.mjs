// Runs every *.test.ts under the given folder (or the one file given) with node's test runner (Node 20
// has no glob support in --test). Extra flags after the folder pass through.
//
// --shared-process runs the files of each top-level folder (test/unit/plan,
// test/unit/git, …) in one process instead of one process per file: a test
// process costs about half a second of CPU to start with tsx, more than most
// unit test files take to run. Files sharing a process must leave no
// process-wide state (env, cwd, fixed paths in a shared temp folder) that
// another file of their folder depends on. Folders still run in parallel.
//
// E2E_LOAD=N runs N busy loops beside the tests, each a process spinning one
// CPU, from before the first test until the last ends (also on failure or
// Ctrl-C): `E2E_LOAD=2 npm run test:e2e` is the suite on a busy machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

/** @param {string} msg @returns {never} */
function fail(msg) {
  console.error(`run-tests: ${msg}`);
  process.exit(1);
}

const loadText = process.env.E2E_LOAD ?? '';
if (!/^\d*$/.test(loadText)) fail(`E2E_LOAD must be a number of busy loops, not "${loadText}"`);
const [dir, ...given] = process.argv.slice(2);
const shared = given.includes('--shared-process');
const flags = given.filter((f) => f !== '--shared-process');
if (dir === undefined) fail('usage: node scripts/run-tests.mjs <folder or file> [node --test flags]');
// A folder's tests, or one file's.
const files = statSync(dir).isFile()
  ? [dir]
  : readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(dir, f));
if (files.length === 0) fail(`no *.test.ts under ${dir}`);

/**
 * One entry file per top-level folder, requiring that folder's test files, in
 * a temporary folder removed at exit; node's runner runs each entry as one
 * test process and reports its tests as it reports a file's.
 */
function sharedEntries(/** @type {string[]} */ testFiles) {
  /** @type {Map<string, string[]>} */
  const groups = new Map();
  for (const file of testFiles) {
    const [top] = relative(dir, file).split(sep);
    const group = top === undefined || top.endsWith('.test.ts') ? '(root)' : top;
    groups.set(group, [...(groups.get(group) ?? []), resolve(file)]);
  }
  const entries = mkdtempSync(join(tmpdir(), 'run-tests-'));
  process.on('exit', () => rmSync(entries, { recursive: true, force: true }));
  // The biggest folders first (by bytes of test code, a rough measure of their time): one started last would hold the run up alone.
  const size = (/** @type {string[]} */ members) => members.reduce((n, m) => n + statSync(m).size, 0);
  return [...groups]
    .sort(([, a], [, b]) => size(b) - size(a))
    .map(([group, members]) => {
      const entry = join(entries, `${group.replace(/\W/g, '_')}.test.cjs`);
      writeFileSync(entry, members.map((m) => `require(${JSON.stringify(m)});\n`).join(''));
      return entry;
    });
}
const runFiles = shared ? sharedEntries(files) : files;

// Each loop spins in 100 ms slices and ends itself once this process is gone,
// so not even a runner killed with SIGKILL leaves one spinning.
const BUSY_LOOP = 'const parent = process.ppid; for (;;) { const end = Date.now() + 100; while (Date.now() < end); if (process.ppid !== parent) process.exit(); }';
const loops = Array.from({ length: Number(loadText) }, () => spawn(process.execPath, ['-e', BUSY_LOOP], { stdio: 'ignore' }));
const stopLoops = () => {
  for (const loop of loops) loop.kill('SIGKILL');
};
process.on('exit', stopLoops);
if (loops.length > 0) console.log(`[load] E2E_LOAD=${loops.length}: ${loops.length} busy loop(s) spinning beside the tests (pids ${loops.map((l) => l.pid).join(' ')})`);

const tests = spawn(process.execPath, ['--import', 'tsx', '--test', ...flags, ...runFiles], { stdio: 'inherit' });
// Ctrl-C reaches the tests from the terminal; a signal sent to this process alone is passed on.
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => tests.kill(signal));
tests.on('exit', (code) => process.exit(code ?? 1));
