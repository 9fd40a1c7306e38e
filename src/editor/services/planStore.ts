// Discovery, watching and reading of plans: the one place the editor gets a
// Plan from. A dirty document is the truth for its plan; otherwise the file on
// disk is (VS Code reloads a clean document later, sometimes to an older
// version than the disk already has).
//
// A plan is never dropped in the middle of a write: a read of a known plan
// that is empty, not a plan, cut short or missing keeps the last good model
// until the file settles (src/plan/read/settle.ts). A file that settles as no plan,
// but was one or sits under `.beads/` with a plan's structure, stays listed as
// a damaged plan with its findings.
import * as vscode from 'vscode';
import * as workspaceApis from '../common/workspace.apis';
import { promises as fs } from 'node:fs';
import { sep } from 'node:path';
import type { Plan } from '../../plan/model';
import { parsePlan } from '../../plan/read/parse';
import { hasPlanStructure, looksLikePlan, SNIFF_BYTES } from '../../plan/read/sniff';
import { planLabel } from '../../plan/rules/summary';
import { isSuspect, settle, SETTLE_MS, type Suspect } from '../../plan/read/settle';
import { KeyedDebouncer } from '../../util/debounce';
import { globToRegExp, isSimpleGlob } from '../../util/glob';
import { errorMessage } from '../../util/errors';
import { Disposable, DisposableStore } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import { affects, excludeGlob, planGlobs, setting } from '../settings';
import { FolderWatch } from './folderWatch';

export interface PlanEntry {
  readonly uri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder | undefined;
  /** Last modification: the file's mtime, or the time of the last edit in the editor. */
  readonly mtime: number;
  /** `plan.isPlan` is false for a damaged plan: one that lost its title but is still shown. */
  readonly plan: Plan;
  readonly text: string;
}

/** `uri` set: that plan changed; undefined: plans were added or removed. */
interface PlanChange {
  readonly uri?: vscode.Uri;
}

const FILE_DEBOUNCE_MS = 25;
const EDIT_DEBOUNCE_MS = 120;
const MAX_WAIT_MS = 150;
/** A parse slower than this is logged, and that plan's updates are debounced harder. */
const SLOW_PARSE_MS = 500;
/** Larger files are not read at all. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

type Read = { readonly kind: 'text'; readonly text: string; readonly mtime: number } | { readonly kind: 'missing' } | { readonly kind: 'none' };

/** Whether a file under `.beads/` may be shown as a damaged plan. */
function underBeads(uri: vscode.Uri): boolean {
  return uri.path.includes('/.beads/');
}

/**
 * Reads a candidate in one pass over one open file: its head first, and the
 * rest only when the head says plan (or `whole`, for a known plan).
 */
async function readCandidate(uri: vscode.Uri, whole: boolean): Promise<Read> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(uri.fsPath, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_PLAN_BYTES) return { kind: 'none' };
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const headText = head.subarray(0, bytesRead).toString('utf8');
    if (!whole && !looksLikePlan(headText) && !(underBeads(uri) && hasPlanStructure(headText))) return { kind: 'none' };
    if (bytesRead < SNIFF_BYTES) return { kind: 'text', text: headText, mtime: stat.mtimeMs };
    // Positional reads from where the head ended (readFile() would start over: a positional read moves no file position).
    const chunks = [head];
    let at = SNIFF_BYTES;
    for (;;) {
      const chunk = Buffer.alloc(Math.max(SNIFF_BYTES, stat.size - at + 1));
      const n = (await handle.read(chunk, 0, chunk.length, at)).bytesRead;
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      at += n;
      if (at > MAX_PLAN_BYTES) return { kind: 'none' };
    }
    return { kind: 'text', text: Buffer.concat(chunks).toString('utf8'), mtime: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/**
 * The files a glob matches in a folder. A glob with literal leading folders
 * and a simple rest (`.beads/**\/*.md`) is read straight from those folders:
 * it costs what `.beads/` holds, and does not wait for the workspace search,
 * which on a large workspace takes a second or more to answer at all.
 * Anything else goes to `findFiles`.
 */
async function globFiles(folder: vscode.WorkspaceFolder, glob: string): Promise<vscode.Uri[]> {
  const segments = glob.split('/');
  const literal = segments.findIndex((s) => /[*?[\]{}]/.test(s));
  const rest = segments.slice(literal).join('/');
  if (folder.uri.scheme !== 'file' || literal <= 0 || !isSimpleGlob(rest))
    return workspaceApis.findFiles(new vscode.RelativePattern(folder, glob), excludeGlob(folder));
  const base = vscode.Uri.joinPath(folder.uri, ...segments.slice(0, literal));
  let names: string[];
  try {
    names = (await fs.readdir(base.fsPath, { recursive: true })).map(String);
  } catch {
    return [];
  }
  const matches = globToRegExp(rest);
  return names
    .map((name) => name.split(sep).join('/'))
    .filter((name) => matches.test(name) && !name.split('/').includes('node_modules'))
    .map((name) => vscode.Uri.joinPath(base, ...name.split('/')));
}

export class PlanStore extends Disposable {
  private readonly entries = new ResourceMap<PlanEntry>();
  private readonly suspects = new ResourceMap<Suspect>();
  /** Plans whose parse is slow, with the last parse time (ms). */
  private readonly slow = new ResourceMap<number>();
  private readonly documentCache = new WeakMap<vscode.TextDocument, { version: number; plan: Plan }>();
  private readonly changed = this._register(new vscode.EventEmitter<PlanChange>());
  readonly onDidChange = this.changed.event;
  private readonly watchers = this._register(new DisposableStore());
  /** Plans being read now, and whether another read was asked for meanwhile. */
  private readonly reading = new ResourceMap<{ again: boolean }>();
  private readonly fileEvents = new KeyedDebouncer<vscode.Uri>((uri) => this.reload(uri), FILE_DEBOUNCE_MS, MAX_WAIT_MS, (u) => u.toString());
  private readonly editEvents = new KeyedDebouncer<vscode.Uri>((uri) => this.fromDocument(uri), EDIT_DEBOUNCE_MS, MAX_WAIT_MS, (u) => u.toString());
  private readonly folderWatch: FolderWatch;
  private discovery: Promise<void> | undefined;
  private discoverAgain = false;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.folderWatch = this._register(
      new FolderWatch(
        (path) => this.touch(vscode.Uri.file(path)),
        (folder, e) => this.log.debug(`Watching ${folder} stopped: ${errorMessage(e)}`),
      ),
    );
    this._register({ dispose: () => this.fileEvents.dispose() });
    this._register({ dispose: () => this.editEvents.dispose() });
    this._register(
      workspaceApis.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || !this.isCandidate(e.document)) return;
        if (e.document.isDirty) this.editEvents.trigger(e.document.uri);
        else this.touch(e.document.uri);
      }),
    );
    this._register(
      workspaceApis.onDidOpenTextDocument((d) => {
        if (!this.entries.has(d.uri) && this.isCandidate(d)) this.touch(d.uri);
      }),
    );
    // Closing an unsaved editor makes the file on disk the truth again.
    this._register(
      workspaceApis.onDidCloseTextDocument((d) => {
        if (this.entries.has(d.uri)) this.touch(d.uri);
      }),
    );
    this._register(workspaceApis.onDidChangeWorkspaceFolders(() => void this.discover()));
    this._register(
      workspaceApis.onDidChangeConfiguration((e) => {
        if (affects(e, 'planGlobs') || e.affectsConfiguration('files.exclude')) void this.discover();
        else if (affects(e, 'sortPlansBy')) this.changed.fire({});
      }),
    );
  }

  /** Plans by folder, then path; or most recently modified first, as the user chose. */
  list(): PlanEntry[] {
    const byPath = (a: PlanEntry, b: PlanEntry) =>
      (a.folder?.index ?? Infinity) - (b.folder?.index ?? Infinity) || a.uri.path.localeCompare(b.uri.path);
    const recent = setting('sortPlansBy') === 'recent';
    return [...this.entries.values()].sort((a, b) => (recent ? b.mtime - a.mtime : 0) || byPath(a, b));
  }

  get(uri: vscode.Uri): PlanEntry | undefined {
    return this.entries.get(uri);
  }

  /** The name a person knows a plan by, the same in the tree, pickers and messages. */
  label(entry: PlanEntry): string {
    return planLabel(entry.plan) ?? entry.uri.path.split('/').pop() ?? entry.uri.toString();
  }

  /** The plan of an open document, parsed once per document version (CodeLens must match the document's own lines). */
  planOf(document: vscode.TextDocument): Plan {
    const cached = this.documentCache.get(document);
    if (cached?.version === document.version) return cached.plan;
    const text = document.getText();
    // A clean document usually holds the text the store already parsed from disk.
    const entry = this.entries.get(document.uri);
    const plan = entry?.text === text ? entry.plan : this.parse(document.uri, text);
    this.documentCache.set(document, { version: document.version, plan });
    return plan;
  }

  isPlanDocument(document: vscode.TextDocument): boolean {
    return this.entries.has(document.uri);
  }

  /**
   * Finds every plan in every workspace folder and recreates the watchers;
   * the `.beads/` globs first, so the first tree need not wait for a wide glob.
   * A call while one runs makes that one run once more instead of racing it.
   */
  discover(): Promise<void> {
    if (this.discovery) {
      this.discoverAgain = true;
      return this.discovery;
    }
    this.discovery = (async () => {
      do {
        this.discoverAgain = false;
        await this.discoverOnce();
      } while (this.discoverAgain);
    })().finally(() => {
      this.discovery = undefined;
    });
    return this.discovery;
  }

  private async discoverOnce(): Promise<void> {
    this.watchers.clear();
    const found = new ResourceMap<true>();
    const folders = workspaceApis.workspaceFolders() ?? [];
    const passes = folders.flatMap((folder) => planGlobs(folder).map((glob) => ({ folder, glob })));
    // `.beads/` globs are cheap and hold nearly every plan: show them before the wide ones run.
    passes.sort((a, b) => Number(!a.glob.startsWith('.beads/')) - Number(!b.glob.startsWith('.beads/')));
    const started = performance.now();
    for (const { folder, glob } of passes) {
      const watcher = this.watchers.add(workspaceApis.createFileSystemWatcher(new vscode.RelativePattern(folder, glob)));
      const onEvent = (uri: vscode.Uri) => {
        if (!uri.path.includes('/node_modules/')) this.touch(uri);
      };
      watcher.onDidCreate(onEvent);
      watcher.onDidChange(onEvent);
      watcher.onDidDelete(onEvent);
      const uris = await globFiles(folder, glob);
      const fresh = uris.filter((uri) => !found.has(uri));
      for (const uri of fresh) found.set(uri, true);
      const loaded = await Promise.all(fresh.map((uri) => this.load(uri)));
      if (loaded.some((changed) => changed)) this.announce({});
      this.log.info(`Plans: ${glob} in ${folder.name}: ${fresh.length} candidate(s), ${Math.round(performance.now() - started)} ms since discovery began`);
    }
    let removed = false;
    for (const uri of [...this.entries.keys()])
      if (!found.has(uri)) {
        this.forget(uri);
        removed = true;
      }
    this.announce({}, removed || this.entries.size === 0);
  }

  private isCandidate(document: vscode.TextDocument): boolean {
    if (this.entries.has(document.uri)) return true;
    if (document.uri.scheme !== 'file' || document.languageId !== 'markdown') return false;
    const head = document.getText(new vscode.Range(0, 0, 80, 0));
    return looksLikePlan(head) || (underBeads(document.uri) && hasPlanStructure(head));
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return workspaceApis.textDocuments().find((d) => d.uri.toString() === key && !d.isClosed);
  }

  /** Something happened to a file that may be a plan: read it soon. */
  private touch(uri: vscode.Uri, delayMs?: number): void {
    const slow = this.slow.get(uri);
    if (slow === undefined) this.fileEvents.trigger(uri, delayMs);
    else this.fileEvents.trigger(uri, Math.max(delayMs ?? 0, 2 * slow), 4 * slow);
  }

  private parse(uri: vscode.Uri, text: string): Plan {
    const started = performance.now();
    const plan = parsePlan(text);
    const ms = performance.now() - started;
    if (ms > SLOW_PARSE_MS) {
      if (!this.slow.has(uri))
        this.log.warn(`Reading ${planLabel(plan) ?? uri.fsPath} took ${Math.round(ms)} ms: its updates now wait ${Math.round(2 * ms)} ms.`);
      this.slow.set(uri, ms);
    } else this.slow.delete(uri);
    return plan;
  }

  /** Reads one plan from its dirty document or from disk; returns whether the store's view of it changed. */
  private async load(uri: vscode.Uri): Promise<boolean> {
    const document = this.openDocument(uri);
    if (document?.isDirty) return this.keep(uri, document.getText(), Date.now(), this.planOf(document));
    const known = this.entries.get(uri);
    let read: Read;
    try {
      read = await readCandidate(uri, known !== undefined);
    } catch (e) {
      this.log.warn(`Reading ${uri.fsPath} failed: ${errorMessage(e)}`);
      read = { kind: 'missing' };
    }
    if (read.kind === 'none') return known ? this.forget(uri) : false;
    if (known && this.unsettled(uri, known, read)) return false;
    if (read.kind === 'missing') return this.forget(uri);
    if (known?.text === read.text) return false;
    const plan = this.parse(uri, read.text);
    if (!plan.isPlan && !known && !(underBeads(uri) && hasPlanStructure(read.text))) return false;
    return this.keep(uri, read.text, read.mtime, plan);
  }

  /** Whether a read of a known plan looks like a write in progress and must be read again before it is believed (src/plan/read/settle.ts). */
  private unsettled(uri: vscode.Uri, known: PlanEntry, read: Exclude<Read, { kind: 'none' }>): boolean {
    const reading = read.kind === 'text' ? { text: read.text, mtime: read.mtime } : {};
    const outcome = isSuspect({ isPlan: known.plan.isPlan }, reading) ? settle(this.suspects.get(uri), reading, Date.now()) : undefined;
    if (!outcome || outcome.believe) {
      this.suspects.delete(uri);
      return false;
    }
    this.suspects.set(uri, outcome.suspect);
    this.touch(uri, SETTLE_MS);
    return true;
  }

  private keep(uri: vscode.Uri, text: string, mtime: number, plan: Plan): boolean {
    const before = this.entries.get(uri);
    if (before?.text === text && before.plan === plan) return false;
    this.entries.set(uri, { uri, folder: workspaceApis.getWorkspaceFolder(uri), mtime, plan, text });
    if (!before) this.watchFolders();
    return true;
  }

  private forget(uri: vscode.Uri): boolean {
    this.suspects.delete(uri);
    this.slow.delete(uri);
    const had = this.entries.delete(uri);
    if (had) this.watchFolders();
    return had;
  }

  private watchFolders(): void {
    this.folderWatch.set([...this.entries.keys()].filter((u) => u.scheme === 'file').map((u) => u.fsPath));
  }

  private announce(change: PlanChange, when = true): void {
    if (when && !this.isDisposed) this.changed.fire(change);
  }

  /**
   * Reads a plan again and tells the views. Reads of one plan never overlap: a
   * slow read finishing after a newer one would put the older text back, so a
   * request during a read makes that read run once more instead.
   */
  private reload(uri: vscode.Uri): void {
    const reading = this.reading.get(uri);
    if (reading) {
      reading.again = true;
      return;
    }
    const state = { again: false };
    this.reading.set(uri, state);
    void (async () => {
      try {
        do {
          state.again = false;
          const had = this.entries.has(uri);
          if (await this.load(uri)) this.announce(had && this.entries.has(uri) ? { uri } : {});
        } while (state.again && !this.isDisposed);
      } finally {
        this.reading.delete(uri);
      }
    })();
  }

  private fromDocument(uri: vscode.Uri): void {
    const document = this.openDocument(uri);
    if (!document) return;
    if (!document.isDirty) return this.touch(uri);
    const had = this.entries.has(uri);
    const plan = this.planOf(document);
    if (!plan.isPlan && !had) return;
    if (this.keep(uri, document.getText(), Date.now(), plan)) this.announce(had ? { uri } : {});
  }
}
