// Workbench helpers the scenarios 4–9 share and the harness lacks: opening a
// file by name, going to a line, reading CodeLens with their position, quick
// picks and input boxes, notification buttons, workspace settings, git.
// Every wait polls a condition and fails with what it last saw.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { activeEditorInfo, clearHovers, clickDialogButton, isRow, refLabel, repoRoot, runCommand, treeRowLocator, treeRows, waitFor, type RowRef, type TreeRow } from './harness';
import * as sel from './selectors';

/** An element as seen by callbacks running in the page (the tsconfig has no DOM lib). */
export interface PageEl {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageEl | null;
  querySelectorAll(selector: string): ArrayLike<PageEl>;
  getBoundingClientRect(): { left: number; top: number; bottom: number; width: number; height: number };
  readonly textContent: string | null;
  readonly className: string;
  readonly tagName: string;
}

/** The fake worker script the worker scenarios run (see its header). */
export const FAKE_WORKER = join(repoRoot, 'test', 'fixtures', 'fake-worker.js');

// ---------------------------------------------------------------------------
// Editors

/** Opens a workspace file through Quick Open (F1, its name without `>`) and waits until it is the active tab. */
export async function openFile(page: Page, name: string, timeoutMs = 10_000): Promise<void> {
  const input = page.locator(sel.QUICK_INPUT_BOX);
  // Always F1: a quick input that is just closing would otherwise be filled as it disappears.
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(name);
  const rows = page.locator(sel.QUICK_INPUT_ROW);
  const labels = await waitFor(
    () => rows.evaluateAll((els: PageEl[], name) => els.map((el) => ({ label: (el.querySelector(name)?.textContent ?? '').trim(), focused: el.className.includes('focused') })), sel.ROW_LABEL_NAME),
    timeoutMs,
    `"${name}" in Quick Open`,
    (ls) => ls.some((l) => l.label === name),
  );
  if (labels.some((l) => l.focused && l.label === name)) await page.keyboard.press('Enter');
  else await rows.filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: name }) }).first().click();
  await waitFor(() => activeEditorInfo(page), timeoutMs, `${name} to be the active editor`, (i) => i.title === name);
}

/** Moves the cursor of the active editor to a 0-based line (Quick Access `:N`), which also scrolls it into view. */
export async function goToLine(page: Page, line: number, timeoutMs = 10_000): Promise<void> {
  const input = page.locator(sel.QUICK_INPUT_BOX);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`:${line + 1}`);
  // The single entry ("Go to line N") must reflect the typed number before Enter accepts it.
  await waitFor(() => page.locator(sel.QUICK_INPUT_ROW).allTextContents(), timeoutMs, `the "go to line ${line + 1}" entry`, (ts) => ts.some((t) => t.includes(String(line + 1))));
  await page.keyboard.press('Enter');
  await waitFor(() => activeEditorInfo(page), timeoutMs, `the cursor on line ${line} (0-based)`, (i) => i.line === line);
}

/** Where the keyboard is, for a failure to say: the focused element (tag, classes, aria-label) and the tree row focused, if any. */
export async function keyboardFocus(page: Page): Promise<string> {
  const element = await page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: PageEl | null } }).document.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${el.className.split(/\s+/).join('.')}${el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label')}"` : ''}` : 'none';
  });
  const row = await page.locator(sel.FOCUSED_TREE_ROW_LABEL).first().textContent({ timeout: 1000 }).catch(() => null);
  return `${element}${row ? `; tree focus on "${row.trim()}"` : ''}`;
}

/** Focuses the active editor's text (a click at the end of the first visible line's text would move the cursor; this does not). */
export async function focusEditor(page: Page): Promise<void> {
  const textArea = page.locator(sel.ACTIVE_EDITOR_INPUT).first();
  await textArea.focus();
  await waitFor(
    () => page.evaluate(() => Boolean((globalThis as unknown as { document: { activeElement: PageEl | null } }).document.activeElement?.className.match(/inputarea|native-edit-context/))),
    5000,
    'the editor text to have the keyboard focus',
  );
}

export interface Lens {
  /** Each command as its title was given: `$(play) Run worker` (a codicon is shown as `$(name)`). */
  titles: string[];
  top: number;
  bottom: number;
}

export interface ViewLine {
  /** The line's text, spaces as spaces. */
  text: string;
  top: number;
  bottom: number;
}

/** The CodeLens and text lines currently rendered in the active editor, with their screen positions. */
export async function lensesAndLines(page: Page): Promise<{ lenses: Lens[]; lines: ViewLine[] }> {
  const editor = page.locator(sel.ACTIVE_TEXT_EDITOR).first();
  return editor.evaluate((root: PageEl, s) => {
    const lenses = Array.from(root.querySelectorAll(s.lens))
      // Lenses outside the viewport stay in the DOM, hidden and unpositioned.
      .filter((el) => el.getAttribute('monaco-visible-content-widget') === 'true')
      .map((el) => {
        const r = el.getBoundingClientRect();
        const titles = Array.from(el.querySelectorAll(s.command)).map((a) => {
          const icon = /(?:^|\s)codicon-([\w-]+)/.exec(a.querySelector(s.codicon)?.className ?? '');
          const text = (a.textContent ?? '').replace(/\u00a0/g, ' ').trim();
          return icon ? `$(${icon[1]}) ${text}` : text;
        });
        return { titles, top: r.top, bottom: r.bottom };
      });
    const lines = Array.from(root.querySelectorAll(s.line)).map((el) => {
      const r = el.getBoundingClientRect();
      return { text: (el.textContent ?? '').replace(/\u00a0/g, ' '), top: r.top, bottom: r.bottom };
    });
    return { lenses, lines };
  }, { lens: sel.CODELENS, command: sel.CODELENS_COMMAND, codicon: sel.CODICON, line: sel.VIEW_LINE });
}

/**
 * The first screen row of the text line `lineText`: markdown wraps long lines
 * over several rows, so the rows from it on must spell the line. Undefined
 * when the line is not rendered.
 */
export function findLine(lines: readonly ViewLine[], lineText: string): ViewLine | undefined {
  const rows = [...lines].sort((a, b) => a.top - b.top);
  return rows.find((row, i) => {
    if (!lineText.startsWith(row.text) || (row.text === '' && lineText !== '')) return false;
    let text = row.text;
    for (let j = i + 1; text.length < lineText.length && j < rows.length; j++) text += rows[j]!.text;
    return text === lineText;
  });
}

/**
 * The titles of the CodeLens rendered right above the line whose text is
 * `lineText` (in the view zone between it and the line before); undefined
 * when that line is not rendered.
 */
export function lensTitlesAbove(seen: { lenses: Lens[]; lines: ViewLine[] }, lineText: string): string[] | undefined {
  const line = findLine(seen.lines, lineText);
  if (!line) return undefined;
  // A lens sits in a view zone directly above its line: it ends where the line starts.
  return seen.lenses.filter((l) => Math.abs(l.bottom - line.top) <= 2).flatMap((l) => l.titles);
}

/** Clicks the one visible CodeLens titled exactly `title` (without its icon). */
export async function clickLens(page: Page, title: string, timeoutMs = 10_000): Promise<void> {
  const anchors = page
    .locator(sel.VISIBLE_CODELENS_COMMAND)
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
  await waitFor(() => anchors.count(), timeoutMs, `one visible CodeLens "${title}"`, (n) => n === 1);
  await anchors.click();
}

/** Clicks the CodeLens titled `title` (without its icon) right above the line whose text is `lineText`: for a title many lines share. */
export async function clickLensAbove(page: Page, lineText: string, title: string, timeoutMs = 10_000): Promise<void> {
  const anchors = page
    .locator(sel.VISIBLE_CODELENS_COMMAND)
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
  const target = await waitFor(
    async () => {
      const line = findLine((await lensesAndLines(page)).lines, lineText);
      if (!line) return undefined;
      const boxes = await anchors.evaluateAll((els: PageEl[]) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.left + r.width / 2, y: r.top + r.height / 2, bottom: r.bottom })));
      return boxes.find((b) => Math.abs(b.bottom - line.top) <= 2);
    },
    timeoutMs,
    `the CodeLens "${title}" above "${lineText.slice(0, 40)}"`,
    (b) => b !== undefined,
  );
  await page.mouse.click(target!.x, target!.y);
}

// ---------------------------------------------------------------------------
// Quick picks and input boxes

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The title of the open quick input, undefined when none is open. */
export async function quickInputTitle(page: Page): Promise<string | undefined> {
  const widget = page.locator(sel.QUICK_INPUT);
  if (!(await widget.isVisible())) return undefined;
  return ((await page.locator(sel.QUICK_INPUT_TITLE).textContent()) ?? '').trim();
}

/** The labels (codicons dropped) of the open quick pick's rows. */
export async function quickPickLabels(page: Page): Promise<string[]> {
  return page.locator(sel.QUICK_INPUT_ROW).evaluateAll((els: PageEl[], name) => els.map((el) => (el.querySelector(name)?.textContent ?? '').replace(/\u00a0/g, ' ').trim()), sel.ROW_LABEL_NAME);
}

/**
 * Waits for the quick pick titled `title` to list `label`, then chooses that
 * row with the keyboard (typing the label filters the list; Enter takes the
 * focused row once it is that one; a mouse click could land on a detail
 * hover); returns the labels it listed before filtering.
 */
export async function pickItem(page: Page, title: string, label: string, timeoutMs = 10_000): Promise<string[]> {
  await waitFor(() => quickInputTitle(page), timeoutMs, `a quick pick titled "${title}"`, (t) => t === title);
  const labels = await waitFor(() => quickPickLabels(page), timeoutMs, `"${label}" in the quick pick "${title}"`, (ls) => ls.includes(label));
  await page.locator(sel.QUICK_INPUT_BOX).fill(label);
  await waitFor(
    () =>
      page
        .locator(sel.QUICK_INPUT_ROW)
        .evaluateAll(
          (els: PageEl[], name) => els.filter((el) => el.className.includes('focused')).map((el) => (el.querySelector(name)?.textContent ?? '').replace(/\u00a0/g, ' ').trim()),
          sel.ROW_LABEL_NAME,
        ),
    timeoutMs,
    `"${label}" focused in the quick pick "${title}"`,
    (focused) => focused.length === 1 && focused[0] === label,
  );
  await page.keyboard.press('Enter');
  // The next prompt reuses the widget: wait until this one is gone (hidden, or showing another title).
  await waitFor(() => quickInputTitle(page), timeoutMs, `the quick pick "${title}" to close`, (t) => t !== title);
  return labels;
}

/** Waits for the input box titled `title`; returns its proposed value after replacing it with `value` and pressing Enter. */
export async function answerInputBox(page: Page, title: string, value: string | undefined, timeoutMs = 10_000): Promise<string> {
  await waitFor(() => quickInputTitle(page), timeoutMs, `an input box titled "${title}"`, (t) => t === title);
  const input = page.locator(sel.QUICK_INPUT_BOX);
  const proposed = await input.inputValue();
  if (value !== undefined) await input.fill(value);
  await page.keyboard.press('Enter');
  await waitFor(() => quickInputTitle(page), timeoutMs, `the input box "${title}" to close`, (t) => t !== title);
  return proposed;
}

// ---------------------------------------------------------------------------
// Notifications

/** Waits for a notification toast whose message contains `text`; returns the full message. */
export async function waitForNotification(page: Page, text: string, timeoutMs = 10_000): Promise<string> {
  const messages = await waitFor(
    () => page.locator(sel.TOAST_MESSAGE).allTextContents(),
    timeoutMs,
    `a notification containing "${text}"`,
    (ms) => ms.some((m) => m.includes(text)),
  );
  return messages.find((m) => m.includes(text)) ?? '';
}

/** The button labels of the toast whose message contains `text`. */
export async function notificationButtons(page: Page, text: string, timeoutMs = 10_000): Promise<string[]> {
  const toast = page.locator(sel.TOAST).filter({ has: page.locator(sel.NOTIFICATION_MESSAGE, { hasText: text }) });
  // The message and its buttons render together: once the toast is visible, its buttons are there.
  await toast.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.locator(sel.NOTIFICATION_BUTTON).allTextContents()).map((t) => t.trim());
}

/** Clicks the button `label` of the toast whose message contains `text`. */
export async function clickNotificationButton(page: Page, text: string, label: string, timeoutMs = 10_000): Promise<void> {
  const toast = page.locator(sel.TOAST).filter({ has: page.locator(sel.NOTIFICATION_MESSAGE, { hasText: text }) });
  await toast
    .locator(sel.NOTIFICATION_BUTTON, { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
    .first()
    .click({ timeout: timeoutMs });
}

// ---------------------------------------------------------------------------
// Files, settings, git

/** Writes `.vscode/settings.json` of a workspace (VS Code reloads it when it changes). */
export function writeWorkspaceSettings(workspace: string, settings: Record<string, unknown>): void {
  const file = join(workspace, '.vscode', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Runs git in `dir` and returns its stdout (trimmed at the end). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trimEnd();
}

/**
 * Copies an artifact into media/ (the README's screenshots) when
 * E2E_UPDATE_SCREENSHOTS=1, so that an ordinary test run leaves the checkout clean.
 */
export function toMedia(file: string, name: string): string {
  const target = join(repoRoot, 'media', name);
  if (process.env.E2E_UPDATE_SCREENSHOTS !== '1') return `${target} only with E2E_UPDATE_SCREENSHOTS=1`;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, readFileSync(file));
  return target;
}

// ---------------------------------------------------------------------------
// Tree rows

/** The inline actions (their labels: the command titles) of the side-bar tree row `ref`. */
export async function rowActions(page: Page, ref: RowRef): Promise<string[]> {
  const row = treeRowLocator(page, ref);
  const labels = await row.locator(sel.ROW_ACTION).evaluateAll((els: PageEl[]) => els.map((el) => el.getAttribute('aria-label') ?? el.getAttribute('title') ?? ''));
  // VS Code appends an action's keybinding to its label: `Run Worker (Alt+B R)`.
  return labels.map((l) => l.replace(/ \((?:Ctrl|Alt|Shift|Cmd|Meta)\+[^()]*\)$/, ''));
}

/** The class names of the icon of the side-bar tree row `ref` ('' when not rendered). */
export async function rowIconClass(page: Page, ref: RowRef): Promise<string> {
  const icon = treeRowLocator(page, ref).locator(sel.ROW_ICON);
  return (await icon.count()) > 0 ? ((await icon.getAttribute('class')) ?? '') : '';
}

/**
 * Waits for the tree row `ref` to satisfy `accept`. Returns
 * undefined when it does, else what went wrong: the rows seen and whether
 * "Beads Plan: Refresh Plans" then shows it (the extension knew, but the view
 * was not told). For checks a test reports together rather than stop at.
 */
export async function treeCheck(page: Page, ref: RowRef, accept: (row: TreeRow) => boolean, timeoutMs: number, describe: string): Promise<string | undefined> {
  const label = refLabel(ref);
  try {
    await waitFor(() => treeRows(page), timeoutMs, `tree row "${label}" ${describe}`, (rs) => rs.some((r) => isRow(r, ref) && accept(r)));
    return undefined;
  } catch (err) {
    const seen = (await treeRows(page)).find((r) => isRow(r, ref));
    let after: string;
    try {
      await runCommand(page, 'Beads Plan: Refresh Plans');
      const rows = await waitFor(() => treeRows(page), 5000, `tree row "${label}" ${describe} after Refresh Plans`, (rs) => rs.some((r) => isRow(r, ref) && accept(r)));
      const row = rows.find((r) => isRow(r, ref) && accept(r));
      after = `after "Beads Plan: Refresh Plans" it does ([${row?.icon}] ${row?.description ?? ''}): the view was not told of the change`;
    } catch {
      after = 'not even after "Beads Plan: Refresh Plans"';
    }
    const message = err instanceof Error ? err.message.split('; last saw:')[0] : String(err);
    return `${message}: the row showed [${seen?.icon ?? '?'}] "${seen?.description ?? ''}"; ${after}`;
  }
}

// ---------------------------------------------------------------------------
// Modal dialogs

export interface Dialog {
  message: string;
  /** The detail as shown, line breaks kept. */
  detail: string;
  /** Button labels, left to right. */
  buttons: string[];
}

/** The open modal dialog's parts, or undefined when none is open. */
export async function modalDialog(page: Page): Promise<Dialog | undefined> {
  const box = page.locator(sel.DIALOG);
  if (!(await box.isVisible())) return undefined;
  const message = (await box.locator(sel.DIALOG_MESSAGE).innerText()).trim();
  const detailEl = box.locator(sel.DIALOG_DETAIL);
  const detail = (await detailEl.count()) > 0 ? (await detailEl.innerText()).trim() : '';
  const buttons = await box.locator(sel.DIALOG_BUTTONS).evaluateAll((els: PageEl[]) =>
    els
      .map((el) => ({ text: (el.textContent ?? '').trim(), left: el.getBoundingClientRect().left }))
      .sort((a, b) => a.left - b.left)
      .map((b) => b.text),
  );
  return { message, detail, buttons };
}

/** waitFor() for a condition that yields its value once there is one (undefined or false until then); the result is typed without them. */
export async function waitForValue<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, describe: string): Promise<T> {
  const value = await waitFor(condition, timeoutMs, describe, (v) => v !== undefined && v !== false);
  if (value === undefined || value === false) throw new Error('unreachable');
  return value;
}

// ---------------------------------------------------------------------------
// Tree context menus

/** Right-clicks the tree row `ref` and waits for its context menu. */
async function openContextMenu(page: Page, ref: RowRef): Promise<Locator> {
  const row = treeRowLocator(page, ref);
  await clearHovers(page);
  await row.click({ button: 'right' });
  const menu = page.locator(sel.CONTEXT_MENU);
  await menu.locator(sel.MENU_ITEM).first().waitFor({ state: 'visible', timeout: 10_000 });
  return menu;
}

/** The entries of a tree row's context menu, in order; the menu is closed again. */
export async function contextMenuEntries(page: Page, ref: RowRef): Promise<string[]> {
  const menu = await openContextMenu(page, ref);
  const labels = (await menu.locator(sel.MENU_ENABLED_LABEL).allTextContents()).map((l) => l.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  return labels;
}

/** Right-clicks a tree row and chooses `item` from its context menu. */
export async function chooseFromContextMenu(page: Page, ref: RowRef, item: string): Promise<void> {
  const menu = await openContextMenu(page, ref);
  const entry = menu.locator(sel.MENU_ITEM, { hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 10_000 });
  // Hover focuses the entry and Enter runs it: a click right after the menu opens can be taken for the right-click's own release.
  await entry.hover();
  await waitFor(async () => (await entry.getAttribute('class')) ?? '', 5000, `"${item}" focused in the menu`, (c) => c.split(/\s+/).includes('focused'));
  await page.keyboard.press('Enter');
  // The menu must be gone before anything else is pointed at: its blocking layer takes every pointer event.
  await menu.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Answers the commit modal with Commit, then the gate's second question, the
 * one that names how many doubts the commit goes over, with its yes (not
 * clickDialogButton for the first: the second question takes the modal's
 * place at once). Returns that question.
 */
export async function commitOverDoubts(page: Page): Promise<Dialog> {
  await page.locator(sel.DIALOG).locator(sel.DIALOG_BUTTON, { hasText: /^Commit$/ }).click();
  const over = await waitForValue(async () => {
    const dialog = await modalDialog(page);
    return dialog?.message.startsWith('Commit over') ? dialog : undefined;
  }, 15_000, 'the second question, about the doubts');
  const yes = over.buttons.find((b) => b.startsWith('Commit Over'));
  if (yes === undefined) throw new Error(`the second question names no doubts: ${JSON.stringify(over.buttons)}`);
  await clickDialogButton(page, yes);
  return over;
}
