// The Plan Timeline: one webview panel per plan, drawing src/plan/timeline's SVG
// from the plan the store holds, redrawn on the same events as the tree (the
// store's and the worker service's). The page runs only the extension's own
// script and style from media/ (a Content-Security-Policy with a nonce,
// nothing from the network); a click on a bar comes back as a message, and
// the command that opened the panel decides how to reveal the line.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { buildTimeline } from '../../plan/timeline/model';
import { renderTimeline } from '../../plan/timeline/render';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import type { RunningWorkers } from '../services/workerService';

const VIEW_TYPE = 'beadsPlan.timeline';

/** Reveals a log line of the plan; `panelColumn` is where the timeline is, so the plan can open elsewhere. */
type RevealLine = (line: number, panelColumn: vscode.ViewColumn | undefined) => unknown;

/** What the page says: it loaded, or was resized (its width in pixels), or a bar was chosen. */
type FromPage = { readonly type: 'ready' | 'resize'; readonly width: number } | { readonly type: 'reveal'; readonly line: number };

function isMessage(m: unknown): m is FromPage {
  if (typeof m !== 'object' || m === null) return false;
  const { type, line, width } = m as { type?: unknown; line?: unknown; width?: unknown };
  if (type === 'reveal') return Number.isInteger(line) && (line as number) >= 0;
  return (type === 'ready' || type === 'resize') && typeof width === 'number' && width > 0 && width < 100_000;
}

class TimelinePanel extends Disposable {
  readonly panel: vscode.WebviewPanel;
  private shown = '';
  private width: number | undefined;

  constructor(
    private readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
    private readonly store: PlanStore,
    private readonly workers: RunningWorkers,
    public reveal: RevealLine,
    column: vscode.ViewColumn,
  ) {
    super();
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = this._register(vscode.window.createWebviewPanel(VIEW_TYPE, this.title(), column, { enableScripts: true, localResourceRoots: [media] }));
    this.panel.iconPath = vscode.Uri.joinPath(media, 'beads.svg');
    const webview = this.panel.webview;
    this.shown = this.content();
    webview.html = page(webview, media, this.shown);
    this._register(
      webview.onDidReceiveMessage((m: unknown) => {
        if (!isMessage(m)) return;
        if (m.type === 'reveal') return void this.reveal(m.line, this.panel.viewColumn);
        this.width = m.width;
        // A page that (re)loads has what the html had: while hidden, it missed the updates.
        if (m.type === 'ready') this.shown = '';
        this.update();
      }),
    );
    this._register(
      store.onDidChange((change) => {
        if (!change.uri || change.uri.toString() === uri.toString()) this.update();
      }),
    );
    this._register(workers.onDidChange((changed) => changed.toString() === uri.toString() && this.update()));
  }

  private title(): string {
    const entry = this.store.get(this.uri);
    return `Timeline: ${entry ? this.store.label(entry) : vscode.workspace.asRelativePath(this.uri)}`;
  }

  private content(): string {
    const entry = this.store.get(this.uri);
    const path = vscode.workspace.asRelativePath(this.uri);
    if (!entry) return renderTimeline(undefined, { title: path, path });
    const now = Date.now();
    const live = new Map([...this.workers.running(this.uri)].map(([id, activity]) => [id, now - activity.started]));
    return renderTimeline(buildTimeline(entry.plan), { live, title: this.store.label(entry), path, ...(this.width !== undefined ? { width: this.width } : {}) });
  }

  /** Redraws, sending only content that changed (the worker service ticks every second). */
  update(): void {
    this.panel.title = this.title();
    const html = this.content();
    if (html === this.shown) return;
    this.shown = html;
    void this.panel.webview.postMessage({ type: 'render', html });
  }
}

function page(webview: vscode.Webview, media: vscode.Uri, content: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, name)).toString();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('timeline.css')}">
<title>Plan Timeline</title>
</head>
<body>
<main id="content">${content}</main>
<div id="tip" class="bwp-tip" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${asset('timeline.js')}"></script>
</body>
</html>`;
}

/** The open timelines, one per plan. */
export class TimelinePanels extends Disposable {
  private readonly panels = new ResourceMap<TimelinePanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: PlanStore,
    private readonly workers: RunningWorkers,
  ) {
    super();
    this._register({ dispose: () => [...this.panels.values()].forEach((p) => p.dispose()) });
  }

  /** Opens the plan's timeline (beside the editor, or with the other timelines), or brings its open one forward. */
  show(uri: vscode.Uri, reveal: RevealLine): void {
    const open = this.panels.get(uri);
    if (open) {
      open.reveal = reveal;
      open.update();
      open.panel.reveal();
      return;
    }
    // Timelines share one editor group: beside the editor for the first, in the group of the open ones after it.
    const column = [...this.panels.values()].find((p) => p.panel.viewColumn !== undefined)?.panel.viewColumn ?? vscode.ViewColumn.Beside;
    const panel = new TimelinePanel(uri, this.extensionUri, this.store, this.workers, reveal, column);
    this.panels.set(uri, panel);
    panel.panel.onDidDispose(() => {
      this.panels.delete(uri);
      panel.dispose();
    });
  }
}
