// The HEAD side of Review Changes: a read-only document per file, read from
// git through src/git (no dependency on the git extension). Its uri keeps the
// file's own path, so that the diff editor sees the same file on both sides
// and takes its language from the name, and the commit the review was opened
// on, so that the review stays what it was once the user commits.
import * as vscode from 'vscode';
import { showHead } from '../../git/review';

export const HEAD_SCHEME = 'beads-plan-head';

interface HeadQuery {
  readonly root: string;
  readonly head: string;
  readonly path: string;
}

/** The document of `path` (repo-relative) in the commit `head` of the repository at `root`. */
export function headUri(root: string, head: string, path: string): vscode.Uri {
  const query: HeadQuery = { root, head, path };
  return vscode.Uri.joinPath(vscode.Uri.file(root), ...path.split('/')).with({ scheme: HEAD_SCHEME, query: JSON.stringify(query) });
}

export class HeadContentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    // git runs only where the workspace is trusted (a repository's config can name programs git runs).
    if (!vscode.workspace.isTrusted) throw new Error('Reading files from git is disabled in Restricted Mode.');
    const query = JSON.parse(uri.query) as Partial<HeadQuery>;
    if (typeof query.root !== 'string' || typeof query.head !== 'string' || typeof query.path !== 'string') throw new Error(`Not a Review Changes document: ${uri.toString()}`);
    return showHead(query.root, query.head, query.path);
  }
}
