// Real-editor test harness: a real VS Code workbench (code-server) in headless
// Chromium, driven by playwright-core. See test/e2e/README.md.
//
// Everything a test starts (code-server, Chromium, temp folders) is torn down
// by Editor.close() and, as a safety net, when the test process exits, so a
// failed or timed-out test never leaves a server holding a port.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, mkdtempSync, openSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import * as cs from '../../scripts/code-server.mjs';
import { e2ePaths } from '../../scripts/e2e-setup.mjs';
import * as sel from './selectors';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');
export const artifactsDir = join(repoRoot, 'test', 'e2e', 'artifacts');

// ---------------------------------------------------------------------------
// Cleanup of everything we started, also on abnormal exit

const liveGroups = new Set<number>(); // process-group ids of running code-servers
const tempDirs = new Set<string>();
const keepTemp = process.env.E2E_KEEP === '1'; // keep temp dirs to inspect a failure

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal); // negative pid: the whole group (server + extension host + its children)
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  // Only synchronous work is possible here. Chromium is killed by playwright's own exit hook.
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  if (!keepTemp) for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // The test runner sends SIGTERM on timeout/cancel; make sure 'exit' (above) runs.
  process.once(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1)));
}

const debugStart = Date.now();
/** E2E_DEBUG=1 prints where editor start-up spends its time. */
function debug(msg: string): void {
  if (process.env.E2E_DEBUG === '1') console.error(`[e2e +${Date.now() - debugStart} ms] ${msg}`);
}

function makeTemp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

// ---------------------------------------------------------------------------
// Waiting

const POLL_MS = 100;

/**
 * Polls `condition` until `accept(value)` holds (default: value is truthy) and
 * returns that value. On timeout throws an error naming `describe` and the last
 * value (or error) the condition produced, so a failure says what was seen.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  describe: string,
  accept: (value: T) => boolean = (v) => Boolean(v),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await condition();
      if (accept(value)) return value;
      last = show(value);
    } catch (err) {
      last = `error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${describe}; last saw: ${last}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

// ---------------------------------------------------------------------------
// Workspaces

/** A fresh temp folder holding `files` (relative path → content). Removed at process exit. */
export function tmpWorkspace(files: Record<string, string>): string {
  const dir = makeTemp('e2e-ws-');
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** `git init` + one commit of everything in `dir`, with a local identity and no signing/hooks from the machine. */
export function gitInit(dir: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'E2E Test');
  git('config', 'user.email', 'e2e@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'core.hooksPath', '/dev/null');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'initial');
}

// ---------------------------------------------------------------------------
// Editor lifecycle

export interface EditorOptions {
  /** The packaged extension to install. */
  vsix: string;
  /** Folder to open. */
  workspace: string;
  /** Default true: workspace trusted (--disable-workspace-trust). false: trust on, folder opens in Restricted Mode. */
  trust?: boolean;
  /** Extra user settings, merged over the harness defaults. */
  settings?: Record<string, unknown>;
}

export interface Editor {
  page: Page;
  browser: Browser;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  url: string;
  /** code-server's stdout+stderr (the extension host's log lines are under userDataDir/logs). */
  logFile: string;
  /** Saves a PNG to test/e2e/artifacts/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Stops Chromium and code-server's whole process group. Safe to call twice. */
  close(): Promise<void>;
}

// On top of the shared quiet-workbench settings (scripts/code-server.mjs).
function defaultSettings(trusted: boolean): Record<string, unknown> {
  return {
    ...cs.BASE_SETTINGS,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'git.openRepositoryInParentFolders': 'never',
    'editor.minimap.enabled': false,
    'security.workspace.trust.enabled': !trusted,
    // Untrusted runs: open straight into Restricted Mode instead of a modal prompt.
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
  };
}

/** Installs the vsix once per (path, mtime, size) into a cached extensions dir. */
function installedExtensionsDir(codeServerBin: string, vsix: string): string {
  const abs = resolve(vsix);
  const st = statSync(abs);
  const key = createHash('sha1').update(`${abs}:${st.mtimeMs}:${st.size}`).digest('hex').slice(0, 16);
  const dir = join(repoRoot, '.vscode-test', 'extensions', key);
  if (existsSync(dir)) return dir;
  // Install into a scratch dir, then rename: an interrupted install never looks cached.
  const scratch = `${dir}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const scratchData = makeTemp('e2e-install-');
  cs.installExtension(codeServerBin, {
    vsix: abs,
    userDataDir: scratchData,
    extensionsDir: scratch,
    configFile: cs.writeServerConfig(scratchData),
    env: cs.isolatedEnv(scratchData),
  });
  renameSync(scratch, dir);
  pruneExtensionCache(dirname(dir), dir);
  return dir;
}

// Every rebuilt vsix gets a new cache entry; keep the few newest.
function pruneExtensionCache(cacheRoot: string, keep: string): void {
  const entries = readdirSync(cacheRoot)
    .map((name) => join(cacheRoot, name))
    .filter((path) => path !== keep)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const old of entries.slice(4)) rmSync(old, { recursive: true, force: true });
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Starts code-server with the extension installed, opens `workspace` in headless Chromium, waits for the workbench. */
export async function startEditor(opts: EditorOptions): Promise<Editor> {
  const paths = e2ePaths(); // throws "… run node scripts/e2e-setup.mjs" when not installed
  const trusted = opts.trust !== false;
  const workspace = resolve(opts.workspace);
  const extensionsDir = installedExtensionsDir(paths.codeServerBin, opts.vsix);
  debug(`extension installed in ${extensionsDir}`);

  const root = makeTemp('e2e-editor-');
  const userDataDir = join(root, 'user-data');
  cs.writeUserSettings(userDataDir, { ...defaultSettings(trusted), ...opts.settings });

  const port = await freePort();
  const args = cs.serverArgs({ configFile: cs.writeServerConfig(root), port, userDataDir, extensionsDir, trusted, workspace });
  const logFile = join(root, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  // detached: own process group, so close() can kill the server, extension
  // host and anything the extension spawned in one go.
  const server: ChildProcess = spawn(paths.codeServerBin, args, { detached: true, stdio: ['ignore', logFd, logFd], env: cs.isolatedEnv(root) });
  closeSync(logFd);
  const pid = server.pid;
  if (pid === undefined) throw new Error(`code-server did not start: ${paths.codeServerBin}`);
  liveGroups.add(pid);
  let exited: string | undefined;
  server.once('exit', (code, sig) => {
    exited = `code-server exited (${code ?? sig})`;
  });

  let browser: Browser | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    if (liveGroups.delete(pid)) {
      killGroup(pid, 'SIGTERM');
      const gone = await waitFor(() => exited !== undefined, 5000, 'code-server to stop').catch(() => false);
      if (!gone) killGroup(pid, 'SIGKILL');
      killGroup(pid, 'SIGKILL'); // stragglers in the group (e.g. processes the extension started)
    }
  };

  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => exited ?? (await cs.httpStatus(`${base}/healthz`)),
      60_000,
      `code-server to answer on ${base} (log: ${logFile})`,
      (v) => v === 200 || typeof v === 'string',
    );
    if (exited) throw new Error(`${exited}; log:\n${cs.tail(logFile, 30)}`);
    debug(`code-server answers on ${base}`);

    browser = await chromium.launch({ executablePath: paths.chromium, headless: true, args: CHROMIUM_ARGS });
    debug('chromium launched');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx (esbuild, keepNames) wraps named inner functions in `__name(...)`;
    // callbacks passed to page.evaluate() run in the page where that helper
    // does not exist, so provide a no-op one.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    const url = `${base}/?folder=${encodeURIComponent(workspace)}`;
    await page.goto(url);
    await page.locator(sel.WORKBENCH).waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator(sel.ACTIVITY_BAR).waitFor({ state: 'visible', timeout: 30_000 });
    debug('workbench visible');

    return {
      page,
      browser,
      workspace,
      userDataDir,
      extensionsDir,
      url,
      logFile,
      screenshot: (name) => saveScreenshot(page, name),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 120);
}

async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${safeName(name)}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Saves what explains a failure into test/e2e/artifacts/: FAIL-<test>.png and
 * FAIL-<test>.exthost.log (the extension host's log: activation errors and
 * stack traces of the extension end up there). Never throws.
 */
export async function saveFailureArtifacts(t: TestContext, editor: Editor): Promise<void> {
  const name = `FAIL-${t.fullName}`;
  const shot = await editor.screenshot(name).catch(() => undefined);
  if (shot) t.diagnostic(`screenshot: ${shot}`);
  try {
    const logs = join(editor.userDataDir, 'logs');
    for (const session of readdirSync(logs)) {
      const log = join(logs, session, 'exthost1', 'remoteexthost.log');
      if (existsSync(log)) copyFileSync(log, join(artifactsDir, `${safeName(name)}.exthost.log`));
    }
  } catch {
    // no logs yet
  }
}

/**
 * An afterEach hook for a suite sharing one editor: saves failure artifacts
 * when the test failed.   afterEach(artifactsOnFailure(() => editor));
 */
export function artifactsOnFailure(getEditor: () => Editor | undefined): (t: TestContext) => Promise<void> {
  return async (t) => {
    // `passed` exists at runtime on Node >= 20.12 but not in @types/node 20.
    const passed = (t as unknown as { passed?: boolean }).passed;
    const editor = getEditor();
    if (passed === false && editor) await saveFailureArtifacts(t, editor);
  };
}

/** Starts an editor for one test, saves failure artifacts if `fn` throws, always closes it. */
export async function withEditor<T>(t: TestContext, opts: EditorOptions, fn: (editor: Editor) => Promise<T>): Promise<T> {
  const editor = await startEditor(opts);
  try {
    return await fn(editor);
  } catch (err) {
    await saveFailureArtifacts(t, editor);
    throw err;
  } finally {
    await editor.close();
  }
}

// ---------------------------------------------------------------------------
// Workbench helpers
//
// tsconfig has no DOM lib (src/ must not see it), so code running inside the
// page is typed with this minimal structural view of an element.
interface DomEl {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomEl | null;
  getBoundingClientRect(): { left: number; width: number };
  readonly textContent: string | null;
  readonly className: string;
}

const DEFAULT_TIMEOUT = 10_000;

/**
 * Opens the command palette (F1), types the command's title as listed there,
 * and runs it. The palette lists the commands enabled when it opened, so a
 * command not listed yet (its context keys still being set) is looked for
 * again in a newly opened palette, until the timeout.
 */
export async function runCommand(page: Page, title: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  const input = page.locator(sel.QUICK_INPUT_BOX);
  const rows = page.locator(sel.QUICK_INPUT_ROW);
  const deadline = Date.now() + timeoutMs;
  const listed = () =>
    rows.evaluateAll(
      (els: DomEl[], name) => els.map((el) => ({ label: (el.querySelector(name)?.textContent ?? '').trim(), focused: el.className.includes('focused') })),
      sel.ROW_LABEL_NAME,
    );
  let labels: Array<{ label: string; focused: boolean }> = [];
  for (let attempt = 1; ; attempt++) {
    // A fresh palette every time: a quick input still closing (Go to Line after Enter) would be filled as it disappears.
    if (await input.isVisible()) {
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: timeoutMs });
    }
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    // The list filters asynchronously: pressing Enter earlier would run whatever was first.
    const left = Math.max(1000, Math.min(3000, deadline - Date.now()));
    try {
      // A palette that loses the focus as it opens (an editor still taking it, on a busy machine) closes: a new one is opened.
      await input.fill(`>${title}`, { timeout: left });
      labels = await waitFor(listed, left, `command "${title}" in the command palette`, (ls) => ls.some((l) => l.label === title));
      break;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
  }
  if (labels.some((l) => l.focused && l.label === title)) await page.keyboard.press('Enter');
  else await rows.filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: exactly(title) }) }).first().click(); // a longer title sorted first
}

/** Clicks the activity-bar entry whose label starts with `containerTitle` (unless already open) and waits for its side bar. */
export async function openView(page: Page, containerTitle: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  const item = page.locator(sel.activityBarEntry(containerTitle)).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  // Clicking the entry of the container that is already shown would hide the side bar.
  const sidebarTitle = page.locator(sel.SIDEBAR_TITLE);
  const showing = async (): Promise<string> => ((await sidebarTitle.isVisible()) ? ((await sidebarTitle.textContent()) ?? '') : '');
  if (!(await showing()).toLowerCase().startsWith(containerTitle.toLowerCase())) {
    await item.click();
    // Park the mouse on the empty title bar: the entry's hover tooltip would
    // otherwise cover the first tree rows (and show in screenshots).
    await page.mouse.move(200, 5);
  }
  await waitFor(showing, timeoutMs, `side bar titled "${containerTitle}"`, (t) => t.toLowerCase().startsWith(containerTitle.toLowerCase()));
}

export interface TreeRow {
  /** The item's label. */
  label: string;
  /** The item's description (grey text after the label), '' if none. */
  description: string;
  /** Label and description, space-separated. */
  text: string;
  /** 1 for top-level items. */
  level: number;
  /** undefined for leaf items. */
  expanded: boolean | undefined;
  selected: boolean;
  /** Codicon name of the item's icon (e.g. 'check' for ThemeIcon('check')), '' if none. */
  icon: string;
  /** The row's aria-label: accessibilityInformation.label, else the tooltip, else label + description. */
  ariaLabel: string;
}

/**
 * A tree row: its label, or its label at a depth where two rows read alike (a
 * plan named by its task reads `f8s` at level 1, and so does that task's row
 * at level 3).
 */
export type RowRef = string | { readonly label: string; readonly level: number };

export function refLabel(ref: RowRef): string {
  return typeof ref === 'string' ? ref : ref.label;
}

/** The depth `ref` asks for, or null for any. */
export function refLevel(ref: RowRef): number | null {
  return typeof ref === 'string' ? null : ref.level;
}

export function isRow(row: Pick<TreeRow, 'label' | 'level'>, ref: RowRef): boolean {
  return row.label === refLabel(ref) && (refLevel(ref) ?? row.level) === row.level;
}

function treeRowsLocator(page: Page, view?: string): Locator {
  // Scoped to the side bar so the Explorer (or other parts) never mix in; a
  // view name narrows it to one pane of a container with several views (the
  // pane header exists, hidden, even when a container has a single view).
  let panes = page.locator(sel.VIEW_PANE);
  if (view) panes = panes.filter({ has: page.locator(sel.PANE_TITLE, { hasText: exactly(view) }) });
  return panes.locator(sel.PANE_ROW);
}

/** A RegExp matching exactly `s` (playwright's hasText with a string matches substrings). */
function exactly(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** The rendered rows of the side bar's tree(s), in display order. The list is virtual: only rows in view are rendered. */
export async function treeRows(page: Page, view?: string): Promise<TreeRow[]> {
  const rows = await treeRowsLocator(page, view).evaluateAll(
    (els: DomEl[], s) =>
      els.map((el) => {
        const text = (selector: string): string => (el.querySelector(selector)?.textContent ?? '').trim();
        const label = text(s.name);
        const description = text(s.description);
        const expanded = el.getAttribute('aria-expanded');
        const iconEl = el.querySelector(s.icon);
        const codicon = /(?:^|\s)codicon-([\w-]+)/.exec(iconEl?.className ?? '');
        return {
          index: Number(el.getAttribute('data-index') ?? '0'),
          label,
          description,
          // textContent would glue label and description together ("Alpha itemline 3").
          text: label ? [label, description].filter(Boolean).join(' ') : (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
          level: Number(el.getAttribute('aria-level') ?? '1'),
          expanded: expanded === null ? undefined : expanded === 'true',
          selected: el.getAttribute('aria-selected') === 'true',
          icon: codicon ? codicon[1] : '',
          ariaLabel: el.getAttribute('aria-label') ?? '',
        };
      }),
    { name: sel.ROW_LABEL_NAME, description: sel.ROW_DESCRIPTION, icon: sel.ROW_ICON },
  );
  // Virtual-list rows are positioned absolutely and may sit out of order in the DOM.
  return rows.sort((a, b) => a.index - b.index).map(({ index: _index, ...row }) => row);
}

/** Waits until a tree row's text contains `text`; returns that row. */
export async function waitForTreeText(page: Page, text: string, timeoutMs = DEFAULT_TIMEOUT, view?: string): Promise<TreeRow> {
  const rows = await waitFor(() => treeRows(page, view), timeoutMs, `a tree row containing "${text}"`, (rs) => rs.some((r) => r.text.includes(text)));
  const row = rows.find((r) => r.text.includes(text));
  if (!row) throw new Error('unreachable');
  return row;
}

export function treeRowLocator(page: Page, ref: RowRef, view?: string): Locator {
  const rows = treeRowsLocator(page, view).filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: exactly(refLabel(ref)) }) });
  const level = refLevel(ref);
  return (level === null ? rows : rows.and(page.locator(`[aria-level="${level}"]`))).first();
}

/**
 * Moves the mouse off the tree and waits until no hover shows. A row's
 * tooltip stays while the mouse rests on it, and on a busy machine it is
 * still there, below its row, when the next click lands: the click would hit
 * the tooltip, not the row under it.
 */
export async function clearHovers(page: Page): Promise<void> {
  await page.mouse.move(200, 5);
  await waitFor(() => page.locator(sel.HOVER).filter({ visible: true }).count(), 10_000, 'no hover showing', (n) => n === 0);
}

/** Clicks the tree row `ref` (runs the item's command; toggles a collapsible item). */
export async function clickTreeRow(page: Page, ref: RowRef, view?: string): Promise<void> {
  await clearHovers(page);
  await treeRowLocator(page, ref, view).click();
}

/** Expands the collapsible tree row `ref` (no-op when already expanded) and waits for it to be expanded. */
export async function expandTreeRow(page: Page, ref: RowRef, view?: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  const row = treeRowLocator(page, ref, view);
  const label = refLabel(ref);
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  // The twistie toggles without running the item's command (a click on the label would run it).
  if ((await row.getAttribute('aria-expanded')) === 'false') {
    await clearHovers(page);
    await row.locator(sel.ROW_TWISTIE).click();
  }
  await waitFor(() => row.getAttribute('aria-expanded'), timeoutMs, `tree row "${label}" expanded`, (v) => v === 'true');
}

export interface ActiveEditorInfo {
  /** Title of the active tab, undefined when no editor is open. */
  title: string | undefined;
  /** 0-based cursor line from the status bar's "Ln X, Col Y" (X - 1), undefined when not shown. */
  line: number | undefined;
  /** 0-based cursor column. */
  column: number | undefined;
}

export async function activeEditorInfo(page: Page): Promise<ActiveEditorInfo> {
  // The tab label is split: <a class="label-name">notes</a><span class="label-suffix">.md</span>.
  const tab = page.locator(sel.ACTIVE_GROUP_TAB).first();
  const title =
    (await tab.count()) > 0
      ? await tab.evaluate((el: DomEl, s) => `${el.querySelector(s.name)?.textContent ?? ''}${el.querySelector(s.suffix)?.textContent ?? ''}`.trim(), {
          name: sel.ROW_LABEL_NAME,
          suffix: sel.LABEL_SUFFIX,
        })
      : undefined;
  const pos = (await statusBarText(page)).map((t) => /Ln (\d+), Col (\d+)/.exec(t)).find((m) => m !== null);
  return {
    title: title || undefined,
    line: pos ? Number(pos[1]) - 1 : undefined,
    column: pos ? Number(pos[2]) - 1 : undefined,
  };
}

/** Texts of the visible status bar items, left to right. Codicons ($(name)) render as icons and have no text. */
export async function statusBarText(page: Page): Promise<string[]> {
  const items = await page.locator(sel.STATUS_ITEM).evaluateAll((els: DomEl[]) =>
    els.map((el) => ({ text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(), rect: el.getBoundingClientRect() })),
  );
  // DOM order is not screen order (right-aligned items come right-most first); hidden items have no width.
  return items
    .filter((i) => i.text.length > 0 && i.rect.width > 0)
    .sort((a, b) => a.rect.left - b.rect.left)
    .map((i) => i.text);
}

/** Texts of the notification toasts currently shown. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator(sel.TOAST_MESSAGE).allTextContents();
}

/** The text of the open modal dialog (message, detail and buttons), or undefined when none is open. */
export async function dialogText(page: Page): Promise<string | undefined> {
  const box = page.locator(sel.DIALOG);
  return (await box.isVisible()) ? ((await box.textContent()) ?? '').replace(/\s+/g, ' ').trim() : undefined;
}

/** Clicks the modal dialog's button labelled `label` and waits for the dialog to close. */
export async function clickDialogButton(page: Page, label: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
  const box = page.locator(sel.DIALOG);
  await box.locator(sel.DIALOG_BUTTON, { hasText: exactly(label) }).first().click({ timeout: timeoutMs });
  await box.waitFor({ state: 'hidden', timeout: timeoutMs });
}
