import { startEditor, openView, treeRows, expandTreeRow, statusBarText, runCommand } from './harness';
import { planWorkspace, fixtureText, replaceOnce, rewritePlan, vsixPath } from './plans';
const ws = planWorkspace({ 'seed-split-brain.md': 'seed-split-brain.md' });
const ed = await startEditor({ vsix: vsixPath(), workspace: ws.dir });
const { page } = ed;
const show = async (tag: string) => {
  const rows = await treeRows(page, 'Beads Work Plans');
  console.log(tag, JSON.stringify(rows.filter(r => /^(django|Tasks|10\.)/.test(r.label)).map(r => [r.label, r.description, r.icon])), JSON.stringify((await statusBarText(page)).filter(t => /\//.test(t))));
};
try {
  await openView(page, 'Beads Work Plans', 30000);
  await page.waitForTimeout(4000);
  await expandTreeRow(page, 'django-litefs-f8s', 'Beads Work Plans');
  await show('initial');
  const base = fixtureText('seed-split-brain.md');
  let t = replaceOnce(base, '| django-litefs-8oi | ready |', '| django-litefs-8oi | ✅ done |');
  t = replaceOnce(t, '| 10 | User-Approved Commit | orchestrator | ⏳ pending |', '| 10 | User-Approved Commit | orchestrator | ✅ done |');
  rewritePlan(ws.plans['seed-split-brain.md']!, t);
  for (let i = 0; i < 4; i++) { await page.waitForTimeout(500); await show(`+${(i+1)*500}`); }
  await expandTreeRow(page, 'django-litefs-f8s', 'Beads Work Plans');
  await page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'django-litefs-f8s' }).first().locator('.monaco-tl-twistie').click();
  await page.waitForTimeout(500); await show('collapsed');
  await expandTreeRow(page, 'django-litefs-f8s', 'Beads Work Plans');
  await page.waitForTimeout(500); await show('re-expanded');
  await runCommand(page, 'Beads Plan: Refresh Plans');
  await page.waitForTimeout(1500); await show('after refresh');
  await ed.screenshot('explore');
} finally { await ed.close(); }
