// A notification about a task's worker offers Show Output: the worker's
// output says what happened. The editor code cannot run here, so its source
// is read: every message of the worker commands goes through `aboutWorker`
// (which adds Show Output), except those that are about no worker's run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const source = (path: string) => readFileSync(join(root, path), 'utf8');

/** The start of each `vscode.window.show…Message(` call's first argument. */
function directMessages(text: string): string[] {
  return [...text.matchAll(/vscode\.window\.show(?:Information|Warning|Error)Message\(\s*([^,)]{0,60})/g)].map((m) => m[1]!.trim());
}

describe('worker notifications', () => {
  it('every message about a worker run in the worker commands offers Show Output', () => {
    const text = source('src/editor/commands/workers.ts');
    // About no worker's run: Restricted Mode, a task or worker that is not there, a prompt, Run All's notes on several workers, the sandbox notice.
    const noRun = [/^message$/, /^UNTRUSTED$/, /^`Run Worker with Prompt:/, /^'The prompt is empty/, /^`Task \$\{target\.taskId\} is no longer/, /^`No task of \$\{name\} is ready/, /^`\$\{name\}: \$\{serialized\}/, /^'No worker is running/, /^`All ready workers finished/, /^`Workers: /];
    assert.deepEqual(
      directMessages(text).filter((m) => !noRun.some((r) => r.test(m))),
      [],
      'these messages name a worker run but are shown without Show Output',
    );
    const through = text.match(/aboutWorker\(\s*vscode\.window\.show\w+Message/g) ?? [];
    assert.ok(through.length >= 7, `the outcome (done, failed), the refusal, the stall, already running, no session, no raw log go through aboutWorker (${through.length})`);
  });

  it('the call for a stalled worker or a failed task offers its output', () => {
    const text = source('src/editor/views/attention.ts');
    assert.match(text, /showWarningMessage\(message, \.\.\.\(worker !== undefined \? \[SHOW_OUTPUT\] : \[\]\)/);
    assert.match(text, /choice === SHOW_OUTPUT && worker !== undefined\) this\.workers\.showOutput\(worker\)/);
  });
});
