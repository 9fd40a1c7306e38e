// Lifetimes, as VS Code's own extensions manage them: an object registers
// what it creates and disposes of all of it once, in reverse order.
import type * as vscode from 'vscode';

function disposeAll(disposables: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const d of [...disposables].reverse()) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, 'Several disposables failed');
}

export abstract class Disposable implements vscode.Disposable {
  private disposed = false;
  private readonly owned: vscode.Disposable[] = [];

  /** Owns `value`: it is disposed with this object (at once, when this one is already gone). */
  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }
}

/** A set of disposables that can be cleared and refilled, e.g. watchers recreated on every discovery. */
export class DisposableStore implements vscode.Disposable {
  private readonly items = new Set<vscode.Disposable>();
  private disposed = false;

  add<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.items.add(value);
    return value;
  }

  clear(): void {
    const items = [...this.items];
    this.items.clear();
    disposeAll(items);
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }
}
