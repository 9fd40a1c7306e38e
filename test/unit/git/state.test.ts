// The git state around a worker run, on real repositories: each way a worker
// can change git is seen and worded, and a run that changes nothing (or only
// refreshes the index) reads as unchanged.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { git, hook, makeBare, makeRepo, plainDir, removeSandbox, sandbox, write } from './helpers';
import { changeReason, compareGit, configDiff, isDoubt, snapshotGit } from '../../../src/git/state';

after(removeSandbox);

/** The changes `act` makes to a fresh repository, in words. */
async function changed(act: (repo: string) => void, repo = makeRepo({ 'a.txt': 'a\n' })): Promise<string[]> {
  const before = await snapshotGit(repo);
  assert.ok(before);
  act(repo);
  const after = await snapshotGit(repo);
  assert.ok(after);
  return (await compareGit(repo, before, after)).map((c) => c.text);
}

const commit = (repo: string, file: string, text: string) => {
  write(repo, file, text);
  git(repo, 'add', file);
  git(repo, 'commit', '-q', '-m', `edit ${file}`);
};

const short = (repo: string, rev = 'HEAD') => git(repo, 'rev-parse', '--short=7', rev).trim();

describe('snapshotGit and compareGit', { concurrency: true }, () => {
  it('sees nothing when nothing changed, and not a refreshed index', async () => {
    assert.deepEqual(
      await changed((repo) => {
        write(repo, 'a.txt', 'edited, not staged\n');
        git(repo, 'status', '--short'); // rewrites the index's stat data
      }),
      [],
    );
  });

  it('is undefined outside a repository', async () => {
    const dir = plainDir('plain');
    assert.equal(await snapshotGit(dir), undefined);
  });

  it('a new commit: HEAD moved, with the count', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const from = short(repo);
    const seen = await changed((r) => {
      commit(r, 'b.txt', 'b\n');
      commit(r, 'c.txt', 'c\n');
    }, repo);
    assert.deepEqual(seen, [`HEAD moved from ${from} to ${short(repo)} (2 commits)`]);
  });

  it('an amended commit: history rewritten', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const from = short(repo);
    const seen = await changed((r) => git(r, 'commit', '-q', '--amend', '-m', 'rewritten'), repo);
    assert.deepEqual(seen, [`HEAD moved from ${from} to ${short(repo)} (history rewritten: 1 new commit, 1 left behind, as an amend or rebase does)`]);
  });

  it('a reset: HEAD moved back', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    commit(repo, 'b.txt', 'b\n');
    const from = short(repo);
    const seen = await changed((r) => git(r, 'reset', '-q', '--hard', 'HEAD~1'), repo);
    assert.deepEqual(seen, [`HEAD moved from ${from} to ${short(repo)} (back 1 commit: a reset)`]);
  });

  it('a new tag and a new branch', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const at = short(repo);
    const seen = await changed((r) => {
      git(r, 'tag', 'v1');
      git(r, 'branch', 'side');
    }, repo);
    assert.deepEqual(seen, [`new branch side at ${at}`, `new tag v1 at ${at}`]);
  });

  it('a stash', async () => {
    const seen = await changed((r) => {
      write(r, 'a.txt', 'work\n');
      git(r, 'stash', '-q');
    });
    assert.equal(seen.length, 1);
    assert.match(seen[0]!, /^the stash: an entry saved at [0-9a-f]{7}$/);
  });

  it('a config change: core.fsmonitor added, by key, with no value in the words', async () => {
    const seen = await changed((r) => git(r, 'config', 'core.fsmonitor', 'touch /tmp/pwned; git commit -am x'));
    assert.deepEqual(seen, ['.git/config: core.fsmonitor added']);
  });

  it('a config replaced whole (the git log --output attack): the planted key first, the lost ones in one line', async () => {
    const seen = await changed((r) => write(r, '.git/config', '[core]\n\tfsmonitor = "git commit -qam x; false"\n'));
    assert.equal(seen[0], '.git/config: core.fsmonitor added');
    assert.match(seen[1]!, /^\.git\/config: core\.repositoryformatversion, core\.filemode, core\.bare and \d+ more removed$/);
  });

  it('a hook added, and one changed', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    hook(repo, 'pre-commit', 'exit 0');
    const seen = await changed((r) => {
      hook(r, 'post-checkout', 'echo planted');
      hook(r, 'pre-commit', 'exit 1');
    }, repo);
    assert.deepEqual(seen, ['hook .git/hooks/post-checkout added', 'hook .git/hooks/pre-commit changed']);
  });

  it('a remote added', async () => {
    const bare = makeBare();
    const seen = await changed((r) => git(r, 'remote', 'add', 'exfil', bare));
    assert.deepEqual(seen, [`remote exfil added (${bare})`]);
  });

  it('core.hooksPath changed: the key, and the hooks it now points at', async () => {
    const seen = await changed((r) => {
      write(r, 'tools/hooks/pre-commit', '#!/bin/sh\nexit 0\n');
      git(r, 'config', 'core.hooksPath', 'tools/hooks');
    });
    assert.equal(seen.length, 2);
    assert.equal(seen[0], '.git/config: core.hookspath added');
    assert.match(seen[1]!, /^hooks now come from \/.*\/tools\/hooks \(1 file\)$/);
  });

  it('.git/info/exclude changed', async () => {
    const seen = await changed((r) => write(r, '.git/info/exclude', '*.secret\n'));
    assert.deepEqual(seen, ['.git/info/exclude added']);
  });

  it('a staged file alone is a doubt, not a failure', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const before = (await snapshotGit(repo))!;
    write(repo, 'a.txt', 'staged\n');
    git(repo, 'add', 'a.txt');
    const changes = await compareGit(repo, before, (await snapshotGit(repo))!);
    assert.deepEqual(changes, [{ area: 'index', text: 'the index changed: files were staged or unstaged' }]);
    assert.ok(changes.every(isDoubt));
  });

  it('a worktree: its own HEAD and the shared refs', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const wt = join(sandbox, `wt-${Date.now()}`);
    git(repo, 'worktree', 'add', '-q', '-b', 'work', wt);
    const before = (await snapshotGit(wt))!;
    assert.equal(before.commonDir, join(repo, '.git'));
    assert.equal(before.branch, 'refs/heads/work');
    commit(wt, 'w.txt', 'w\n');
    const changes = await compareGit(wt, before, (await snapshotGit(wt))!);
    assert.deepEqual(
      changes.map((c) => c.area),
      ['head'],
    );
    assert.match(changeReason(changes), /^the worker changed git: HEAD moved from [0-9a-f]{7} to [0-9a-f]{7} \(1 commit\)$/);
  });
});

describe('configDiff', () => {
  it('marks the removed and added lines', () => {
    assert.equal(configDiff('[core]\n\tbare = false\n', '[core]\n\tbare = false\n\tfsmonitor = x\n'), '  [core]\n  \tbare = false\n+ \tfsmonitor = x\n  ');
  });
});
