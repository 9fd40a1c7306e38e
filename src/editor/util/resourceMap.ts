// State keyed by a resource: the Uri's string form is the key, and the Uri
// itself is kept beside the value, so nothing is re-parsed from a string.
import type * as vscode from 'vscode';

export class ResourceMap<T> {
  private readonly map = new Map<string, { readonly uri: vscode.Uri; value: T }>();

  private static key(uri: vscode.Uri): string {
    return uri.toString();
  }

  get size(): number {
    return this.map.size;
  }

  has(uri: vscode.Uri): boolean {
    return this.map.has(ResourceMap.key(uri));
  }

  get(uri: vscode.Uri): T | undefined {
    return this.map.get(ResourceMap.key(uri))?.value;
  }

  set(uri: vscode.Uri, value: T): this {
    this.map.set(ResourceMap.key(uri), { uri, value });
    return this;
  }

  delete(uri: vscode.Uri): boolean {
    return this.map.delete(ResourceMap.key(uri));
  }

  clear(): void {
    this.map.clear();
  }

  *keys(): IterableIterator<vscode.Uri> {
    for (const entry of this.map.values()) yield entry.uri;
  }

  *values(): IterableIterator<T> {
    for (const entry of this.map.values()) yield entry.value;
  }

  *entries(): IterableIterator<[vscode.Uri, T]> {
    for (const entry of this.map.values()) yield [entry.uri, entry.value];
  }

  [Symbol.iterator](): IterableIterator<[vscode.Uri, T]> {
    return this.entries();
  }
}
