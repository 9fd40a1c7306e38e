import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeSandbox, sandbox } from '../git/helpers';
import { detectBdSync, hasSyncCommand, runBdSync } from '../../../src/beads/bd';

after(removeSandbox);

const COBRA_HELP = `Issues chained together like beads.

Usage:
  bd [command]

Available Commands:
  close       Close one or more issues
  ready       Show ready work
  sync        Synchronize issues with git remote

Flags:
  -h, --help   help for bd
`;

/** A stand-in `bd`: a shell script with the given body. */
function fakeBd(name: string, body: string): string {
  const file = join(sandbox, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('hasSyncCommand', () => {
  it('finds sync among the listed subcommands', () => assert.equal(hasSyncCommand(COBRA_HELP), true));
  it('does not take the word sync elsewhere for a subcommand', () => {
    assert.equal(hasSyncCommand(COBRA_HELP.replace('  sync        Synchronize issues with git remote\n', '')), false);
    assert.equal(hasSyncCommand('Usage: bd [command]\nKeeps issues in sync with git.\n  syncthing   not it\n'), false);
  });
});

describe('detectBdSync', { skip: process.platform === 'win32' && 'uses shell scripts as a fake bd' }, () => {
  it('is true when bd lists sync', async () => {
    assert.equal(await detectBdSync(fakeBd('bd-with-sync', `cat <<'HELP'\n${COBRA_HELP}HELP`)), true);
  });

  it('is false when bd has no sync', async () => {
    assert.equal(await detectBdSync(fakeBd('bd-without-sync', 'echo "Available Commands:"; echo "  ready   Show ready work"')), false);
  });

  it('is false when bd is not installed', async () => {
    assert.equal(await detectBdSync(join(sandbox, 'no-such-bd')), false);
  });

  it('is false when bd hangs past the timeout', async () => {
    const started = Date.now();
    assert.equal(await detectBdSync(fakeBd('bd-hangs', 'exec sleep 5'), 200), false);
    assert.ok(Date.now() - started < 3_000);
  });
});

describe('runBdSync', { skip: process.platform === 'win32' && 'uses shell scripts as a fake bd' }, () => {
  it('runs bd sync in the given directory and returns its output', async () => {
    const cwd = join(sandbox, 'bd-cwd');
    mkdirSync(cwd);
    const result = await runBdSync(cwd, fakeBd('bd-sync-ok', 'echo "synced $1 in $(pwd)"'));
    assert.deepEqual(result, { ok: true, output: `synced sync in ${cwd}` });
  });

  it('reports a failing sync with its output', async () => {
    const result = await runBdSync(sandbox, fakeBd('bd-sync-fails', 'echo "remote rejected" >&2; exit 3'));
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.output, 'remote rejected');
    assert.match(result.error, /Command failed/);
  });
});
