// The commit message's parts and the text git stores: checked against git itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinMessage, splitMessage, storedMessage } from '../../../src/git/commitMessage';

const PROPOSED = 'feat(django-litefs-8oi): complete 3 tasks\n\n- django-litefs-8oi.4: BDD steps - transaction mode\n- django-litefs-8oi.5: BDD steps - replicas';

test('the subject and the body are told apart and joined back line for line', () => {
  const parts = splitMessage(PROPOSED);
  assert.equal(parts.subject, 'feat(django-litefs-8oi): complete 3 tasks');
  assert.equal(parts.body, '- django-litefs-8oi.4: BDD steps - transaction mode\n- django-litefs-8oi.5: BDD steps - replicas');
  assert.equal(joinMessage(parts.subject, parts.body), PROPOSED);
  assert.deepEqual(splitMessage('one line'), { subject: 'one line', body: '' });
  assert.equal(joinMessage('one line', '  '), 'one line');
});

test('storedMessage is what git log --format=%B gives back for git commit -m', () => {
  const dir = mkdtempSync(join(tmpdir(), 'msg-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.name', 'T');
    git('config', 'user.email', 't@example.invalid');
    git('config', 'commit.gpgsign', 'false');
    for (const message of [PROPOSED, '\n\nsubject  \n\n\n\nbody line \t\n- item\n\n', 'subject\r\n\r\nbody\r\n']) {
      git('commit', '-q', '--allow-empty', '-m', message);
      assert.equal(git('log', '-1', '--format=%B').replace(/\n+$/, ''), storedMessage(message), JSON.stringify(message));
    }
    assert.equal(storedMessage(PROPOSED), PROPOSED);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
