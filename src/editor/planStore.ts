// Discovery, watching and parsing of plans: the one place the editor gets a
// Plan from. Text is the only truth: an open document (dirty or not) wins over
// the file on disk; parses are cached per document version or file stamp.
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import type { Plan } from '../plan/model';
import { parsePlan } from '../plan/parse';
import { looksLikePlan, SNIFF_BYTES } from '../plan/sniff';
import { KeyedDebouncer } from '../util/debounce';
import { excludeGlob, planGlobs } from './config';

export interface PlanEntry {
  readonly uri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder | undefined;
  /** Last modification, for sorting: the file's mtime, or the time of the last edit in the editor. */
  readonly mtime: number;
  readonly plan: Plan;
  readonly text: string;
}

/** `uri` set: that plan changed or went away; undefined: the set of plans changed. */
export interface PlanChange {
  readonly uri?: vscode.Uri;
}

const FILE_DEBOUNCE_MS = 60;
const EDIT_DEBOUNCE_MS = 120;
const MAX_WAIT_MS = 250;
/** How many times an empty plan file is read again before it counts as emptied for good (about a second). */
const MAX_EMPTY_READS = 15;

async function readHead(path: string): Promise<string> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export class PlanStore implements vscode.Disposable {
  private readonly entries = new Map<string, PlanEntry>();
  private readonly emptyReads = new Map<string, number>();
  private readonly documentCache = new WeakMap<vscode.TextDocument, { version: number; plan: Plan }>();
  private readonly changed = new vscode.EventEmitter<PlanChange>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  private readonly fileEvents = new KeyedDebouncer<string>((key) => void this.reload(vscode.Uri.parse(key)), FILE_DEBOUNCE_MS, MAX_WAIT_MS);
  private readonly editEvents = new KeyedDebouncer<string>((key) => this.fromDocument(key), EDIT_DEBOUNCE_MS, MAX_WAIT_MS);

  constructor() {
    this.disposables.push(
      // A dirty document is the truth for its plan; a clean one is VS Code catching up with the disk,
      // possibly with an older version than the disk already has, so the disk is read instead.
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.isCandidate(e.document))
          (e.document.isDirty ? this.editEvents : this.fileEvents).trigger(e.document.uri.toString());
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (!this.entries.has(d.uri.toString()) && this.isCandidate(d)) this.fileEvents.trigger(d.uri.toString());
      }),
      // Closing an unsaved editor makes the file on disk the truth again.
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.entries.has(d.uri.toString())) this.fileEvents.trigger(d.uri.toString());
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discover()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('beadsPlan.planGlobs') || e.affectsConfiguration('files.exclude')) void this.discover();
      }),
      { dispose: () => this.fileEvents.dispose() },
      { dispose: () => this.editEvents.dispose() },
    );
  }

  /** Plans, most recently modified first. */
  list(): PlanEntry[] {
    return [...this.entries.values()].sort((a, b) => b.mtime - a.mtime || a.uri.fsPath.localeCompare(b.uri.fsPath));
  }

  get(uri: vscode.Uri): PlanEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** The plan of an open document, parsed once per document version. */
  planOf(document: vscode.TextDocument): Plan {
    const cached = this.documentCache.get(document);
    if (cached?.version === document.version) return cached.plan;
    // A clean document usually holds the text the store already parsed from disk.
    const text = document.getText();
    const entry = this.entries.get(document.uri.toString());
    const plan = entry?.text === text ? entry.plan : parsePlan(text);
    this.documentCache.set(document, { version: document.version, plan });
    return plan;
  }

  isPlanDocument(document: vscode.TextDocument): boolean {
    return this.entries.has(document.uri.toString());
  }

  /** Finds every plan in every workspace folder and (re)creates the watchers. */
  async discover(): Promise<void> {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const found = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const exclude = excludeGlob(folder);
      for (const glob of planGlobs(folder)) {
        const pattern = new vscode.RelativePattern(folder, glob);
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        const onEvent = (uri: vscode.Uri) => {
          if (!uri.path.includes('/node_modules/')) this.fileEvents.trigger(uri.toString());
        };
        watcher.onDidCreate(onEvent);
        watcher.onDidChange(onEvent);
        watcher.onDidDelete(onEvent);
        this.watchers.push(watcher);
        for (const uri of await vscode.workspace.findFiles(pattern, exclude)) found.add(uri.toString());
      }
    }
    for (const key of [...this.entries.keys()]) if (!found.has(key)) this.entries.delete(key);
    await Promise.all([...found].map((key) => this.load(vscode.Uri.parse(key))));
    this.changed.fire({});
  }

  private isCandidate(document: vscode.TextDocument): boolean {
    if (this.entries.has(document.uri.toString())) return true;
    return document.uri.scheme === 'file' && document.languageId === 'markdown' && looksLikePlan(document.getText(new vscode.Range(0, 0, 80, 0)));
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  }

  /** Reads one plan from its dirty document or from disk; returns whether it is (still) a plan. */
  private async load(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    // Unsaved edits are the truth while a document is dirty; otherwise the disk is (VS Code reloads a clean document later).
    const document = this.openDocument(uri);
    if (document?.isDirty) return this.store(uri, document.getText(), Date.now(), this.planOf(document));
    try {
      const head = await readHead(uri.fsPath);
      // An agent rewriting the file truncates it first: an empty read of a known plan is a write in progress.
      const empties = head === '' ? (this.emptyReads.get(key) ?? 0) + 1 : 0;
      this.emptyReads.set(key, empties);
      if (empties > 0 && empties <= MAX_EMPTY_READS && this.entries.has(key)) {
        this.fileEvents.trigger(key);
        return true;
      }
      if (!looksLikePlan(head)) return this.forget(key);
      const [text, stat] = await Promise.all([fs.readFile(uri.fsPath, 'utf8'), fs.stat(uri.fsPath)]);
      const previous = this.entries.get(key);
      if (previous && previous.text === text) return true;
      return this.store(uri, text, stat.mtimeMs, parsePlan(text));
    } catch {
      return this.forget(key);
    }
  }

  private store(uri: vscode.Uri, text: string, mtime: number, plan: Plan): boolean {
    if (!plan.isPlan) return this.forget(uri.toString());
    this.entries.set(uri.toString(), { uri, folder: vscode.workspace.getWorkspaceFolder(uri), mtime, plan, text });
    return true;
  }

  private forget(key: string): false {
    this.entries.delete(key);
    return false;
  }

  private async reload(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const before = this.entries.get(key);
    const isPlan = await this.load(uri);
    const after = this.entries.get(key);
    if (before === after) return;
    this.changed.fire(isPlan && before ? { uri } : {});
  }

  private fromDocument(key: string): void {
    const document = this.openDocument(vscode.Uri.parse(key));
    if (!document) return;
    if (!document.isDirty) return this.fileEvents.trigger(key);
    const before = this.entries.get(key);
    if (before && before.text === document.getText()) return;
    const isPlan = this.store(document.uri, document.getText(), Date.now(), this.planOf(document));
    if (isPlan || before) this.changed.fire(isPlan && before ? { uri: document.uri } : {});
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
