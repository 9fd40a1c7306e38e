import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { committedFiles, git, hook, makeBare, makeRepo, removeSandbox, sandbox, snapshot, staged, write } from './helpers';
import { commitFiles, prepareCommit, type CommitResult, type PreparedCommit } from '../../../src/git/commit';

// Every test has its own repository, so they run side by side.
after(removeSandbox);

function prepared(result: PreparedCommit | { error: string }): PreparedCommit {
  assert.ok(!('error' in result), 'error' in result ? result.error : '');
  return result;
}

function committed(result: CommitResult): Extract<CommitResult, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : `${result.reason}\n${result.output ?? ''}`);
  return result;
}

function refused(result: CommitResult, reason: RegExp): Extract<CommitResult, { ok: false }> {
  assert.equal(result.ok, false);
  assert.ok(!result.ok);
  assert.match(result.reason, reason);
  return result;
}

/** A repository where the plan's work is done: `src/a.ts` changed, `tests/core/new.test.ts` new, and an unrelated `other.ts` changed. */
function worked(): string {
  const repo = makeRepo({ 'src/a.ts': 'a\n', 'other.ts': 'o\n', '.beads/plan.md': '# Beads Work Plan\n' });
  write(repo, 'src/a.ts', 'a2\n');
  write(repo, 'tests/core/new.test.ts', 'new\n');
  write(repo, 'other.ts', 'o2\n');
  write(repo, '.beads/plan.md', '# Beads Work Plan\nSession: s\n');
  return repo;
}

describe('prepareCommit', { concurrency: true }, () => {
  it('takes the planned files, files under planned directories, and the plan itself', async () => {
    const repo = worked();
    const result = prepared(
      await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts', 'tests/core/'], scope: 'planFiles' }),
    );
    assert.deepEqual(result, {
      files: ['.beads/plan.md', 'src/a.ts', 'tests/core/new.test.ts'],
      leftOut: ['other.ts'],
      missing: [],
      outside: [],
    });
  });

  it('takes every change in the allChanges scope', async () => {
    const repo = worked();
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts'], scope: 'allChanges' }));
    assert.deepEqual(result.files, ['.beads/plan.md', 'other.ts', 'src/a.ts', 'tests/core/new.test.ts']);
    assert.deepEqual(result.leftOut, []);
  });

  it('reports planned paths that are missing and those outside the repository', async () => {
    const repo = worked();
    const result = prepared(
      await prepareCommit({
        repoRoot: repo,
        planFile: join(repo, '.beads/plan.md'),
        planned: ['src/a.ts', 'src/gone.ts', '../sibling/x.ts', join(sandbox, 'abs.ts')],
        scope: 'planFiles',
      }),
    );
    assert.deepEqual(result.missing, ['src/gone.ts']);
    assert.deepEqual(result.outside, [join(sandbox, 'sibling/x.ts'), join(sandbox, 'abs.ts')]);
    assert.deepEqual(result.files, ['.beads/plan.md', 'src/a.ts']);
  });

  it('counts a planned file deleted in git as a change, not as missing', async () => {
    const repo = makeRepo({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
    unlinkSync(join(repo, 'src/a.ts'));
    git(repo, 'rm', '-q', 'src/b.ts');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: ['src/a.ts', 'src/b.ts'], scope: 'planFiles' }));
    assert.deepEqual(result.files, ['src/a.ts', 'src/b.ts']);
    assert.deepEqual(result.missing, []);
  });

  it('resolves short forms and globs the way plans write them', async () => {
    const repo = makeRepo({ 'pkg/app/views.py': 'v\n', 'pkg/app/models.py': 'm\n', 'packages/x/pyproject.toml': 'p\n', 'tests/deep/t_a.py': 't\n' });
    write(repo, 'pkg/app/views.py', 'v2\n');
    write(repo, 'packages/x/pyproject.toml', 'p2\n');
    write(repo, 'tests/deep/t_a.py', 't2\n');
    write(repo, 'tests/deep/notes.txt', 'n\n');
    const result = prepared(
      await prepareCommit({
        repoRoot: repo,
        planFile: join(repo, 'plan.md'),
        planned: ['views.py', 'app/models.py', 'packages/*/pyproject.toml', 'tests/**/*.py', 'nowhere.py', 'docs/**/*.md'],
        scope: 'planFiles',
      }),
    );
    assert.deepEqual(result.files, ['packages/x/pyproject.toml', 'pkg/app/views.py', 'tests/deep/t_a.py']);
    assert.deepEqual(result.leftOut, ['tests/deep/notes.txt']);
    // app/models.py is unchanged but exists in git: not missing.
    assert.deepEqual(result.missing, ['nowhere.py', 'docs/**/*.md']);
  });

  it('resolves relative planned paths against repoRoot even when it is a subdirectory', async () => {
    const repo = worked();
    const result = prepared(await prepareCommit({ repoRoot: join(repo, 'src'), planFile: join(repo, 'none.md'), planned: ['a.ts'], scope: 'planFiles' }));
    assert.deepEqual(result.files, ['src/a.ts']);
  });

  it('stages nothing', async () => {
    const repo = worked();
    const before = snapshot(repo);
    prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts'], scope: 'planFiles' }));
    assert.deepEqual(snapshot(repo), before);
  });

  it('refuses a directory outside any repository', async () => {
    const dir = join(sandbox, 'plain-dir');
    mkdirSync(dir);
    const result = await prepareCommit({ repoRoot: dir, planFile: join(dir, 'plan.md'), planned: [], scope: 'planFiles' });
    assert.ok('error' in result);
    assert.match(result.error, /not inside a git repository/);
  });
});

describe('commitFiles', { concurrency: true }, () => {
  it('commits exactly the chosen files, new ones included, with the message', async () => {
    const repo = worked();
    const result = committed(
      await commitFiles({ repoRoot: repo, files: ['src/a.ts', 'tests/core/new.test.ts', join(repo, '.beads/plan.md')], message: 'feat(x): done\n\n- a: b', push: false }),
    );
    assert.equal(result.branch, 'main');
    assert.equal(result.hash, git(repo, 'rev-parse', 'HEAD').trim());
    assert.ok(result.hash.startsWith(result.shortHash));
    assert.equal(result.pushed, undefined);
    assert.deepEqual(committedFiles(repo), ['.beads/plan.md', 'src/a.ts', 'tests/core/new.test.ts']);
    assert.equal(git(repo, 'log', '-1', '--format=%B').trim(), 'feat(x): done\n\n- a: b');
    assert.equal(git(repo, 'status', '--porcelain').trim(), 'M other.ts');
  });

  it('leaves a file the user staged beforehand out of the commit, and still staged', async () => {
    const repo = worked();
    git(repo, 'add', 'other.ts');
    committed(await commitFiles({ repoRoot: repo, files: ['src/a.ts'], message: 'only a', push: false }));
    assert.deepEqual(committedFiles(repo), ['src/a.ts']);
    assert.deepEqual(staged(repo), ['other.ts']);
  });

  it('commits the work-tree content of a planned file the user had partly staged', async () => {
    const repo = worked();
    git(repo, 'add', 'src/a.ts');
    write(repo, 'src/a.ts', 'a3\n');
    committed(await commitFiles({ repoRoot: repo, files: ['src/a.ts'], message: 'a', push: false }));
    assert.equal(git(repo, 'show', 'HEAD:src/a.ts'), 'a3\n');
    assert.deepEqual(staged(repo), []);
  });

  it('commits deletions and renames', async () => {
    const repo = makeRepo({ 'gone.ts': 'g\n', 'staged-gone.ts': 's\n', 'old.ts': 'o\n', 'keep.ts': 'k\n' });
    unlinkSync(join(repo, 'gone.ts'));
    git(repo, 'rm', '-q', 'staged-gone.ts');
    git(repo, 'mv', 'old.ts', 'new.ts');
    committed(await commitFiles({ repoRoot: repo, files: ['gone.ts', 'staged-gone.ts', 'new.ts', 'old.ts'], message: 'moves', push: false }));
    assert.deepEqual(git(repo, 'ls-tree', '--name-only', 'HEAD').trim().split('\n'), ['keep.ts', 'new.ts']);
    assert.equal(git(repo, 'status', '--porcelain'), '');
  });

  it('makes the first commit of an empty repository', async () => {
    const repo = makeRepo({});
    write(repo, 'a.ts', 'a\n');
    write(repo, 'b.ts', 'b\n');
    committed(await commitFiles({ repoRoot: repo, files: ['a.ts'], message: 'first', push: false }));
    assert.deepEqual(committedFiles(repo), ['a.ts']);
    assert.equal(git(repo, 'status', '--porcelain').trim(), '?? b.ts');
  });

  it('leaves status and index exactly as before when the pre-commit hook fails, and returns its output', async () => {
    const repo = worked();
    git(repo, 'add', 'other.ts');
    hook(repo, 'pre-commit', 'echo "lint: 3 problems in src/a.ts"\nexit 1');
    const before = snapshot(repo);
    const result = refused(await commitFiles({ repoRoot: repo, files: ['src/a.ts', 'tests/core/new.test.ts'], message: 'x', push: false }), /commit failed.*index is as it was/);
    assert.match(result.output ?? '', /lint: 3 problems in src\/a\.ts/);
    assert.deepEqual(snapshot(repo), before);
  });

  it('notices a hook that fails without a word', async () => {
    const repo = worked();
    hook(repo, 'pre-commit', 'exit 1');
    const before = snapshot(repo);
    refused(await commitFiles({ repoRoot: repo, files: ['src/a.ts'], message: 'x', push: false }), /commit failed/);
    assert.deepEqual(snapshot(repo), before);
  });

  it('changes nothing when another git holds the index lock', async () => {
    const repo = worked();
    write(repo, '.git/index.lock', '');
    const before = snapshot(repo);
    const result = refused(await commitFiles({ repoRoot: repo, files: ['src/a.ts'], message: 'x', push: false }), /index is as it was/);
    assert.match(result.output ?? '', /index\.lock/);
    assert.deepEqual(snapshot(repo), before);
    assert.ok(existsSync(join(repo, '.git/index.lock')), 'the other git’s lock is left alone');
  });

  describe('refuses, changing nothing', { concurrency: true }, () => {
    async function refusesUnchanged(repo: string, files: string[], reason: RegExp, message = 'm'): Promise<void> {
      const before = snapshot(repo);
      refused(await commitFiles({ repoRoot: repo, files, message, push: false }), reason);
      assert.deepEqual(snapshot(repo), before);
    }

    it('on a detached HEAD', async () => {
      const repo = worked();
      git(repo, 'checkout', '-q', '--detach');
      await refusesUnchanged(repo, ['src/a.ts'], /detached/);
    });

    it('during a merge', async () => {
      const repo = makeRepo({ 'a.txt': 'base\n' });
      git(repo, 'checkout', '-q', '-b', 'side');
      write(repo, 'a.txt', 'side\n');
      git(repo, 'commit', '-q', '-am', 'side');
      git(repo, 'checkout', '-q', 'main');
      write(repo, 'a.txt', 'main\n');
      git(repo, 'commit', '-q', '-am', 'main');
      assert.throws(() => git(repo, 'merge', 'side'));
      await refusesUnchanged(repo, ['a.txt'], /merge is in progress/);
    });

    it('when nothing changed', async () => {
      await refusesUnchanged(worked(), ['README.md', 'other.ts/nope'], /Nothing to commit/);
    });

    it('when no file is given', async () => {
      await refusesUnchanged(worked(), [], /Nothing to commit/);
    });

    it('when the author is not configured', async () => {
      const repo = makeRepo(undefined, false);
      write(repo, 'new.ts', 'n\n');
      await refusesUnchanged(repo, ['new.ts'], /user\.name and user\.email/);
    });

    it('when a file lies outside the repository', async () => {
      const repo = worked();
      await refusesUnchanged(repo, ['src/a.ts', '../elsewhere.ts'], /outside the repository/);
    });

    it('on an empty message', async () => {
      await refusesUnchanged(worked(), ['src/a.ts'], /message is empty/, ' \n');
    });
  });

  it('refuses a directory that is not a repository', async () => {
    const dir = join(sandbox, 'plain-dir-2');
    mkdirSync(dir);
    refused(await commitFiles({ repoRoot: dir, files: ['a.ts'], message: 'm', push: false }), /not inside a git repository/);
  });
});

describe('commitFiles with push', { concurrency: true }, () => {
  function cloned(): { repo: string; bare: string } {
    const bare = makeBare();
    git(makeRepo(), 'push', '-q', bare, 'main');
    const repo = join(sandbox, `clone-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    git(sandbox, 'clone', '-q', bare, repo);
    git(repo, 'config', 'user.name', 'Test User');
    git(repo, 'config', 'user.email', 'test@example.com');
    write(repo, 'a.ts', 'a\n');
    return { repo, bare };
  }

  it('pushes to the upstream', async () => {
    const { repo, bare } = cloned();
    const result = committed(await commitFiles({ repoRoot: repo, files: ['a.ts'], message: 'pushed', push: true }));
    assert.equal(result.pushed, true);
    assert.equal(git(bare, 'rev-parse', 'main').trim(), result.hash);
  });

  it('pushes to origin and sets the upstream when the branch has none', async () => {
    const bare = makeBare();
    const repo = makeRepo();
    git(repo, 'remote', 'add', 'origin', bare);
    write(repo, 'a.ts', 'a\n');
    const result = committed(await commitFiles({ repoRoot: repo, files: ['a.ts'], message: 'first push', push: true }));
    assert.equal(result.pushed, true);
    assert.equal(git(bare, 'rev-parse', 'main').trim(), result.hash);
    assert.equal(git(repo, 'rev-parse', '--abbrev-ref', '@{upstream}').trim(), 'origin/main');
  });

  it('keeps the commit and reports the error when the push fails', async () => {
    const { repo, bare } = cloned();
    rmSync(bare, { recursive: true, force: true });
    const result = committed(await commitFiles({ repoRoot: repo, files: ['a.ts'], message: 'kept', push: true }));
    assert.equal(result.pushed, false);
    assert.match(result.pushError ?? '', /\S/);
    assert.equal(git(repo, 'rev-parse', 'HEAD').trim(), result.hash);
    assert.equal(existsSync(bare), false);
  });

  it('reports that there is nowhere to push without upstream or origin', async () => {
    const repo = makeRepo();
    write(repo, 'a.ts', 'a\n');
    const result = committed(await commitFiles({ repoRoot: repo, files: ['a.ts'], message: 'local', push: true }));
    assert.equal(result.pushed, false);
    assert.match(result.pushError ?? '', /no upstream.*no "origin"/);
  });
});
