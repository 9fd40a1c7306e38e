// Issue 20: CLI `log` and `set-task` runs racing a foreign writer in each of
// its modes never corrupt the plan or duplicate an entry, lose a change only
// to a foreign write that read the plan before it, and lose nothing at all
// to or from an appending agent. bench/race.ts runs the same harness bigger
// and prints issue 20's table.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli } from '../../unit/cli/bundle';
import { MODES, race } from './race';

const dir = mkdtempSync(join(tmpdir(), 'beads-race-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = bundleCli(dir);
/** Runs that gave up said so and changed nothing: the plan kept changing, or another writer held the lock, for the whole bound. */
const GAVE_UP = /the plan is being rewritten; nothing was changed|stays locked by another writer/;
/** A rewrite that reached the file we replaced while ours was written to as well: its text is saved beside the plan. */
const CONFLICT = /was rewritten by another writer during this edit; their text is in \S+\.orig, merge it by hand/;

describe('beads-plan runs racing a foreign writer', () => {
  for (const mode of MODES)
    it(mode, async (t) => {
      const runs = 35;
      const r = await race({ mode, runs, width: 4, pauseMs: [5, 40], maxWrites: 1000, cli });
      t.diagnostic(
        `${mode}: ${r.succeeded.log + r.succeeded.task} of ${2 * runs} CLI runs exited 0 in ${r.ms} ms; ` +
          `CLI changes overwritten by a foreign write that read before them: ${r.cliLost.log} log, ${r.cliLost.task} task; ` +
          `foreign writes lost: ${r.foreignLost} of ${r.foreignWrites}; conflicts saved as .orig: ${r.leftovers.length}`,
      );
      assert.deepEqual(r.corruption, []);
      assert.equal(r.lines, r.expectedLines);
      assert.equal(r.duplicated, 0);
      assert.deepEqual(r.unexplained, []);
      const conflicts = r.failures.filter((f) => CONFLICT.test(f));
      for (const f of r.failures) assert.match(f, conflicts.includes(f) ? CONFLICT : GAVE_UP);
      assert.equal(r.leftovers.filter((f) => f.endsWith('.orig')).length, conflicts.length);
      assert.deepEqual(
        r.leftovers.filter((f) => !f.endsWith('.orig')),
        [],
      );
      assert.ok(r.succeeded.log + r.succeeded.task >= runs, `${r.failures.length} runs gave up: ${r.failures[0]}`);
      if (mode === 'append') {
        assert.deepEqual([r.cliLost.log, r.cliLost.task, r.foreignLost], [0, 0, 0]);
        assert.deepEqual(conflicts, []);
      }
    });
});
