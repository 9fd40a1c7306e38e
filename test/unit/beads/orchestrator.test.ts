// Start Plan…'s command: placeholders filled inside each argument, an id
// that could read as an option refused, no program no command.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orchestratorCommand } from '../../../src/beads/orchestrator';

describe('orchestratorCommand', () => {
  it('fills ${issueId} and ${workspaceFolder} inside arguments, never splitting them', () => {
    assert.deepEqual(orchestratorCommand(['claude', '/beads-work ${issueId}', '--add-dir', '${workspaceFolder}', '${other}'], 'demo-a1.2', '/w s'), {
      ok: true,
      command: ['claude', '/beads-work demo-a1.2', '--add-dir', '/w s', '${other}'],
    });
  });

  it('refuses an id that is no beads id (an option, shell text) and a template without a program', () => {
    assert.equal(orchestratorCommand(['claude', '${issueId}'], '--dangerously-skip-permissions', '/w').ok, false);
    assert.equal(orchestratorCommand(['claude', '${issueId}'], 'x; rm -rf ~', '/w').ok, false);
    assert.deepEqual(orchestratorCommand([], 'demo-1', '/w').ok, false);
    assert.deepEqual(orchestratorCommand(['  ', 'x'], 'demo-1', '/w').ok, false);
  });
});
