// The workspace `beads-plan mcp` serves: the folder it was started in. Its
// plans are found as the extension finds them (a `.beads/**/*.md` that reads
// as a plan, or is empty for a moment while an agent rewrites it, or any
// Markdown file whose first heading is `# Beads Work Plan`),
// and a path an agent gives is only accepted when its real path stays inside
// the folder: a symlink or `..` never leads an edit out of it.
import { closeSync, openSync, readSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { hasPlanStructure, looksLikePlan, SNIFF_BYTES } from '../plan/read/sniff';
import { CliError } from './io';

/** Folders never searched: tools' own trees, where no plan of the workspace lives. */
const SKIPPED = new Set(['.git', 'node_modules', '.vscode-test']);
/** Bounds on the search, so that a huge tree answers quickly with what it found. */
const MAX_ENTRIES = 50_000;
const MAX_DEPTH = 12;
/** A damaged plan under `.beads/` is told by structure further down than the title. */
const STRUCTURE_BYTES = 65_536;

function head(file: string, bytes: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function isPlanFile(file: string, underBeads: boolean): boolean {
  try {
    if (!underBeads) return looksLikePlan(head(file, SNIFF_BYTES));
    const text = head(file, STRUCTURE_BYTES);
    // Empty: an agent's truncate and write in progress (the edit waits for the text to settle).
    return text === '' || looksLikePlan(text.slice(0, SNIFF_BYTES)) || hasPlanStructure(text);
  } catch {
    // Unreadable, or gone since the folder was listed: not a plan we can serve.
    return false;
  }
}

export class Workspace {
  /** The real path of the folder. */
  readonly root: string;

  constructor(folder: string) {
    this.root = realpathSync(folder);
  }

  /** The plans, as paths relative to the root with `/` separators, sorted. */
  plans(): string[] {
    const found: string[] = [];
    let entries = 0;
    const walk = (dir: string, rel: string, depth: number, underBeads: boolean): void => {
      let list;
      try {
        list = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of list) {
        if (++entries > MAX_ENTRIES) return;
        const name = entry.name;
        const path = rel === '' ? name : `${rel}/${name}`;
        if (entry.isDirectory()) {
          if (!SKIPPED.has(name) && depth < MAX_DEPTH) walk(join(dir, name), path, depth + 1, underBeads || name === '.beads');
        } else if (entry.isFile() && /\.md$/i.test(name) && isPlanFile(join(dir, name), underBeads)) found.push(path);
      }
    };
    walk(this.root, '', 0, false);
    return found.sort();
  }

  /** `path` (relative to the root, or absolute) as a path relative to the root, once its real path is known to be inside; else the only plan. */
  resolve(path: string | undefined): string {
    if (path === undefined || path.trim() === '') return this.onlyPlan();
    const full = resolve(this.root, path);
    let real: string;
    try {
      real = realpathSync(full);
    } catch {
      throw new CliError(`${path}: no such file in the workspace (${this.root})`, 2);
    }
    if (!this.contains(real)) throw new CliError(`${path}: is outside the workspace (${this.root}); only its plans are served`, 2);
    return relative(this.root, full).split(sep).join('/');
  }

  private contains(real: string): boolean {
    const rel = relative(this.root, real);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  }

  private onlyPlan(): string {
    const plans = this.plans();
    if (plans.length === 1) return plans[0]!;
    if (plans.length === 0) throw new CliError(`no plan in the workspace (${this.root}): none under .beads/ and no Markdown file whose first heading is "# Beads Work Plan"`, 2);
    throw new CliError(`the workspace has ${plans.length} plans; give the path of one: ${plans.join(', ')}`, 2);
  }
}
