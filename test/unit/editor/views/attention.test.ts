// The notification that calls the user when a plan comes to need them: what
// it says and offers, what each answer does, and beadsPlan.notifications
// (all, approvalOnly, off) deciding who is called; a call not made is logged.
import { EventEmitter, fake, Uri, window } from '../vscode';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AttentionNotifier } from '../../../../src/editor/views/attention';
import type { NeedsUser } from '../../../../src/editor/services/attention';
import type { Attention } from '../../../../src/plan/rules/attention';
import { parsePlan } from '../../../../src/plan/read/parse';
import { Commands } from '../../../../src/editor/commandIds';

const uri = Uri.file('/ws/.beads/plans/plan-1ddafa05.md');
const entry = { uri, folder: undefined, mtime: 0, plan: parsePlan('# Beads Work Plan\n'), text: '# Beads Work Plan\n' };

const AWAITING: Attention = { kind: 'awaitingApproval', summary: '3 tasks done, validation 3/3 valid', line: 40 };
const FAILED: Attention = { kind: 'taskFailed', summary: 'task a-1 failed', line: 12, taskIds: ['a-1'] };

/** Lets the answer to a message reach the notifier's handler: nothing here waits on a timer or I/O. */
function quiet(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('AttentionNotifier', () => {
  const enter = new EventEmitter<NeedsUser>();
  let notifier: AttentionNotifier;
  let logged: string[];
  let withOutput: Set<string>;
  let shownOutput: string[];
  let shown: Array<{ kind: 'info' | 'warning'; text: string; items: string[] }>;
  let answer: string | undefined;

  beforeEach(() => {
    fake.reset();
    logged = [];
    withOutput = new Set();
    shownOutput = [];
    shown = [];
    answer = undefined;
    const show = (kind: 'info' | 'warning') => (text: string, ...items: string[]) => {
      shown.push({ kind, text, items });
      return Promise.resolve(answer);
    };
    mock.method(window, 'showInformationMessage', show('info'));
    mock.method(window, 'showWarningMessage', show('warning'));
    notifier = new AttentionNotifier(
      { onDidEnter: enter.event } as never,
      { label: () => '1ddafa05' } as never,
      { info: (line: string) => logged.push(line) } as never,
      { hasOutput: (id: string) => withOutput.has(id), showOutput: (id: string) => shownOutput.push(id) } as never,
    );
  });
  afterEach(() => {
    notifier.dispose();
    mock.restoreAll();
  });

  it('calls the user to approve, with Review Changes, Commit… and Open Plan; Commit… runs the commit for that plan', async () => {
    answer = 'Commit…';
    enter.fire({ entry: entry as never, attention: AWAITING });
    assert.deepEqual(shown, [
      { kind: 'info', text: '1ddafa05 is waiting for your approval: 3 tasks done, validation 3/3 valid.', items: ['Review Changes', 'Commit…', 'Open Plan'] },
    ]);
    await quiet();
    assert.deepEqual(fake.commands, [{ id: Commands.Commit, args: [{ uri }] }]);
    assert.match(logged.join('\n'), /Calling the user: 1ddafa05 is waiting/);
  });

  it('warns of a failed task, offering its worker’s output when this window has it; Open Plan goes to the task’s line', async () => {
    withOutput.add('a-1');
    answer = 'Show Output';
    enter.fire({ entry: entry as never, attention: FAILED });
    assert.deepEqual(shown, [{ kind: 'warning', text: '1ddafa05 needs you: task a-1 failed.', items: ['Show Output', 'Open Plan'] }]);
    await quiet();
    assert.deepEqual(shownOutput, ['a-1']);

    withOutput.clear();
    answer = 'Open Plan';
    enter.fire({ entry: entry as never, attention: FAILED });
    assert.deepEqual(shown[1]!.items, ['Open Plan'], 'no Show Output with no output to show');
    await quiet();
    assert.deepEqual(fake.commands, [{ id: Commands.OpenPlan, args: [{ uri, line: 12 }] }]);
  });

  it('calls no one with beadsPlan.notifications off, and says so in the log', () => {
    fake.settings.set('beadsPlan.notifications', 'off');
    enter.fire({ entry: entry as never, attention: AWAITING });
    enter.fire({ entry: entry as never, attention: FAILED });
    assert.deepEqual(shown, []);
    assert.equal(logged.filter((l) => l.startsWith('Not calling the user (beadsPlan.notifications is off)')).length, 2);
  });

  it('calls the user only to approve with beadsPlan.notifications approvalOnly', () => {
    fake.settings.set('beadsPlan.notifications', 'approvalOnly');
    enter.fire({ entry: entry as never, attention: FAILED });
    enter.fire({ entry: entry as never, attention: AWAITING });
    assert.deepEqual(
      shown.map((s) => s.kind),
      ['info'],
    );
    assert.match(logged[0]!, /^Not calling the user \(beadsPlan.notifications is approvalOnly\): 1ddafa05 needs you/);
  });
});
