// The proof the commit phase asks for: a hash that names a commit in the
// plan's own repository. Git runs without a shell, on an argument that can
// only be hex digits, so nothing in it reaches git as an option.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CliError } from './io';

const execFileAsync = promisify(execFile);

interface ExecFailure {
  readonly code?: number | string;
  readonly stderr?: string;
}

/** The commit's short hash; refuses (exit 1) anything that is not a commit in the repository around `dir`. */
export async function shortCommitHash(dir: string, hash: string): Promise<string> {
  if (!/^[0-9a-f]{4,64}$/i.test(hash)) throw new CliError(`--commit ${JSON.stringify(hash)} is not a commit hash (4 to 64 hex digits)`, 1);
  try {
    const { stdout } = await execFileAsync('git', ['rev-parse', '--verify', '--quiet', '--short', `${hash}^{commit}`], {
      cwd: dir,
      timeout: 10_000,
    });
    return stdout.trim();
  } catch (e) {
    const { code, stderr } = e as ExecFailure;
    if (code === 'ENOENT') throw new CliError('cannot check --commit: git is not installed', 1);
    // With --quiet, git says nothing and exits 1 for a well-formed name that is no commit.
    if (code === 1) throw new CliError(`--commit ${hash} is not a commit in the repository of ${dir}`, 1);
    const said = (stderr ?? '').trim().split('\n')[0] || `git exited with ${String(code)}`;
    throw new CliError(`cannot check --commit ${hash} in ${dir}: ${said}`, 1);
  }
}
