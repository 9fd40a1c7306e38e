// The real Claude Code CLI (test/e2e/claudeCli.ts says where it comes from):
//   1. its --help lists every flag the default worker command uses;
//   2. the fence holds in its own permission engine: with the default
//      command and settings, and a stand-in model (fakeModel.ts) that tries
//      to commit, push and reset, the worker edits a file and every git
//      write is denied, the repository untouched;
//   3. in the real editor, Run Worker with the default command and no login
//      ends the task failed with the CLI's own message, in the output and
//      the notification, and changes no other file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClaudeOptions } from '../../src/process/claude';
import { expandCommand } from '../../src/process/command';
import { runProcess } from '../../src/process/run';
import { StreamJsonReader, type ResultEvent, type StreamEvent } from '../../src/process/streamJson';
import { resultVerdict } from '../../src/process/transcript';
import { DEFAULT_CLAUDE_OPTIONS, DEFAULT_WORKER_COMMAND, settingEnum } from '../manifest';
import { claudeCli } from './claudeCli';
import { startFakeModel } from './fakeModel';
import { gitInit, openView, runCommand, waitFor, withEditor } from './harness';
import { planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';
import { git, pickItem, read, waitForNotification, writeWorkspaceSettings } from './ui';

const cli = claudeCli();
const cannotRun = 'cannotRun' in cli ? `the Claude Code CLI at ${cli.path} cannot run here: ${cli.cannotRun}` : undefined;


/** The default worker's command line for a task, with `program` as its program. */
function defaultCommand(program: string, vars: Record<string, string>): string[] {
  return withClaudeOptions(expandCommand([program, ...DEFAULT_WORKER_COMMAND.slice(1)], vars), DEFAULT_CLAUDE_OPTIONS);
}

/** A fresh HOME: no login, and the CLI's own files kept out of the machine's. */
function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'claude-home-'));
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  return home;
}

test('the real CLI: --help lists every flag the default worker command uses', { skip: cannotRun }, (t) => {
  assert.ok('help' in cli);
  t.diagnostic(`Claude Code ${cli.version} at ${cli.path}`);
  const command = defaultCommand('claude', {});
  const flags = [...new Set([...command, '--model', '--resume', '--settings'].filter((a) => a.startsWith('-')))];
  t.diagnostic(`flags: ${flags.join(' ')}`);
  const missing = flags.filter((f) => !new RegExp(`(^|[\\s,])${f.replace(/[-]/g, '\\-')}([\\s,=]|$)`, 'm').test(cli.help));
  assert.deepEqual(missing, [], `not in claude --help: ${missing.join(' ')}`);
  // The permission modes the setting offers are the CLI's.
  const choices = /--permission-mode <mode>[\s\S]*?\(choices: ([^)]*)\)/.exec(cli.help)?.[1] ?? '';
  const modes = settingEnum('worker.permissionMode');
  assert.ok(modes.length > 0);
  for (const mode of modes) assert.ok(choices.includes(`"${mode}"`), `${mode} in ${choices}`);
});

test('the real CLI: the default worker may edit, and every commit, push or reset it tries is denied', { skip: cannotRun }, async (t) => {
  assert.ok('help' in cli);
  const repo = mkdtempSync(join(tmpdir(), 'claude-fence-'));
  const remote = mkdtempSync(join(tmpdir(), 'claude-fence-remote-'));
  t.after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(remote, { recursive: true, force: true });
  });
  writeFileSync(join(repo, 'app.py'), 'print("v1")\n');
  gitInit(repo);
  git(remote, 'init', '-q', '--bare');
  git(repo, 'remote', 'add', 'origin', remote);
  writeFileSync(join(repo, 'app.py'), 'print("v2")\n');
  const head = git(repo, 'rev-parse', 'HEAD');
  const attempts = [
    'git add -A && git commit -m "worker commit"',
    'git commit -am "worker commit"',
    'git -C . commit -am "worker commit"',
    'git commit --amend -m rewritten',
    'sh -c "git commit -am worker"',
    'git push origin HEAD',
    'git reset --hard HEAD',
  ];
  const edited = join(repo, 'tests', 'test_fence.py');
  const model = await startFakeModel([
    { name: 'Write', input: { file_path: edited, content: 'def test_fence():\n    assert True\n' } },
    ...attempts.map((command) => ({ name: 'Bash', input: { command, description: 'try to commit' } })),
    { name: 'Bash', input: { command: 'git status --short', description: 'look' } },
  ]);
  t.after(() => model.close());
  const events: StreamEvent[] = [];
  const reader = new StreamJsonReader();
  const command = defaultCommand(cli.path, { taskId: 'fence-1', taskTitle: 'Fence', planPath: join(repo, 'plan.md'), files: 'tests/test_fence.py' });
  const result = await runProcess({
    command,
    cwd: repo,
    env: { HOME: freshHome(), ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'dummy-key-for-a-local-stand-in', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' },
    timeoutMs: 120_000,
    onOutput: (chunk, stream) => {
      if (stream === 'stdout') events.push(...reader.push(chunk).filter((i): i is StreamEvent => i.kind !== 'raw'));
    },
  });
  events.push(...reader.end().filter((i): i is StreamEvent => i.kind !== 'raw'));
  t.diagnostic(`exit: ${result.message}; ${events.length} events`);
  const outcome = events.find((e): e is ResultEvent => e.kind === 'result');
  assert.ok(outcome, `a result event: ${result.output.slice(-2000)}`);
  const denied = outcome.permissionDenials.map((d) => String(d.input.command ?? d.toolName));
  t.diagnostic(`denied: ${JSON.stringify(denied)}`);
  assert.deepEqual(denied, attempts, 'every git write was denied');
  assert.equal(readFileSync(edited, 'utf8'), 'def test_fence():\n    assert True\n', 'the edit was allowed');
  const status = events.filter((e) => e.kind === 'toolResult').at(-1);
  assert.ok(status?.kind === 'toolResult' && !status.isError && status.text.includes('?? tests/'), `git status ran: ${JSON.stringify(status)}`);
  assert.equal(git(repo, 'rev-parse', 'HEAD'), head, 'no commit, no reset');
  assert.equal(git(repo, 'rev-list', '--count', '--all'), '1');
  assert.equal(git(remote, 'rev-list', '--count', '--all'), '0', 'nothing pushed');
  assert.equal(read(join(repo, 'app.py')), 'print("v2")\n', 'the working tree kept its change');
  assert.match(resultVerdict(outcome) ?? '', /^permission denied: Bash\(git add -A && git commit/);
});

test('the real CLI in the editor: Run Worker with no login ends the task failed with the CLI\'s message, nothing else changed', { skip: cannotRun }, async (t) => {
  assert.ok('help' in cli);
  const SEED = 'seed-split-brain.md';
  const TASK = 'django-litefs-f8s';
  const ws = planWorkspace({ [SEED]: SEED });
  const path = ws.plans[SEED]!;
  const home = freshHome();
  writeWorkspaceSettings(ws.dir, {
    'beadsPlan.worker.command': [cli.path, ...DEFAULT_WORKER_COMMAND.slice(1)],
    // No login: a HOME of its own and no key.
    'beadsPlan.worker.env': { HOME: home, ANTHROPIC_API_KEY: '', CLAUDE_CODE_OAUTH_TOKEN: '', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' },
  });
  gitInit(ws.dir);
  await withEditor(t, { vsix: vsixPath(), workspace: ws.dir, settings: { 'files.autoSave': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, 30_000);
    await waitForRow(page, 'f8s', () => true, 30_000, 'the plan listed (named by its task, as its row reads)');
    await runCommand(page, 'Beads Plan: Run Worker');
    await pickItem(page, 'Run Worker: which task?', TASK); // a worker never starts unasked, even for the only task
    const notice = await waitForNotification(page, `Worker for ${TASK} failed`, 60_000);
    t.diagnostic(`notification: "${notice}"`);
    assert.match(notice, /failed: Not logged in · Please run \/login/);
    await waitFor(() => read(path), 10_000, 'the task failed on disk', (s) => s.includes(`| ${TASK} | BDD step defs - split-brain protection | django-litefs-8oi | ❌ failed |`));
    const logLine = read(path)
      .split('\n')
      .find((l) => l.includes(`Worker for ${TASK} failed`))!;
    t.diagnostic(`log: ${logLine}`);
    assert.match(logLine, /failed: Not logged in · Please run \/login \([^)]+\) · 1 turn · \$0\.00 · session [0-9a-f-]{36}$/);
    // The CLI's own output, kept raw in the extension's storage.
    const raw = readdirSync(editor.userDataDir, { recursive: true })
      .map(String)
      .filter((f) => f.includes('worker-logs') && f.endsWith('.jsonl'));
    assert.equal(raw.length, 1);
    assert.match(readFileSync(join(editor.userDataDir, raw[0]!), 'utf8'), /"result":"Not logged in · Please run \/login"/);
    assert.equal(git(ws.dir, 'status', '--porcelain=v1', '-uall'), ` M .beads/plans/${SEED}`, 'only the plan changed');
    assert.ok(existsSync(join(home, '.claude.json')) || existsSync(join(home, '.claude')), 'the CLI kept its own files in its HOME');
  });
});
