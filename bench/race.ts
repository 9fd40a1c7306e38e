// npm run bench:race [-- --runs N] [-- --pause LOW,HIGH]
//
// Issue 20's table, measured again: N `beads-plan log` and N `set-task` runs
// (4 at a time, the bundled CLI) racing a foreign writer in each mode, and
// what each side lost. The same harness runs, smaller, in the unit suite
// (test/unit/cli/race.test.ts), which asserts on it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODES, race, type RaceResult } from '../test/stress/cli/race';
import { bundleCli } from '../test/unit/cli/bundle';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, pause: { type: 'string', default: '0,20' } } });
const runs = Number(values.runs);
const [low, high] = values.pause.split(',').map(Number) as [number, number];

function row(r: RaceResult): string {
  const lost = `${r.cliLost.log} log, ${r.cliLost.task} task`;
  const failed = r.failures.length > 0 ? ` (${r.failures.length} runs exited non-zero)` : '';
  const file =
    r.corruption.length === 0 ? `one plan, ${r.lines} lines (${r.expectedLines} expected)` : `**corrupted**: ${r.corruption.join('; ')}`;
  const left = r.leftovers.length > 0 ? `; left: ${r.leftovers.join(', ')}` : '';
  return `| ${r.mode} | ${lost}${failed} | ${r.foreignLost} of ${r.foreignWrites} | ${r.duplicated} | ${file}${left} |`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'beads-race-cli-'));
  try {
    const cli = bundleCli(dir);
    console.log(`${runs} log + ${runs} set-task runs, 4 at a time; the foreign writer pauses ${low}–${high} ms between writes\n`);
    console.log('| the other writer | CLI writes lost | its writes lost | duplicated | the file |');
    console.log('|---|---|---|---|---|');
    const results: RaceResult[] = [];
    for (const mode of MODES) {
      const r = await race({ mode, runs, width: 4, pauseMs: [low, high], cli });
      results.push(r);
      console.log(row(r));
    }
    for (const r of results) {
      for (const f of new Set(r.failures.map((f) => f.replace(/^\S+ cli-\S+: /, '').replace(/\/\S+/g, '<path>')))) console.log(`${r.mode}: ${f}`);
      for (const u of r.unexplained) console.log(`${r.mode}: UNEXPLAINED ${u}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
