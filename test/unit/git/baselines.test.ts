// The shared baseline of overlapping worker runs in one repository, on real
// repositories: a change fails every run that overlapped it, each naming the
// others; a run that starts after the change was seen is not blamed for it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { git, makeRepo, plainDir, removeSandbox, write } from './helpers';
import { RepoBaselines } from '../../../src/git/baselines';

after(removeSandbox);

const commit = (repo: string, file: string) => {
  write(repo, file, `${file}\n`);
  git(repo, 'add', file);
  git(repo, 'commit', '-q', '-m', file);
};

describe('RepoBaselines', { concurrency: true }, () => {
  it('overlapping runs share one baseline: a change fails each, naming the others; a later run is compared after it', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const taken: string[] = [];
    const baselines = new RepoBaselines((r) => taken.push(r));
    const [a, b] = await Promise.all([baselines.begin(repo, 'A'), baselines.begin(join(repo), 'B')]);
    assert.ok(a && b);
    assert.equal(taken.length, 1, 'one baseline for both');
    commit(repo, 'b.txt');
    const seenA = await baselines.end(a, repo);
    assert.match(seenA?.changes[0]?.text ?? '', /^HEAD moved from [0-9a-f]{7} to [0-9a-f]{7} \(1 commit\)$/);
    assert.deepEqual(seenA?.overlapped, ['B']);
    // C starts after A's end saw the change; B still runs.
    const c = await baselines.begin(repo, 'C');
    assert.ok(c);
    const seenB = await baselines.end(b, repo);
    assert.equal(seenB?.changes.length, 1, 'B overlapped the change: it fails too');
    assert.deepEqual(seenB?.overlapped, ['A', 'C']);
    const seenC = await baselines.end(c, repo);
    assert.deepEqual(seenC?.changes, [], 'C started after the change was seen');
    assert.deepEqual(seenC?.overlapped, ['B']);
  });

  it('takes a new baseline once every run there has ended, and none outside a repository', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    let taken = 0;
    const baselines = new RepoBaselines(() => taken++);
    const first = (await baselines.begin(repo, 'A'))!;
    assert.deepEqual((await baselines.end(first, repo))?.changes, []);
    commit(repo, 'b.txt');
    const second = (await baselines.begin(repo, 'B'))!;
    assert.deepEqual((await baselines.end(second, repo))?.changes, [], "a change between runs is no run's");
    assert.equal(taken, 2);
    const plain = plainDir('not-a-repo');
    assert.equal(await baselines.begin(plain, 'X'), undefined);
  });
});
