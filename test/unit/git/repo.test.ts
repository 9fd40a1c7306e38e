import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { git, hook, makeBare, makeRepo, plainDir, removeSandbox, sandbox, write } from './helpers';
import { changes, gitAt, inspectRepo, parsePorcelain, repoPath } from '../../../src/git/repo';

// Every test has its own repository, so they run side by side.
after(removeSandbox);

/** A repository stopped in the middle of a conflicting merge or rebase of `feature` onto `main`. */
function conflicted(how: 'merge' | 'rebase'): string {
  const repo = makeRepo({ 'a.txt': 'base\n' });
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(repo, 'a.txt', 'feature\n');
  git(repo, 'commit', '-q', '-am', 'feature');
  git(repo, 'checkout', '-q', 'main');
  write(repo, 'a.txt', 'main\n');
  git(repo, 'commit', '-q', '-am', 'main');
  if (how === 'merge') assert.throws(() => git(repo, 'merge', 'feature'));
  else assert.throws(() => git(repo, 'rebase', 'feature'));
  return repo;
}

describe('inspectRepo', { concurrency: true }, () => {
  it('describes a clean repository on a branch', async () => {
    const repo = makeRepo();
    assert.deepEqual(await inspectRepo(repo), {
      root: repo,
      branch: 'main',
      detached: false,
      merging: false,
      rebasing: false,
      userConfigured: true,
    });
  });

  it('finds the top level from a subdirectory', async () => {
    const repo = makeRepo({ 'src/deep/a.ts': 'x\n' });
    const info = await inspectRepo(join(repo, 'src', 'deep'));
    assert.ok(!('error' in info));
    assert.equal(info.root, repo);
  });

  it('reports a directory outside any repository', async () => {
    const dir = plainDir('not-a-repo');
    const info = await inspectRepo(dir);
    assert.ok('error' in info);
    assert.match(info.error, /not inside a git repository/);
  });

  it('reports a directory that does not exist', async () => {
    const info = await inspectRepo(join(sandbox, 'nowhere'));
    assert.ok('error' in info);
    assert.match(info.error, /does not exist/);
  });

  it('sees a detached HEAD', async () => {
    const repo = makeRepo();
    git(repo, 'checkout', '-q', '--detach');
    const info = await inspectRepo(repo);
    assert.ok(!('error' in info));
    assert.equal(info.detached, true);
    assert.equal(info.branch, undefined);
  });

  it('sees a merge in progress', async () => {
    const info = await inspectRepo(conflicted('merge'));
    assert.ok(!('error' in info));
    assert.equal(info.merging, true);
    assert.equal(info.rebasing, false);
  });

  it('sees a rebase in progress', async () => {
    const info = await inspectRepo(conflicted('rebase'));
    assert.ok(!('error' in info));
    assert.equal(info.rebasing, true);
  });

  it('names the upstream of a cloned branch', async () => {
    const bare = makeBare();
    const seed = makeRepo();
    git(seed, 'push', '-q', bare, 'main');
    const clone = join(sandbox, 'clone-upstream');
    git(sandbox, 'clone', '-q', bare, clone);
    const info = await inspectRepo(clone);
    assert.ok(!('error' in info));
    assert.equal(info.upstream, 'origin/main');
  });

  it('knows when user.name and user.email are not set', async () => {
    const info = await inspectRepo(makeRepo(undefined, false));
    assert.ok(!('error' in info));
    assert.equal(info.userConfigured, false);
  });

  it('does not count an empty user.name as configured: git refuses it', async () => {
    const repo = makeRepo();
    git(repo, 'config', 'user.name', '');
    const info = await inspectRepo(repo);
    assert.ok(!('error' in info));
    assert.equal(info.userConfigured, false);
  });

  it('works on a repository without commits yet', async () => {
    const info = await inspectRepo(makeRepo({}));
    assert.ok(!('error' in info));
    assert.equal(info.branch, 'main');
    assert.equal(info.detached, false);
  });
});

describe('repoPath', { concurrency: true }, () => {
  const repo = makeRepo();

  it('reads relative paths against the base and absolute ones as they are', () => {
    assert.equal(repoPath(repo, repo, 'src/a.ts'), 'src/a.ts');
    assert.equal(repoPath(repo, join(repo, 'src'), 'a.ts'), 'src/a.ts');
    assert.equal(repoPath(repo, repo, join(repo, 'not', 'yet', 'there.ts')), 'not/yet/there.ts');
    assert.equal(repoPath(repo, repo, './tests/'), 'tests');
    assert.equal(repoPath(repo, repo, '.'), '');
  });

  it('rejects paths outside the work tree', () => {
    assert.equal(repoPath(repo, repo, '../elsewhere.ts'), undefined);
    assert.equal(repoPath(repo, repo, join(sandbox, 'x.ts')), undefined);
    assert.equal(repoPath(repo, repo, 'src/../../x.ts'), undefined);
  });

  it('sees through a symlinked directory that leads outside', () => {
    const outside = join(sandbox, 'outside-target');
    mkdirSync(outside);
    symlinkSync(outside, join(repo, 'link'));
    assert.equal(repoPath(repo, repo, 'link/file.ts'), undefined);
    assert.equal(repoPath(repo, repo, 'link'), 'link');
  });
});

describe('parsePorcelain', { concurrency: true }, () => {
  it('reads statuses, paths with spaces, and both sides of a rename', () => {
    assert.deepEqual(parsePorcelain(' M a b.txt\0R  new.txt\0old.txt\0?? dir/x\0'), [
      { path: 'a b.txt', index: ' ', worktree: 'M' },
      { path: 'new.txt', index: 'R', worktree: ' ' },
      { path: 'old.txt', index: 'D', worktree: ' ' },
      { path: 'dir/x', index: '?', worktree: '?' },
    ]);
  });

  it('keeps a copy’s source out: it did not change', () => {
    assert.deepEqual(parsePorcelain('C  copy.txt\0orig.txt\0'), [{ path: 'copy.txt', index: 'C', worktree: ' ' }]);
  });

  it('reads an empty status as no changes', () => {
    assert.deepEqual(parsePorcelain(''), []);
  });
});

describe('changes', { concurrency: true }, () => {
  it('lists untracked files one by one, and staged renames with their source', async () => {
    const repo = makeRepo({ 'old name.txt': 'x\n' });
    git(repo, 'mv', 'old name.txt', 'new name.txt');
    write(repo, 'fresh/a.txt', 'a\n');
    write(repo, 'fresh/b.txt', 'b\n');
    const list = await changes(await gitAt(repo));
    assert.deepEqual(
      list.map((c) => `${c.index}${c.worktree} ${c.path}`),
      ['R  new name.txt', 'D  old name.txt', '?? fresh/a.txt', '?? fresh/b.txt'],
    );
    assert.deepEqual(
      (await changes(await gitAt(repo), ['fresh'])).map((c) => c.path),
      ['fresh/a.txt', 'fresh/b.txt'],
    );
  });

  it('runs no fsmonitor or hook a worker planted in .git/config', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const touched = join(sandbox, `fsmonitor-ran-${Date.now()}`);
    // The attack of issue 24: a config whose fsmonitor command git status would run.
    git(repo, 'config', 'core.fsmonitor', `touch '${touched}'; false`);
    hook(repo, 'post-index-change', `touch '${touched}'`);
    write(repo, 'b.txt', 'b\n');
    assert.ok(git(repo, 'status', '--short').includes('b.txt'));
    assert.ok(existsSync(touched), 'a plain git status runs the planted command');
    rmSync(touched);
    const list = await changes(await gitAt(repo));
    assert.deepEqual(
      list.map((c) => c.path),
      ['b.txt'],
    );
    assert.equal(existsSync(touched), false, "the extension's git status ran nothing");
  });
});
