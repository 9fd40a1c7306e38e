// The beads client against the stand-in `bd` (test/fixtures/bd/bd, shaped as
// beads v1.0.5 prints; the real bd cannot be installed here), put on PATH:
// one batched call per plan, custom and deferred statuses, a missing id, a
// slow bd, no bd at all, an old bd, and close's arguments.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BdClient, isIssueId, stripControl } from '../../../src/beads/client';
import { BUILT_IN_STATUSES } from '../../../src/beads/shapes';

const STANDIN_DIR = join(__dirname, '..', '..', 'fixtures', 'bd');
const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface Db {
  version?: string;
  delayMs?: number;
  noStatuses?: boolean;
  broken?: boolean;
  custom_statuses?: { name: string; category: string }[];
  issues: { id: string; title: string; status?: string; priority?: number; issue_type?: string; deps?: { id: string; type: string }[] }[];
}

const ISSUES: Db['issues'] = [
  { id: 'demo-1', title: 'First', status: 'open', priority: 1, deps: [{ id: 'demo-e', type: 'parent-child' }] },
  { id: 'demo-2', title: 'Second', status: 'in_review', priority: 2, deps: [{ id: 'demo-1', type: 'blocks' }] },
  { id: 'demo-3', title: 'Third', status: 'deferred', priority: 3 },
  { id: 'demo-4', title: 'Fourth', status: 'open', priority: 0 },
  { id: 'demo-e', title: 'Epic', status: 'open', issue_type: 'epic' },
];

const STANDIN_TIMEOUT_MS = 120_000;

/**
 * A workspace folder with the stand-in's database, and a client whose PATH
 * finds the stand-in as `bd`. The stand-in is a Node script, which a busy
 * machine takes seconds to start: bd's own 5 s bound is for the real binary,
 * so only the timeout test sets one.
 */
function workspace(db: Partial<Db> = {}, timeoutMs?: number): { client: BdClient; calls: () => string[][]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bd-client-'));
  roots.push(dir);
  mkdirSync(join(dir, '.beads'));
  writeFileSync(join(dir, '.beads', 'standin.json'), JSON.stringify({ custom_statuses: [{ name: 'in_review', category: 'active' }], issues: ISSUES, ...db }));
  const env = { ...process.env, PATH: `${STANDIN_DIR}${delimiter}${process.env.PATH ?? ''}` };
  const log = join(dir, '.beads', 'standin-calls.jsonl');
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []);
  return { client: new BdClient({ command: 'bd', cwd: dir, env, timeoutMs: timeoutMs ?? STANDIN_TIMEOUT_MS }), calls, dir };
}

describe('BdClient', { skip: process.platform === 'win32' && 'the stand-in is a script with a shebang' }, () => {
  it('asks for every id of a plan in one bd show call, and reads custom and deferred statuses as written', async () => {
    const { client, calls } = workspace();
    const shown = await client.show(['demo-1', 'demo-2', 'demo-3', 'demo-1']);
    assert.ok(shown.ok);
    assert.deepEqual(
      shown.value.map((i) => [i.id, i.status, i.priority, i.parent]),
      [
        ['demo-1', 'open', 1, 'demo-e'],
        ['demo-2', 'in_review', 2, undefined],
        ['demo-3', 'deferred', 3, undefined],
      ],
    );
    assert.deepEqual(shown.value[1]!.dependencies, [{ id: 'demo-1', title: 'First', status: 'open', type: 'blocks' }]);
    assert.deepEqual(calls(), [['show', '--json', '--', 'demo-1', 'demo-2', 'demo-3']]);
  });

  it('leaves out an id bd does not know (bd names it on stderr) and reads none known as an empty answer', async () => {
    const { client } = workspace();
    const some = await client.show(['demo-1', 'demo-404']);
    assert.ok(some.ok);
    assert.deepEqual(some.value.map((i) => i.id), ['demo-1']);
    assert.match(some.stderr ?? '', /Issue demo-404 not found/);
    const none = await client.show(['demo-404']);
    assert.deepEqual(none.ok && none.value, []);
  });

  it('never passes an id that is not id-shaped, and puts the ids after --', async () => {
    const { client, calls } = workspace();
    const shown = await client.show(['--db=/etc/passwd', 'a b', '$(touch x)', 'demo-4']);
    assert.deepEqual(shown.ok && shown.value.map((i) => i.id), ['demo-4']);
    assert.deepEqual(calls(), [['show', '--json', '--', 'demo-4']]);
    assert.equal(isIssueId('-rf'), false);
    assert.equal(isIssueId('django-litefs-8oi.4'), true);
  });

  it('lists every ready issue with --limit 0, blocked and deferred ones left out by bd', async () => {
    const { client, calls } = workspace();
    const ready = await client.ready();
    assert.deepEqual(ready.ok && ready.value.map((i) => [i.id, i.priority]), [
      ['demo-4', 0],
      ['demo-1', 1],
    ]);
    assert.deepEqual(calls(), [['ready', '--json', '--limit', '0']]);
  });

  it('reads the capabilities: version, statuses with the custom ones, dolt push', async () => {
    const { client, calls } = workspace();
    const caps = await client.capabilities();
    assert.ok(caps.ok);
    assert.equal(caps.value.version, '1.0.5');
    assert.equal(caps.value.doltPush, true);
    assert.deepEqual(caps.value.statuses.find((s) => s.name === 'in_review'), { name: 'in_review', category: 'active' });
    assert.deepEqual(caps.value.statuses.find((s) => s.name === 'deferred'), { name: 'deferred', category: 'frozen' });
    assert.deepEqual(calls(), [['version', '--json'], ['--help'], ['statuses', '--json']]);
  });

  it("falls back to bd's built-in statuses when its help lists no statuses command", async () => {
    const { client, calls } = workspace({ noStatuses: true });
    const caps = await client.capabilities();
    assert.deepEqual(caps.ok && caps.value.statuses, BUILT_IN_STATUSES);
    assert.equal(calls().some((c) => c[0] === 'statuses'), false);
  });

  it('calls a bd before 1.0 old, naming where it was found', async () => {
    const { client } = workspace({ version: '0.49.1' });
    const caps = await client.capabilities();
    assert.equal(!caps.ok && caps.problem.kind, 'old');
    assert.match(!caps.ok ? caps.problem.message : '', /bd 0\.49\.1 is too old: beads 1\.0 or later is needed \(looked for bd on PATH\)$/);
  });

  it('says where it looked when there is no bd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bd-none-'));
    roots.push(dir);
    const onPath = await new BdClient({ command: 'bd', cwd: dir, env: { PATH: dir } }).capabilities();
    assert.deepEqual(!onPath.ok && onPath.problem, { kind: 'missing', message: 'bd was not found: looked for bd on PATH', detail: `PATH: ${dir}` });
    const atPath = await new BdClient({ command: join(dir, 'nope', 'bd'), cwd: dir }).show(['demo-1']);
    assert.deepEqual(!atPath.ok && atPath.problem, { kind: 'missing', message: `bd was not found: looked for ${join(dir, 'nope', 'bd')}` });
  });

  it("reports a broken bd with its exit code and stderr's first line", async () => {
    const { client } = workspace({ broken: true });
    const caps = await client.capabilities();
    assert.deepEqual(!caps.ok && caps.problem, {
      kind: 'failed',
      message: 'bd statuses --json exited with code 2: panic: runtime error: invalid memory address or nil pointer dereference (bd: bd on PATH)',
      detail: `PATH: ${STANDIN_DIR}${delimiter}${process.env.PATH ?? ''}`,
    });
    const shown = await client.show(['demo-1']);
    assert.equal(!shown.ok && shown.problem.kind, 'failed');
  });

  it('gives up on a slow bd at its timeout', async () => {
    const { client } = workspace({ delayMs: 5_000 }, 300);
    const started = Date.now();
    const shown = await client.show(['demo-1']);
    assert.equal(!shown.ok && shown.problem.kind, 'timeout');
    assert.match(!shown.ok ? shown.problem.message : '', /bd show --json -- demo-1 did not answer within 0\.3 s/);
    assert.ok(Date.now() - started < 4_000, 'the call ended long before bd would have answered');
  });

  it('closes one issue with its reason as one argument, and reports a close bd refused', async () => {
    const { client, calls } = workspace();
    const reason = 'Committed abc1234: --force "quoted" $(x)';
    const closed = await client.close('demo-1', reason);
    assert.deepEqual(closed, { ok: true, value: 'demo-1', stderr: '' });
    assert.deepEqual(calls(), [['close', '--json', `--reason=${reason}`, '--', 'demo-1']]);
    const again = await client.close('demo-1', reason);
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.problem.message : '', /exited with code 1: cannot close demo-1: already closed/);
    const after = await client.show(['demo-1']);
    assert.equal(after.ok && after.value[0]!.status, 'closed');
  });

  it('shows the human text of one issue without control sequences', async () => {
    const { client } = workspace();
    const text = await client.showText('demo-2');
    assert.ok(text.ok);
    assert.match(text.value, /^demo-2 · Second/);
    assert.equal(stripControl('\x1b[1mbold\x1b[0m \x1b]0;title\x07ok\r\n'), 'bold ok\n');
  });
});
