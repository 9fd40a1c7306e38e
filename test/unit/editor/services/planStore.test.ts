// The plan store's load and settle path, on real files with no editor: a
// plan is found, a read that looks mid-write keeps the last good model until
// the file settles, a damaged plan stays listed, and a vanished one goes.
import { fake, Uri } from '../vscode';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlanStore } from '../../../../src/editor/services/planStore';
import { STILL_MS } from '../../../../src/plan/read/settle';
import { FIXTURES } from '../../fixtures';

const SEED = readFileSync(join(FIXTURES, 'seed-split-brain.md'), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'beads-store-'));
after(() => rmSync(root, { recursive: true, force: true }));

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Polls `read` until `done` holds of it: a condition, never a fixed sleep. */
async function until<T>(read: () => T, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PlanStore: load and settle', () => {
  let store: PlanStore;
  let file: string;
  let uri: Uri;
  let n = 0;

  beforeEach(async () => {
    const folder = join(root, String(++n));
    mkdirSync(join(folder, '.beads', 'plans'), { recursive: true });
    file = join(folder, '.beads', 'plans', 'plan-seed.md');
    writeFileSync(file, SEED);
    fake.reset();
    fake.folders = [{ uri: Uri.file(folder), name: 'ws', index: 0 }];
    uri = Uri.file(file);
    store = new PlanStore(silent as never);
    await store.discover();
  });
  afterEach(() => store.dispose());

  it('finds the plan under .beads/ and parses it once', () => {
    const entry = store.get(uri as never);
    assert.ok(entry, 'the seed is listed');
    assert.equal(entry.text, SEED);
    assert.ok(entry.plan.isPlan);
    assert.deepEqual(store.list().map((e) => e.uri.toString()), [uri.toString()]);
  });

  it('follows a whole rewrite at once', async () => {
    writeFileSync(file, SEED.replace('BDD step defs', 'Rewritten step defs'));
    const entry = await until(() => store.get(uri as never), (e) => e?.text.includes('Rewritten step defs') === true, 'the rewrite');
    assert.deepEqual(
      entry!.plan.tasks.map((t) => t.title),
      ['Rewritten step defs - split-brain protection'],
    );
  });

  it('keeps the last good model while a read looks mid-write, and believes it only once the file stays the same', async () => {
    const started = Date.now();
    writeFileSync(file, '');
    // The empty file is a suspect: the seed stays until the file has stayed empty for STILL_MS.
    const settled = await until(() => store.get(uri as never), (e) => e?.text === '', 'the empty file to be believed');
    const waited = Date.now() - started;
    assert.ok(waited >= STILL_MS, `believed after ${waited} ms, not before it stayed the same for ${STILL_MS} ms`);
    assert.equal(settled!.plan.isPlan, false, 'a plan that lost its heading stays listed, as not readable as a plan');
  });

  it('keeps the model when the file is cut and then written whole again', async () => {
    const seen: string[] = [];
    const watch = store.onDidChange(() => seen.push(store.get(uri as never)?.text ?? '(gone)'));
    writeFileSync(file, SEED.slice(0, 200));
    const whole = SEED.replace('BDD step defs', 'step defs, again');
    writeFileSync(file, whole);
    await until(() => store.get(uri as never)?.text, (t) => t === whole, 'the whole text');
    watch.dispose();
    assert.ok(!seen.includes(SEED.slice(0, 200)), 'the cut text was never shown');
  });

  it('forgets a plan whose file is gone for good', async () => {
    unlinkSync(file);
    await until(() => store.get(uri as never), (e) => e === undefined, 'the plan to be forgotten');
    assert.deepEqual(store.list(), []);
  });
});
