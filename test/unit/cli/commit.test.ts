// The commit phase moves only with a hash that names a commit in the plan's
// own repository. Real repositories, isolated from the machine's git config.
import { git, makeRepo, removeSandbox } from '../git/helpers';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../../src/plan/parse';
import { fixture } from '../fixtures';
import { capture, changedLines, cliSync } from './helpers';

after(removeSandbox);

const SEED = fixture('seed-split-brain.md');
const COMMIT_ROW = parsePlan(SEED).phases.find((p) => p.number === 10)!.line;

function planInRepo(): { file: string; repo: string; head: string } {
  const repo = makeRepo({ '.beads/PLAN.md': SEED, 'src/app.py': 'print(1)\n' });
  return { file: join(repo, '.beads', 'PLAN.md'), repo, head: git(repo, 'rev-parse', 'HEAD').trim() };
}

const commitPhase = (file: string) => parsePlan(readFileSync(file, 'utf8')).phases.find((p) => p.number === 10)!;

describe('set-phase <plan> 10 done --commit <hash>', () => {
  it('accepts a commit of the plan’s repository and writes its short hash into Notes, plus the log line, and nothing else', async () => {
    const { file, repo, head } = planInRepo();
    const r = await capture('set-phase', file, '10', 'done', '--commit', head);
    assert.equal(r.code, 0, r.err);
    const phase = commitPhase(file);
    assert.equal(phase.status, 'done');
    assert.equal(phase.notes, git(repo, 'rev-parse', '--short', 'HEAD').trim());
    const after = readFileSync(file, 'utf8');
    const logged = parsePlan(after).log.at(-1)!;
    assert.equal(logged.text, 'Phase 10 (User-Approved Commit) set to done');
    assert.deepEqual(changedLines(SEED, after), { removed: [COMMIT_ROW], added: [COMMIT_ROW, logged.line] });
  });

  it('accepts a short hash, and keeps --note over the hash', async () => {
    const { file, head } = planInRepo();
    const r = await capture('set-phase', file, '10', 'done', '--commit', head.slice(0, 8), '--note', 'committed after review');
    assert.equal(r.code, 0, r.err);
    assert.equal(commitPhase(file).notes, 'committed after review');
  });

  it('works the same as the real command', () => {
    const { file, repo, head } = planInRepo();
    const r = cliSync(['set-phase', file, '10', 'done', '--commit', head]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(commitPhase(file).notes, git(repo, 'rev-parse', '--short', 'HEAD').trim());
  });

  const refusals: ReadonlyArray<readonly [string, (repo: string) => string, RegExp]> = [
    ['a hash that names no object', () => 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef', /is not a commit in the repository of /],
    ['a tree, not a commit', (repo) => git(repo, 'rev-parse', 'HEAD^{tree}').trim(), /is not a commit in the repository of /],
    ['a commit of another repository', () => git(makeRepo({ 'other.txt': 'other\n' }), 'rev-parse', 'HEAD').trim(), /is not a commit in the repository of /],
    ['a ref name instead of a hash', () => 'HEAD', /"HEAD" is not a commit hash/],
  ];
  for (const [what, hash, message] of refusals)
    it(`refuses ${what}`, async () => {
      const { file, repo } = planInRepo();
      const r = await capture('set-phase', file, '10', 'done', '--commit', hash(repo));
      assert.equal(r.code, 1);
      assert.match(r.err, message);
      assert.equal(readFileSync(file, 'utf8'), SEED);
    });

  it('refuses the commit phase without --commit, even inside a repository', async () => {
    const { file } = planInRepo();
    const r = await capture('set-phase', file, '10', 'done', '--note', 'done by hand');
    assert.equal(r.code, 1);
    assert.match(r.err, /phase 10 is the commit phase/);
    assert.equal(readFileSync(file, 'utf8'), SEED);
  });
});
