// Shared helpers for the real-editor tests: the packaged extension, workspaces
// made of copies of the real plans, and small tree helpers the harness lacks.
// The fixtures themselves are never modified: tests work on copies.

import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { isRow, refLabel, refLevel, repoRoot, tmpWorkspace, treeRowLocator, waitFor, treeRows, type RowRef, type TreeRow } from './harness';
import * as sel from './selectors';

export const fixturesDir = join(repoRoot, 'test', 'fixtures', 'plans');
/** Where plans are put in a test workspace (one of the default `beadsPlan.planGlobs`). */
export const PLANS_DIR = '.beads/plans';
export const VIEW_CONTAINER = 'Beads Work Plans';
export const VIEW_NAME = 'Beads Work Plans';

/**
 * The vsix `npm run package` writes: `<name>-<version>.vsix` in the repo root
 * (`beads-workplan-0.1.0.vsix`). `E2E_VSIX=<file>` tests another build instead.
 */
export function vsixPath(): string {
  const override = process.env.E2E_VSIX;
  if (override) {
    if (!existsSync(override)) throw new Error(`E2E_VSIX=${override} not found`);
    return override;
  }
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npm run package\` first`);
  return file;
}

/** A fixture's text: `seed-split-brain.md`, `real/plan-4af13a61.md`, … (relative to test/fixtures/plans). */
export function fixtureText(name: string): string {
  return readFileSync(join(fixturesDir, name), 'utf8');
}

/** A fixture name has no line break and names a file under test/fixtures/plans; anything else is plan text. */
function contentOf(value: string): string {
  if (value.includes('\n')) return value;
  if (!existsSync(join(fixturesDir, value))) throw new Error(`no fixture plan "${value}" under ${fixturesDir} (pass plan text with line breaks, or a fixture name)`);
  return fixtureText(value);
}

export interface PlanWorkspace {
  /** The workspace folder. */
  dir: string;
  /** Absolute path of each plan, by the name given to planWorkspace(). */
  plans: Record<string, string>;
}

/**
 * A fresh temp workspace with the given plans in `.beads/plans/`:
 * file name → fixture name (`real/PLAN-v5.md`) or plan text. `extra` adds
 * other files (path relative to the workspace → content). `folderName` opens
 * a folder of that name inside the temp dir (a nicer title in screenshots).
 *
 * Modification times follow the order of `files` (the last entry is the most
 * recently modified plan), for tests of the `sortPlansBy: recent` order.
 */
export function planWorkspace(files: Record<string, string>, extra: Record<string, string> = {}, options: { folderName?: string } = {}): PlanWorkspace {
  // With a folder name the workspace is that subfolder of the temp dir (the name shows in the title bar).
  const prefix = options.folderName ? `${options.folderName}/` : '';
  const layout: Record<string, string> = {};
  for (const [rel, content] of Object.entries(extra)) layout[`${prefix}${rel}`] = content;
  for (const [name, value] of Object.entries(files)) layout[`${prefix}${PLANS_DIR}/${name}`] = contentOf(value);
  const dir = options.folderName ? join(tmpWorkspace(layout), options.folderName) : tmpWorkspace(layout);
  const plans: Record<string, string> = {};
  const base = Date.now() / 1000 - 3600;
  Object.keys(files).forEach((name, i) => {
    const path = join(dir, PLANS_DIR, name);
    plans[name] = path;
    utimesSync(path, base + i * 60, base + i * 60);
  });
  return { dir, plans };
}

/** The 0-based line of the first line of `text` containing `needle`; throws when there is none. */
export function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`"${needle}" not found in the plan text`);
  return line;
}

/** `text` with exactly one occurrence of `from` replaced by `to` (throws when `from` is missing or ambiguous, so a test never edits the wrong row). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in the plan text`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Rewrites a plan in place, as an agent's file write does (truncate + write, no rename). */
export function rewritePlan(path: string, text: string): void {
  writeFileSync(path, text);
}

/** The tree row `ref`, or undefined when it is not rendered. */
export async function treeRow(page: Page, ref: RowRef, view = VIEW_NAME): Promise<TreeRow | undefined> {
  return (await treeRows(page, view)).find((r) => isRow(r, ref));
}

/** Waits until the row `ref` satisfies `accept`; returns it. Fails with the rows it last saw. */
export async function waitForRow(page: Page, ref: RowRef, accept: (row: TreeRow) => boolean, timeoutMs: number, describe: string): Promise<TreeRow> {
  const rows = await waitFor(
    () => treeRows(page, VIEW_NAME),
    timeoutMs,
    `row "${refLabel(ref)}" ${describe}`,
    (rs) => rs.some((r) => isRow(r, ref) && accept(r)),
  );
  const row = rows.find((r) => isRow(r, ref) && accept(r));
  if (!row) throw new Error('unreachable');
  return row;
}

/** Collapses the expanded tree row `ref` (via its twistie) and waits until it is collapsed. */
export async function collapseTreeRow(page: Page, ref: RowRef, timeoutMs = 10_000): Promise<void> {
  const row = treeRowLocator(page, ref);
  const label = refLabel(ref);
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator(sel.ROW_TWISTIE).click();
  await waitFor(() => row.getAttribute('aria-expanded'), timeoutMs, `tree row "${label}" collapsed`, (v) => v === 'false');
}

/** The children of the row `parent` in display order: the rows after it one level deeper, up to the next row at its level or above. */
export function childRows(rows: readonly TreeRow[], parent: RowRef): TreeRow[] {
  const at = rows.findIndex((r) => isRow(r, parent));
  if (at < 0) return [];
  const level = rows[at]!.level;
  const children: TreeRow[] = [];
  for (const r of rows.slice(at + 1)) {
    if (r.level <= level) break;
    if (r.level === level + 1) children.push(r);
  }
  return children;
}

// ---------------------------------------------------------------------------
// Watching a row from inside the page: every animation frame or DOM change is
// seen, where a poll from the test process would add its own interval.

/** The page-side lookup of a side-bar row by its label and depth, null for any (plain JS: it runs in the page). */
const FIND_ROW = `(label, level) => [...document.querySelectorAll(${JSON.stringify(sel.TREE_ROW)})]
  .find((el) => (el.querySelector(${JSON.stringify(sel.ROW_LABEL_NAME)})?.textContent ?? '').trim() === label &&
    (level === null || el.getAttribute('aria-level') === String(level)))`;

/** `FIND_ROW`'s arguments for `ref`, as page-side source. */
function findArgs(ref: RowRef): string {
  return `${JSON.stringify(refLabel(ref))}, ${JSON.stringify(refLevel(ref))}`;
}

/**
 * Waits until the row `ref` shows `want` (its icon's codicon name
 * and/or its description), checked on every animation frame in the page.
 */
export async function waitForRowState(page: Page, ref: RowRef, want: { icon?: string; description?: string }, timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    `(() => {
      const row = (${FIND_ROW})(${findArgs(ref)});
      if (!row) return false;
      const want = ${JSON.stringify(want)};
      const icon = row.querySelector(${JSON.stringify(sel.ROW_ICON)})?.className ?? '';
      const description = (row.querySelector(${JSON.stringify(sel.ROW_DESCRIPTION)})?.textContent ?? '').trim();
      return (want.icon === undefined || icon.split(/\\s+/).includes('codicon-' + want.icon)) &&
        (want.description === undefined || description === want.description);
    })()`,
    undefined,
    { polling: 'raf', timeout: timeoutMs },
  );
}

/** What a tree row shows at the side bar's width: its label and description as far as they are not cut off, and the side bar's width. */
export interface RowSight {
  readonly sidebar: number;
  readonly label: string;
  readonly description: string;
  readonly visible: string;
}

export async function rowSight(page: Page, ref: RowRef): Promise<RowSight | undefined> {
  // Each character's box against the label box's right edge: what the ellipsis hides is not seen.
  return page.evaluate(
    `(() => {
      const row = (${FIND_ROW})(${findArgs(ref)});
      if (!row) return undefined;
      const boxEl = row.querySelector(${JSON.stringify(sel.ROW_LABEL_BOX)});
      const box = boxEl.getBoundingClientRect();
      // Cut text ends in an ellipsis drawn over its last characters: those are not seen either.
      const cut = boxEl.scrollWidth > boxEl.clientWidth + 0.5;
      const probe = document.createElement('span');
      probe.textContent = '…';
      boxEl.appendChild(probe);
      const ellipsis = cut ? probe.getBoundingClientRect().width : 0;
      probe.remove();
      const limit = box.right - ellipsis + 0.5;
      const seen = (el) => {
        if (!el) return '';
        let out = '';
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const r = range.getBoundingClientRect();
            if (r.width === 0 || r.right <= limit) out += node.data[i];
            else return out;
          }
        return out;
      };
      const name = row.querySelector(${JSON.stringify(sel.ROW_LABEL_NAME)});
      const description = row.querySelector(${JSON.stringify(sel.ROW_DESCRIPTION)});
      const shownName = seen(name);
      return {
        sidebar: Math.round(document.querySelector(${JSON.stringify(sel.SIDEBAR)}).getBoundingClientRect().width),
        label: (name?.textContent ?? '').trim(),
        description: (description?.textContent ?? '').trim(),
        visible: (shownName.trim() + ' ' + (shownName === (name?.textContent ?? '') ? seen(description) : '').trim()).trim(),
      };
    })()`,
  ) as Promise<RowSight | undefined>;
}

export interface RowWatch {
  /** DOM states seen without the row / with the row collapsed, out of all seen. */
  readonly vanished: number;
  readonly collapsed: number;
  readonly checks: number;
}

/**
 * Starts watching the row `ref` on every change of the side bar's
 * DOM; the returned function stops and says how often the row was missing or
 * collapsed. A state that lasts one task is seen, unlike with polling.
 */
export async function watchRow(page: Page, ref: RowRef): Promise<() => Promise<RowWatch>> {
  const key = `__bwpWatch_${refLabel(ref).replace(/\W/g, '_')}`;
  await page.evaluate(`(() => {
    const find = () => (${FIND_ROW})(${findArgs(ref)});
    const counts = { vanished: 0, collapsed: 0, checks: 0 };
    const check = () => {
      counts.checks++;
      const row = find();
      if (!row) counts.vanished++;
      else if (row.getAttribute('aria-expanded') === 'false') counts.collapsed++;
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector(${JSON.stringify(sel.SIDEBAR)}), { subtree: true, childList: true, attributes: true, characterData: true });
    check();
    window[${JSON.stringify(key)}] = { counts, observer };
  })()`);
  return async () =>
    (await page.evaluate(`(() => {
      const w = window[${JSON.stringify(key)}];
      w.observer.disconnect();
      return w.counts;
    })()`)) as RowWatch;
}

/**
 * Starts recording every description the row `ref` shows, on every
 * change of the side bar's DOM; the returned function stops and gives them in
 * order, each change once. A step that lasts one render is seen.
 */
export async function recordRowDescriptions(page: Page, ref: RowRef): Promise<() => Promise<string[]>> {
  const key = `__bwpDescriptions_${refLabel(ref).replace(/\W/g, '_')}`;
  await page.evaluate(`(() => {
    const find = () => (${FIND_ROW})(${findArgs(ref)});
    const seen = [];
    const check = () => {
      const row = find();
      const description = row ? (row.querySelector(${JSON.stringify(sel.ROW_DESCRIPTION)})?.textContent ?? '').trim() : undefined;
      if (description !== undefined && seen[seen.length - 1] !== description) seen.push(description);
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector(${JSON.stringify(sel.SIDEBAR)}), { subtree: true, childList: true, attributes: true, characterData: true });
    check();
    window[${JSON.stringify(key)}] = { seen, observer };
  })()`);
  return async () =>
    (await page.evaluate(`(() => {
      const r = window[${JSON.stringify(key)}];
      r.observer.disconnect();
      return r.seen;
    })()`)) as string[];
}
