// What Review Changes shows of each file a commit would take: the file as
// HEAD has it, beside the working tree. Read-only: nothing is staged or written.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { gitAt, maybe } from './repo';

/** One file of a review: repo-relative, and which sides of the diff it has. */
interface ReviewFile {
  readonly path: string;
  /** HEAD has it: false for a file the commit would add. */
  readonly inHead: boolean;
  /** The working tree has it: false for a file the commit would delete. */
  readonly onDisk: boolean;
}

export interface Review {
  /** The commit HEAD names now; undefined in a repository without commits. */
  readonly head?: string;
  readonly files: readonly ReviewFile[];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** HEAD's commit, and the sides each of `files` (repo-relative, as the commit lists them) has, in the same order. */
export async function reviewFiles(root: string, files: readonly string[]): Promise<Review> {
  const git = await gitAt(root);
  const head = await maybe(git, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const listed = head === undefined || files.length === 0 ? '' : await git.raw(['ls-tree', '-r', '-z', '--name-only', head, '--', ...files]);
  const inHead = new Set(listed.split('\0'));
  const sides = await Promise.all(files.map(async (path) => ({ path, inHead: inHead.has(path), onDisk: await exists(join(root, path)) })));
  return { ...(head !== undefined ? { head } : {}), files: sides };
}

/**
 * The file `path` (repo-relative) as the commit `head` has it: the HEAD a
 * review was opened on, so that the review stays what it was after a commit.
 */
export async function showHead(root: string, head: string, path: string): Promise<string> {
  // `<hash>:<path>` is one argument that starts with hex digits: it can never become an option.
  if (!/^[0-9a-f]{7,64}$/.test(head)) throw new Error(`"${head}" is not a commit hash`);
  return (await gitAt(root)).raw(['cat-file', 'blob', `${head}:${path}`]);
}
