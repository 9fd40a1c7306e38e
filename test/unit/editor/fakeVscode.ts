// A stand-in for the `vscode` module, so that the editor layer's services run
// in unit tests with no editor (python-environments' unit tests hold a mock of
// the module the same way). It has only what the services under test call, shaped
// after the real API's declarations (@types/vscode); settings answer with
// package.json's defaults, as the editor does, unless a test sets a value.
// `test/unit/editor/vscode.ts` makes `require('vscode')` return this module.
import { readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  constructor(private readonly callOnDispose: () => unknown) {}
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath.split(sep).join('/'));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...segments));
  }
  static from(parts: { scheme: string; path: string }): Uri {
    return new Uri(parts.scheme, parts.path);
  }
  get fsPath(): string {
    return this.path.split('/').join(sep);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export interface WorkspaceFolder {
  readonly uri: Uri;
  readonly name: string;
  readonly index: number;
}

export class RelativePattern {
  constructor(
    readonly base: WorkspaceFolder | Uri,
    readonly pattern: string,
  ) {}
}

/** An output channel a service created: what it was sent, and whether it was closed. */
export interface FakeOutputChannel {
  readonly name: string;
  /** Everything appended, in order. */
  output: string;
  disposed: boolean;
  append(text: string): void;
  appendLine(text: string): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

interface QuickPickItem {
  readonly label: string;
}

/** A quick pick as it was shown: its title and its items' labels, in order. */
export interface ShownPick {
  readonly title: string | undefined;
  readonly labels: readonly string[];
}

/** What a test sets up and reads back: folders, setting values, messages shown, files a glob finds, documents, quick picks, output channels made. */
export const fake = {
  folders: [] as WorkspaceFolder[],
  settings: new Map<string, unknown>(),
  messages: [] as Array<{ readonly kind: 'info' | 'warning' | 'error'; readonly text: string }>,
  /** What `findFiles` answers, by pattern; absent patterns find nothing. */
  files: new Map<string, Uri[]>(),
  commands: [] as Array<{ readonly id: string; readonly args: unknown[] }>,
  channels: [] as FakeOutputChannel[],
  /** The text `openTextDocument` reads, by the Uri's string form. */
  documents: new Map<string, string>(),
  picks: [] as ShownPick[],
  /** Answers a quick pick with the label of the item to take (undefined: the user pressed Escape). */
  answer: (_pick: ShownPick): string | undefined => undefined,
  /** Answers a message with the button the user clicks (undefined: closed without one). */
  button: (_text: string, _buttons: readonly string[]): string | undefined => undefined,
  reset(): void {
    this.folders = [];
    this.settings.clear();
    this.messages.length = 0;
    this.files.clear();
    this.commands.length = 0;
    this.channels.length = 0;
    this.documents.clear();
    this.picks.length = 0;
    this.answer = () => undefined;
    this.button = () => undefined;
    window.activeTextEditor = undefined;
  },
};

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};
const defaults = new Map(Object.entries(manifest.contributes.configuration.properties).map(([key, p]) => [key, p.default]));

const noEvent = (): Disposable => new Disposable(() => undefined);

export const workspace = {
  get workspaceFolders(): readonly WorkspaceFolder[] | undefined {
    return fake.folders.length > 0 ? fake.folders : undefined;
  },
  textDocuments: [] as unknown[],
  isTrusted: true,
  getConfiguration(section: string) {
    const full = (key: string) => `${section}.${key}`;
    return {
      get: <T>(key: string, fallback?: T): T | undefined => (fake.settings.has(full(key)) ? fake.settings.get(full(key)) : defaults.get(full(key)) ?? fallback) as T | undefined,
      inspect: <T>(key: string) => ({ key: full(key), defaultValue: defaults.get(full(key)) as T | undefined }),
    };
  },
  getWorkspaceFolder(uri: Uri): WorkspaceFolder | undefined {
    return fake.folders.find((f) => !relative(f.uri.fsPath, uri.fsPath).startsWith('..'));
  },
  asRelativePath(uri: Uri): string {
    const folder = workspace.getWorkspaceFolder(uri);
    return folder ? relative(folder.uri.fsPath, uri.fsPath).split(sep).join('/') : uri.fsPath;
  },
  openTextDocument(uri: Uri): Promise<{ readonly uri: Uri; getText(): string }> {
    const text = fake.documents.get(uri.toString());
    return text === undefined ? Promise.reject(new Error(`cannot open ${uri.toString()}`)) : Promise.resolve({ uri, getText: () => text });
  },
  findFiles(pattern: RelativePattern): Promise<Uri[]> {
    return Promise.resolve(fake.files.get(pattern.pattern) ?? []);
  },
  createFileSystemWatcher() {
    return { onDidCreate: noEvent, onDidChange: noEvent, onDidDelete: noEvent, dispose: () => undefined };
  },
  onDidChangeTextDocument: noEvent,
  onDidOpenTextDocument: noEvent,
  onDidCloseTextDocument: noEvent,
  onDidChangeWorkspaceFolders: noEvent,
  onDidChangeConfiguration: noEvent,
};

const shown =
  (kind: 'info' | 'warning' | 'error') =>
  (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    fake.messages.push({ kind, text });
    // The buttons follow the text (after the options object of a modal).
    return Promise.resolve(fake.button(text, rest.filter((r): r is string => typeof r === 'string')));
  };

/** The part of a TextEditor the commands read: its document's Uri and the cursor's line. */
export interface FakeEditor {
  readonly document: { readonly uri: Uri };
  readonly selection: { readonly active: Position };
}

export const window = {
  activeTextEditor: undefined as FakeEditor | undefined,
  showInformationMessage: shown('info'),
  showWarningMessage: shown('warning'),
  showErrorMessage: shown('error'),
  createOutputChannel(name: string): FakeOutputChannel {
    const channel: FakeOutputChannel = {
      name,
      output: '',
      disposed: false,
      append: (text) => void (channel.output += text),
      appendLine: (text) => void (channel.output += `${text}\n`),
      show: () => undefined,
      dispose: () => void (channel.disposed = true),
    };
    fake.channels.push(channel);
    return channel;
  },
  onDidChangeActiveTextEditor: noEvent,
  showQuickPick<T extends QuickPickItem>(items: readonly T[], options: { readonly title?: string } = {}): Promise<T | undefined> {
    const pick = { title: options.title, labels: items.map((i) => i.label) };
    fake.picks.push(pick);
    const label = fake.answer(pick);
    return Promise.resolve(items.find((i) => i.label === label));
  },
};

const registered = new Map<string, (...args: unknown[]) => unknown>();

export const commands = {
  registerCommand(id: string, run: (...args: unknown[]) => unknown): Disposable {
    registered.set(id, run);
    return new Disposable(() => registered.delete(id));
  },
  /** Runs a registered command (awaiting it), or records a call to one of the editor's own. */
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    fake.commands.push({ id, args });
    return registered.get(id)?.(...args);
  },
};
