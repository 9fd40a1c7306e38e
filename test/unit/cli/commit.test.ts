// The commit phase moves only through the gate, with a hash that names a
// commit of the plan's own work: reachable from HEAD, made after the plan
// began, holding the files the plan names. Real repositories, isolated from
// the machine's git config.
import { git, makeRepo, removeSandbox, write } from '../git/helpers';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../../src/plan/read/parse';
import { fixture } from '../fixtures';
import { capture, changedLines, cliSync } from './helpers';

after(removeSandbox);

const SEED = fixture('seed-split-brain.md');
const COMMIT_ROW = parsePlan(SEED).phases.find((p) => p.number === 10)!.line;
/** The one file the seed's Tasks table names. */
const PLANNED = 'tests/bdd/django_adapter/test_database_backend.py';
const PLAN = '.beads/PLAN.md';

function planInRepo(plan = SEED): { file: string; repo: string; initial: string } {
  const repo = makeRepo({ [PLAN]: plan, 'src/app.py': 'print(1)\n' });
  return { file: join(repo, PLAN), repo, initial: git(repo, 'rev-parse', 'HEAD').trim() };
}

/** Commits the plan's work (its planned file) and returns the commit's hash. */
function commitWork(repo: string, content = 'def test_split_brain():\n    pass\n'): string {
  write(repo, PLANNED, content);
  git(repo, 'add', PLANNED);
  git(repo, 'commit', '-q', '-m', 'feat: split-brain steps');
  return git(repo, 'rev-parse', 'HEAD').trim();
}

const commitPhase = (file: string) => parsePlan(readFileSync(file, 'utf8')).phases.find((p) => p.number === 10)!;

/** Runs a command that must be refused: exit 1, one line matching `reason`, the plan unchanged. */
async function refusedWith(file: string, reason: RegExp, ...args: string[]): Promise<void> {
  const before = readFileSync(file, 'utf8');
  const r = await capture(args[0]!, file, ...args.slice(1));
  assert.equal(r.code, 1, r.err || r.out);
  assert.match(r.err, reason);
  assert.equal(r.err.split('\n').length, 1, r.err);
  assert.equal(readFileSync(file, 'utf8'), before, 'the plan is unchanged');
}

describe('set-phase <plan> 10 done --commit <hash>', () => {
  it('accepts the commit of the plan’s work and writes its short hash into Notes, plus the log line, and nothing else', async () => {
    const { file, repo } = planInRepo();
    const hash = commitWork(repo);
    const r = await capture('set-phase', file, '10', 'done', '--commit', hash);
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
    const { file, repo } = planInRepo();
    const hash = commitWork(repo);
    const r = await capture('set-phase', file, '10', 'done', '--commit', hash.slice(0, 8), '--note', 'committed after review');
    assert.equal(r.code, 0, r.err);
    assert.equal(commitPhase(file).notes, 'committed after review');
  });

  it('works the same as the real command', () => {
    const { file, repo } = planInRepo();
    const hash = commitWork(repo);
    const r = cliSync(['set-phase', file, '10', 'done', '--commit', hash]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(commitPhase(file).notes, git(repo, 'rev-parse', '--short', 'HEAD').trim());
  });

  const refusals: ReadonlyArray<readonly [string, (repo: string) => string, RegExp]> = [
    ['a hash that names no object', () => 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef', /is not a commit in the repository of /],
    ['a tree, not a commit', (repo) => git(repo, 'rev-parse', 'HEAD^{tree}').trim(), /is not a commit in the repository of /],
    ['a commit of another repository', () => git(makeRepo({ 'other.txt': 'other\n' }), 'rev-parse', 'HEAD').trim(), /is not a commit in the repository of /],
    ['a ref name instead of a hash', () => 'HEAD', /"HEAD" is not a commit hash/],
    ['an unrelated commit: the repository’s first one', (repo) => git(repo, 'rev-list', '--max-parents=0', 'HEAD').trim(), /changes none of the files the plan names \(tests\/bdd\/django_adapter\/test_database_backend\.py\)/],
    [
      'a commit not reachable from HEAD',
      (repo) => {
        git(repo, 'checkout', '-q', '-b', 'side');
        const hash = commitWork(repo);
        git(repo, 'checkout', '-q', 'main');
        return hash;
      },
      /is not reachable from HEAD/,
    ],
    [
      'a commit that left the plan’s changes uncommitted',
      (repo) => {
        const hash = commitWork(repo);
        write(repo, PLANNED, 'def test_split_brain():\n    assert False\n');
        return hash;
      },
      /does not hold all of the plan's changes: uncommitted changes to tests\/bdd/,
    ],
    [
      'a commit the plan’s changes went on after',
      (repo) => {
        const hash = commitWork(repo);
        commitWork(repo, 'def test_split_brain():\n    assert True\n');
        return hash;
      },
      /does not hold all of the plan's changes: later commits change tests\/bdd/,
    ],
  ];
  for (const [what, hash, message] of refusals)
    it(`refuses ${what}`, async () => {
      const { file, repo } = planInRepo();
      const h = hash(repo);
      await refusedWith(file, message, 'set-phase', '10', 'done', '--commit', h);
    });

  it('refuses a commit made before the plan began (its Generated time)', async () => {
    const { file, repo } = planInRepo(SEED.replace('Generated: 2025-12-26T23:30:00', 'Generated: 2999-01-01T00:00:00'));
    await refusedWith(file, /was made .*, before the plan began \(Generated 2999-/, 'set-phase', '10', 'done', '--commit', commitWork(repo));
  });

  it('refuses when the plan has no Generated time to compare with', async () => {
    const { file, repo } = planInRepo(SEED.replace('Generated: 2025-12-26T23:30:00\n', ''));
    await refusedWith(file, /the plan has no Generated time/, 'set-phase', '10', 'done', '--commit', commitWork(repo));
  });

  it('refuses the commit phase without --commit, even inside a repository', async () => {
    const { file } = planInRepo();
    await refusedWith(file, /phase 10 is the commit phase: only "set-phase <plan> 10 done --commit <hash>"/, 'set-phase', '10', 'done', '--note', 'done by hand');
  });
});

describe('set-phase cannot go around the gate', () => {
  const summaryRow = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';
  const blocked = SEED.replace(summaryRow, summaryRow.replace('✅ done', '⏳ pending')).replace('| django-litefs-8oi | ready |', '| django-litefs-8oi | ❌ failed |');

  it('refuses 10 done --commit on a plan whose summary is pending and whose task failed, even with the commit of its work', async () => {
    const { file, repo, initial } = planInRepo(blocked);
    const work = commitWork(repo);
    for (const hash of [initial, work])
      await refusedWith(file, /phase 10 is the commit phase and the gate blocks it: line 20: Phase 9 Summary & Wait is ⏳ pending.*\(and 1 more: beads-plan gate lists them\)/, 'set-phase', '10', 'done', '--commit', hash);
  });

  const renamed = (from: string, to: string): string => {
    assert.ok(SEED.includes(from));
    return SEED.replace(from, to);
  };
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['a phase named like a commit listed before it', renamed('| 8 | Final Verification |', '| 8 | Commit Checks |'), '8'],
    ['a phase 11 named like a commit after it', renamed('| 10 | User-Approved Commit | orchestrator | ⏳ pending | after user says "commit" |', '| 10 | User-Approved Commit | orchestrator | ⏳ pending | after user says "commit" |\n| 11 | Commit & Push | orchestrator | ⏳ pending | |'), '11'],
    ['a phase 11 named like a commit listed before phase 10', renamed('| 10 | User-Approved Commit |', '| 11 | Commit Review | orchestrator | ⏳ pending | |\n| 10 | User-Approved Commit |'), '11'],
  ];
  for (const [what, plan, other] of cases)
    it(`keeps phase 10 the commit phase with ${what}, and guards phase ${other} as well`, async () => {
      const { file, repo } = planInRepo(plan);
      await refusedWith(file, /phase 10 is the commit phase: only/, 'set-phase', '10', 'done');
      await refusedWith(file, new RegExp(`phase ${other} is the commit phase: only`), 'set-phase', other, 'done');
      // The commit phase is the highest-numbered one named so: with phase 11 named like a commit, phase 10 is work before it, still pending.
      if (other === '11') await refusedWith(file, /the gate blocks it: line \d+: Phase 10 User-Approved Commit is ⏳ pending/, 'set-phase', '10', 'done', '--commit', commitWork(repo));
      else {
        const r = await capture('set-phase', file, '10', 'done', '--commit', commitWork(repo));
        assert.equal(r.code, 0, r.err);
      }
    });

  it('leaves a pre-commit phase an ordinary phase', async () => {
    const { file } = planInRepo(renamed('| 8 | Final Verification |', '| 8 | Final Verification (pre-commit hooks) |'));
    const r = await capture('set-phase', file, '8', 'pending');
    assert.equal(r.code, 0, r.err);
    await refusedWith(file, /phase 10 is the commit phase: only/, 'set-phase', '10', 'done');
  });

  it('refuses advance into a phase named like a commit', async () => {
    const plan = renamed('| 8 | Final Verification | orchestrator | ✅ done |', '| 8 | Commit Checks | orchestrator | ⏳ pending |');
    const { file } = planInRepo(plan);
    await refusedWith(file, /phase 8 \(Commit Checks\) moves only with the commit command/, 'advance');
  });
});
