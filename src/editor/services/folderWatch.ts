// A fast path for changes to known plans: Node's fs.watch (inotify) on the
// folders that hold them, beside VS Code's file watchers (which still find new
// plans). VS Code's watcher reaches the extension host after its own
// batching; a folder watch reports a write, a truncate or a rename over the
// plan within a millisecond, and, unlike a watch on the file, survives the
// file being replaced by a rename.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type * as vscode from 'vscode';

export class FolderWatch implements vscode.Disposable {
  /** Per folder: its watcher, and the names in it that are watched. */
  private readonly folders = new Map<string, { watcher: FSWatcher | undefined; names: Set<string> }>();

  constructor(
    private readonly onChange: (path: string) => void,
    private readonly onError: (folder: string, error: unknown) => void,
  ) {}

  /** Watches exactly `paths` from now on (file-system paths). */
  set(paths: Iterable<string>): void {
    const wanted = new Map<string, Set<string>>();
    for (const path of paths) {
      const folder = dirname(path);
      if (!wanted.has(folder)) wanted.set(folder, new Set());
      wanted.get(folder)!.add(basename(path));
    }
    for (const [folder, entry] of this.folders)
      if (!wanted.has(folder)) {
        entry.watcher?.close();
        this.folders.delete(folder);
      }
    for (const [folder, names] of wanted) {
      const entry = this.folders.get(folder);
      if (entry) entry.names = names;
      else this.folders.set(folder, { watcher: this.open(folder), names });
    }
  }

  private open(folder: string): FSWatcher | undefined {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, name) => {
        const names = this.folders.get(folder)?.names;
        // Some platforms give no name: then every watched plan of the folder may have changed.
        if (name === null) for (const n of names ?? []) this.onChange(join(folder, n));
        else if (names?.has(name.toString())) this.onChange(join(folder, name.toString()));
      });
      // The folder went away: VS Code's watchers see what happens next.
      watcher.on('error', (e) => {
        watcher.close();
        const entry = this.folders.get(folder);
        if (entry) entry.watcher = undefined;
        this.onError(folder, e);
      });
      return watcher;
    } catch (e) {
      this.onError(folder, e);
      return undefined;
    }
  }

  dispose(): void {
    for (const { watcher } of this.folders.values()) watcher?.close();
    this.folders.clear();
  }
}
