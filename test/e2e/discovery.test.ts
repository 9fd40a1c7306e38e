// Discovery on a large workspace: 50,000 files, the plans under .beads/ and
// one more deep in the tree that only the wide glob finds. The `.beads/`
// globs run first, so the first tree does not wait for the wide one. Times
// are reported as diagnostics (see the README's performance table), not asserted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openView, withEditor } from './harness';
import { fixtureText, planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';

const FILES = 50_000;
const FIRST_UI_MS = 60_000;

/** `count` small files in folders of 100, like a source tree. */
function fill(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const folder = join(dir, 'src', `pkg${Math.floor(i / 1000)}`, `mod${Math.floor(i / 100) % 10}`);
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file${i}.${i % 7 === 0 ? 'md' : 'ts'}`), `// ${i}\n`);
  }
}

/** The extension's own log lines about discovery, from the editor's log folder. */
function discoveryLog(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  const lines: string[] = [];
  for (const session of existsSync(logs) ? readdirSync(logs) : []) {
    const file = join(logs, session, 'exthost1', 'beads-workplan.beads-workplan', 'Beads Work Plan.log');
    if (existsSync(file)) lines.push(...readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('Plans: ')));
  }
  return lines;
}

test('discovery: 50,000 files; the .beads plans show before the wide glob has finished', async (t) => {
  const deep = fixtureText('real/PLAN-v5.md');
  const ws = planWorkspace({ 'seed-split-brain.md': 'seed-split-brain.md' }, { 'docs/archive/2025/release-plan.md': deep });
  const started = Date.now();
  fill(ws.dir, FILES);
  t.diagnostic(`generated ${FILES} files in ${Date.now() - started} ms`);
  await withEditor(t, { vsix: vsixPath(), workspace: ws.dir }, async (editor) => {
    const shown = Date.now();
    await openView(editor.page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(editor.page, 'f8s', () => true, FIRST_UI_MS, 'listed (.beads/)');
    const first = Date.now() - shown;
    await waitForRow(editor.page, 'work-003', () => true, FIRST_UI_MS, 'listed (found by the wide glob)');
    const all = Date.now() - shown;
    const log = discoveryLog(editor.userDataDir);
    t.diagnostic(`from the workbench shown: .beads plan in the tree after ${first} ms, the deep plan after ${all} ms`);
    for (const line of log) t.diagnostic(`extension log: ${line.replace(/^.*\] /, '')}`);
    assert.ok(log.some((l) => l.includes('.beads/**/*.md')) && log.some((l) => l.includes('**/*{plan,Plan,PLAN}*.md')), `both globs ran: ${log.join(' | ')}`);
    const beads = log.findIndex((l) => l.includes('.beads/**/*.md'));
    const wide = log.findIndex((l) => l.includes('**/*{plan,Plan,PLAN}*.md'));
    assert.ok(beads < wide, 'the .beads/ glob runs before the wide one');
  });
});
