import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isClaudeCode, promptIndex, resumeCommand, withClaudeOptions } from '../../../src/process/claude';
import { DEFAULT_CLAUDE_OPTIONS, DEFAULT_WORKER_COMMAND } from '../../manifest';


describe('isClaudeCode', () => {
  it('knows Claude Code by its program name or path', () => {
    assert.ok(isClaudeCode(['claude', '-p', 'x']));
    assert.ok(isClaudeCode(['/usr/local/bin/claude']));
    assert.ok(isClaudeCode(['C:\\Tools\\claude.exe']));
    assert.ok(!isClaudeCode(['node', 'claude']));
    assert.ok(!isClaudeCode(['claude-wrapper']));
    assert.ok(!isClaudeCode([]));
  });
});

describe('withClaudeOptions', () => {
  it('fences the default worker: it may edit, and every commit, push or history rewrite is denied', () => {
    const args = withClaudeOptions(DEFAULT_WORKER_COMMAND, DEFAULT_CLAUDE_OPTIONS);
    assert.deepEqual(args.slice(0, 6), [...DEFAULT_WORKER_COMMAND]);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    assert.equal(flag('--permission-mode'), 'acceptEdits');
    assert.equal(flag('--output-format'), 'stream-json');
    assert.ok(args.includes('--verbose'));
    const denied = args.slice(args.indexOf('--disallowedTools') + 1);
    for (const rule of ['Bash(git commit:*)', 'Bash(git push:*)', 'Bash(git reset:*)', 'Bash(git rebase:*)', 'Bash(git -C:*)']) assert.ok(denied.includes(rule), rule);
    // Nothing that would lift the fence; no allow rule wider than one read-only command.
    for (const a of args) assert.ok(!/dangerously|bypassPermissions/.test(a), a);
    const allowed = args.slice(args.indexOf('--allowedTools') + 1, args.indexOf('--disallowedTools'));
    // The beads-plan MCP server's reading and logging tools: the plan's own writer, which never commits.
    assert.ok(allowed.length > 0 && allowed.every((r) => /^(?:Bash\((git (status|diff|log|show)|bd show):\*\)|mcp__beads-plan__plan_(?:show|log))$/.test(r)), allowed.join(' '));
  });
  it('gives the worker the beads-plan MCP server before the tool lists, unless the template gives its own', () => {
    const opts = { ...DEFAULT_CLAUDE_OPTIONS, extraArgs: [], allowedTools: ['mcp__beads-plan__plan_log'], disallowedTools: [], mcpConfig: '{"mcpServers":{}}' };
    assert.deepEqual(withClaudeOptions(['claude', '-p', 'P'], opts), [
      'claude', '-p', 'P', '--permission-mode', 'acceptEdits', '--mcp-config', '{"mcpServers":{}}', '--allowedTools', 'mcp__beads-plan__plan_log',
    ]);
    assert.deepEqual(withClaudeOptions(['claude', '-p', 'P', '--mcp-config', 'own.json'], { ...opts, allowedTools: [] }), [
      'claude', '-p', 'P', '--mcp-config', 'own.json', '--permission-mode', 'acceptEdits',
    ]);
    assert.deepEqual(withClaudeOptions(['aider', 'P'], opts), ['aider', 'P']);
  });
  it('adds the model and extra arguments, lets the template keep its own model and mode, and keeps tool lists last', () => {
    const opts = { ...DEFAULT_CLAUDE_OPTIONS, model: 'opus', extraArgs: ['--max-turns', '40'], allowedTools: ['Bash(pytest:*)'], disallowedTools: ['Bash(git push:*)'] };
    assert.deepEqual(withClaudeOptions(['claude', '-p', 'P'], opts), [
      'claude', '-p', 'P', '--model', 'opus', '--permission-mode', 'acceptEdits', '--max-turns', '40', '--allowedTools', 'Bash(pytest:*)', '--disallowedTools', 'Bash(git push:*)',
    ]);
    assert.deepEqual(withClaudeOptions(['claude', '--model=haiku', '--permission-mode', 'plan', '-p', 'P'], { ...opts, extraArgs: [], allowedTools: [], disallowedTools: [] }), [
      'claude', '--model=haiku', '--permission-mode', 'plan', '-p', 'P',
    ]);
  });
  it('leaves any other command exactly as written', () => {
    const plain = ['node', 'worker.js', '--task', 'x'];
    assert.deepEqual(withClaudeOptions(plain, { ...DEFAULT_CLAUDE_OPTIONS, model: 'opus', extraArgs: ['--y'] }), plain);
  });
});

describe('promptIndex and resumeCommand', () => {
  it('finds the prompt after -p', () => {
    assert.equal(promptIndex(DEFAULT_WORKER_COMMAND), 2);
    assert.equal(promptIndex(['claude', '--print', 'P']), 2);
    assert.equal(promptIndex(['claude', '-p', '--verbose']), undefined);
    assert.equal(promptIndex(['worker', '--task', 'x']), undefined);
  });
  it('resumes a session with a new prompt and the template\'s other arguments', () => {
    assert.deepEqual(resumeCommand(DEFAULT_WORKER_COMMAND, '3f2a9c1e-5b7d-4e21-9a0c-000000000001', 'Continue.'), [
      'claude', '--resume', '3f2a9c1e-5b7d-4e21-9a0c-000000000001', '-p', 'Continue.', '--output-format', 'stream-json', '--verbose',
    ]);
  });
  it('refuses what is not a session id (an option in disguise) and a command that is not Claude Code', () => {
    assert.equal(resumeCommand(DEFAULT_WORKER_COMMAND, '--dangerously-skip-permissions', 'x'), undefined);
    assert.equal(resumeCommand(DEFAULT_WORKER_COMMAND, '', 'x'), undefined);
    assert.equal(resumeCommand(DEFAULT_WORKER_COMMAND, 'a b', 'x'), undefined);
    assert.equal(resumeCommand(['node', 'w.js'], 'abc', 'x'), undefined);
  });
});
