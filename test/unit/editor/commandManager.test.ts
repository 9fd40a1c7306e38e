// The command manager with no editor: a precondition declared in the table is
// checked once, with its one message, before the handler could run; an error a
// handler throws is logged with its stack and shown once, naming the command.
import { commands, fake, workspace } from './vscode';
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { registerCommands, type CommandTable } from '../../../src/editor/commandManager';

const manifest = { contributes: { commands: [{ command: 'beadsPlan.runWorker', title: 'Run Worker', category: 'Beads Plan' }, { command: 'beadsPlan.refresh', title: 'Refresh Plans', category: 'Beads Plan' }] } };
const context = { extension: { packageJSON: manifest } };

describe('registerCommands', () => {
  const ran: string[] = [];
  const logged: unknown[][] = [];
  const services = { log: { error: (...args: unknown[]) => logged.push(args), show() {} } };
  const table = {
    'beadsPlan.runWorker': { run: () => ran.push('runWorker'), trusted: 'starts a worker process' },
    'beadsPlan.refresh': () => {
      throw new Error('the disk is gone');
    },
  } as unknown as CommandTable;
  const disposables = registerCommands(context as never, table, services as never);

  beforeEach(() => {
    fake.reset();
    ran.length = 0;
    logged.length = 0;
  });

  it('runs a command that needs trust in a trusted workspace', async () => {
    workspace.isTrusted = true;
    await commands.executeCommand('beadsPlan.runWorker');
    assert.deepEqual(ran, ['runWorker']);
    assert.deepEqual(fake.messages, []);
  });

  it('refuses it in Restricted Mode with the one message, and runs nothing', async () => {
    workspace.isTrusted = false;
    await commands.executeCommand('beadsPlan.runWorker');
    workspace.isTrusted = true;
    assert.deepEqual(ran, []);
    assert.deepEqual(fake.messages, [
      { kind: 'warning', text: 'Beads Plan: Run Worker is disabled in Restricted Mode: it starts a worker process. Trust this workspace to use it.' },
    ]);
  });

  it('logs a failure with its stack and shows it once, naming the command', async () => {
    await commands.executeCommand('beadsPlan.refresh');
    assert.deepEqual(fake.messages, [{ kind: 'error', text: 'Beads Plan: Refresh Plans failed: the disk is gone' }]);
    assert.equal(logged.length, 1);
    assert.ok(logged[0]![1] instanceof Error, 'the error itself, with its stack, goes to the log');
  });

  it('unregisters with its disposables', async () => {
    for (const d of disposables) d.dispose();
    await commands.executeCommand('beadsPlan.runWorker');
    assert.deepEqual(ran, []);
  });
});
