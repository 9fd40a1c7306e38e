import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { committedFiles, git, hook, makeBare, makeRepo, plainDir, removeSandbox, sandbox, snapshot, staged, write } from './helpers';
import { commitFiles, prepareCommit, type CommitResult, type PreparedCommit } from '../../../src/git/commit';
import { looksSecret } from '../../../src/git/secrets';

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
  it('takes the planned files and the plan itself; a directory takes nothing and is listed as not a file', async () => {
    const repo = worked();
    const result = prepared(
      await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts', 'tests/core/'], scope: 'planFiles' }),
    );
    assert.deepEqual(result, {
      named: ['src/a.ts'],
      files: ['.beads/plan.md', 'src/a.ts'],
      secrets: [],
      secretMatches: [],
      leftOut: ['other.ts', 'tests/core/new.test.ts'],
      missing: [],
      notFiles: [{ entry: 'tests/core/', why: 'a directory' }],
      outside: [],
    });
  });

  it('takes every tracked change in the allChanges scope, and an untracked file only when the plan names it', async () => {
    const repo = worked();
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts'], scope: 'allChanges' }));
    assert.deepEqual(result.files, ['.beads/plan.md', 'other.ts', 'src/a.ts']);
    assert.deepEqual(result.leftOut, ['tests/core/new.test.ts']);
    const named = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['tests/core/new.test.ts'], scope: 'allChanges' }));
    assert.deepEqual(named.files, ['.beads/plan.md', 'other.ts', 'src/a.ts', 'tests/core/new.test.ts']);
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

  it('takes exact files only: a short form is not found, a glob names no file', async () => {
    const repo = makeRepo({ 'pkg/app/views.py': 'v\n', 'pkg/app/models.py': 'm\n', 'packages/x/pyproject.toml': 'p\n', 'tests/deep/t_a.py': 't\n' });
    write(repo, 'pkg/app/views.py', 'v2\n');
    write(repo, 'packages/x/pyproject.toml', 'p2\n');
    write(repo, 'tests/deep/t_a.py', 't2\n');
    const result = prepared(
      await prepareCommit({
        repoRoot: repo,
        planFile: join(repo, 'plan.md'),
        planned: ['views.py', 'pkg/app/models.py', 'packages/*/pyproject.toml', 'tests/**/*.py', 'tests/deep/t_a.py', 'nowhere.py'],
        scope: 'planFiles',
      }),
    );
    assert.deepEqual(result.files, ['tests/deep/t_a.py']);
    assert.deepEqual(result.leftOut, ['packages/x/pyproject.toml', 'pkg/app/views.py']);
    // pkg/app/models.py is unchanged but on disk: not missing.
    assert.deepEqual(result.missing, ['views.py', 'nowhere.py']);
    assert.deepEqual(result.notFiles, [
      { entry: 'packages/*/pyproject.toml', why: 'a glob' },
      { entry: 'tests/**/*.py', why: 'a glob' },
    ]);
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
    const dir = plainDir('plain-dir');
    const result = await prepareCommit({ repoRoot: dir, planFile: join(dir, 'plan.md'), planned: [], scope: 'planFiles' });
    assert.ok('error' in result);
    assert.match(result.error, /not inside a git repository/);
  });
});

describe('prepareCommit: a plan cannot widen the commit', { concurrency: true }, () => {
  /** src/a.ts planned and changed; an unrelated file and keys lying around untracked. */
  function exposed(): string {
    const repo = makeRepo({ 'src/a.ts': 'a\n', 'README.md': 'r\n', '.beads/plan.md': '# Beads Work Plan\n' });
    write(repo, 'src/a.ts', 'a2\n');
    write(repo, 'unrelated.txt', 'u\n');
    write(repo, 'id_rsa.pem', 'KEY\n');
    write(repo, 'keys/deploy.pem', 'KEY\n');
    write(repo, 'x/y.ts', 'y\n');
    return repo;
  }
  const wideners: ReadonlyArray<readonly [string, string]> = [
    ['src/../', 'the repository root'],
    ['x/../', 'the repository root'],
    ['./', 'the repository root'],
    ['.', 'the repository root'],
    ['src/a.ts/../..', 'the repository root'],
    ['**/*.pem', 'a glob'],
    ['*', 'a glob'],
    ['id_rsa.pe?', 'a glob'],
    ['src', 'a directory'],
    ['keys/', 'a directory'],
    ['x', 'a directory'],
  ];
  for (const scope of ['planFiles', 'allChanges'] as const)
    for (const [entry, why] of wideners)
      it(`${scope}: "${entry}" is ${why}, listed as not a file, and takes nothing`, async () => {
        const repo = exposed();
        const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, '.beads/plan.md'), planned: ['src/a.ts', entry], scope }));
        assert.deepEqual(result.files, ['src/a.ts']);
        assert.deepEqual(result.secrets, []);
        assert.deepEqual(result.notFiles, [{ entry, why }]);
        assert.deepEqual(result.leftOut, ['id_rsa.pem', 'keys/deploy.pem', 'unrelated.txt', 'x/y.ts']);
      });

  it('normalises an entry against the root: src/../README.md is README.md, an exact file', async () => {
    const repo = exposed();
    write(repo, 'README.md', 'r2\n');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: ['src/../README.md'], scope: 'planFiles' }));
    assert.deepEqual([result.named, result.files], [['README.md'], ['README.md']]);
  });

  it('holds back files that look like secrets, even when the plan names them exactly', async () => {
    const repo = exposed();
    write(repo, '.env', 'TOKEN=x\n');
    write(repo, 'conf/server.key', 'k\n');
    write(repo, '.ssh/id_ed25519', 'k\n');
    const planned = ['src/a.ts', 'id_rsa.pem', '.env', 'conf/server.key', '.ssh/id_ed25519'];
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned, scope: 'planFiles' }));
    assert.deepEqual(result.files, ['src/a.ts']);
    assert.deepEqual(result.secrets, ['.env', '.ssh/id_ed25519', 'conf/server.key', 'id_rsa.pem']);
  });

  it('holds back a tracked secret that changed, in the allChanges scope', async () => {
    const repo = makeRepo({ '.env.local': 'A=1\n', 'a.ts': 'a\n' });
    write(repo, '.env.local', 'A=2\n');
    write(repo, 'a.ts', 'a2\n');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: [], scope: 'allChanges' }));
    assert.deepEqual([result.files, result.secrets], [['a.ts'], ['.env.local']]);
  });
});

describe('secrets and submodules, as issue #23 found them', () => {
  it('holds back the credential files the red-team pass committed, each named with why', async () => {
    const names = ['.git-credentials', '.netrc', '.npmrc', 'credentials.json', 'prod.env', 'secrets.yaml', 'server.p12'];
    const repo = makeRepo({ 'a.ts': 'a\n' });
    for (const n of names) write(repo, n, 'x\n');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: ['a.ts', ...names], scope: 'planFiles' }));
    assert.deepEqual([...result.secrets].sort(), [...names].sort());
    assert.ok(result.secretMatches.every((m) => m.what === 'its name'));
  });

  it('holds back a file whose first 64 KB hold a private key or a cloud token, saying what matched; reads no further', async () => {
    const repo = makeRepo({ 'a.ts': 'a\n' });
    write(repo, 'notes/deploy.txt', 'key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n');
    write(repo, 'src/config.ts', `export const key = 'AKIA${'ABCDEFGHIJKLMNOP'}';\n`);
    write(repo, 'src/gh.ts', `const t = 'ghp_${'a'.repeat(36)}';\n`);
    write(repo, 'late.txt', `${'x'.repeat(70 * 1024)}\n-----BEGIN RSA PRIVATE KEY-----\n`);
    write(repo, 'a.ts', 'a2\n');
    const planned = ['a.ts', 'notes/deploy.txt', 'src/config.ts', 'src/gh.ts', 'late.txt'];
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned, scope: 'planFiles' }));
    assert.deepEqual(result.secretMatches, [
      { file: 'notes/deploy.txt', what: 'a private key header' },
      { file: 'src/config.ts', what: 'an AWS access key id' },
      { file: 'src/gh.ts', what: 'a GitHub token' },
    ]);
    assert.deepEqual(result.files, ['a.ts', 'late.txt']);
  });

  it('commits a submodule whose pointer moved, in the allChanges scope, as its pointer', async () => {
    const inner = makeRepo({ 'lib.txt': '1\n' });
    const repo = makeRepo({ 'a.ts': 'a\n' });
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'sub');
    git(repo, 'commit', '-qm', 'add sub');
    write(join(repo, 'sub'), 'lib.txt', '2\n');
    git(join(repo, 'sub'), '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'move');
    write(repo, 'a.ts', 'a2\n');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: [], scope: 'allChanges' }));
    assert.deepEqual(result.files, ['a.ts', 'sub']);
    const done = committed(await commitFiles({ repoRoot: repo, files: result.files, message: 'm', push: false }));
    assert.ok(done.hash);
    assert.deepEqual(committedFiles(repo).sort(), ['a.ts', 'sub']);
  });

  it('lists a submodule whose own files changed only as left out, never offered then refused', async () => {
    const inner = makeRepo({ 'lib.txt': '1\n' });
    const repo = makeRepo({ 'a.ts': 'a\n' });
    git(repo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'sub');
    git(repo, 'commit', '-qm', 'add sub');
    write(join(repo, 'sub'), 'lib.txt', 'dirty\n');
    write(repo, 'a.ts', 'a2\n');
    const result = prepared(await prepareCommit({ repoRoot: repo, planFile: join(repo, 'plan.md'), planned: [], scope: 'allChanges' }));
    assert.deepEqual([result.files, result.leftOut], [['a.ts'], ['sub']]);
    committed(await commitFiles({ repoRoot: repo, files: result.files, message: 'm', push: false }));
  });
});

describe('looksSecret', () => {
  for (const path of ['id_rsa', 'id_rsa.pub', '.ssh/id_ecdsa', 'a/b/c.pem', 'server.KEY', '.env', '.env.production', 'app/.envrc', '.aws/credentials', 'deploy/.docker/config.json', 'x/terraform.tfvars', 'k.kdbx'])
    it(`holds back ${path}`, () => assert.equal(looksSecret(path), true));
  for (const path of ['src/keys.ts', 'environment.md', 'docs/pem.md', 'key', 'my_id_rsa_notes.txt', 'src/env/.gitkeep'])
    it(`lets ${path} through`, () => assert.equal(looksSecret(path), false));
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

  it("runs the user's pre-commit hook on the commit, and never a planted fsmonitor", async () => {
    const repo = worked();
    const planted = join(sandbox, `planted-ran-${Date.now()}`);
    const preCommit = join(sandbox, `pre-commit-ran-${Date.now()}`);
    git(repo, 'config', 'core.fsmonitor', `touch '${planted}'; false`);
    hook(repo, 'pre-commit', `touch '${preCommit}'`);
    committed(await commitFiles({ repoRoot: repo, files: ['src/a.ts'], message: 'x', push: false }));
    assert.ok(existsSync(preCommit), 'the pre-commit hook ran on the commit');
    assert.equal(existsSync(planted), false, 'the fsmonitor command never ran');
    assert.deepEqual(committedFiles(repo), ['src/a.ts']);
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

    it('when an entry is the repository root or a directory', async () => {
      const repo = worked();
      await refusesUnchanged(repo, ['src/a.ts', '.'], /\. is the repository root, not a file/);
      await refusesUnchanged(repo, ['src/a.ts', 'src/..'], /src\/\.\. is the repository root, not a file/);
      await refusesUnchanged(repo, ['tests/core'], /tests\/core is a directory, not a file/);
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
    const dir = plainDir('plain-dir-2');
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
