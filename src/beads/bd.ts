// The beads CLI's `bd sync` (push the issue database through git), offered
// after a commit when the installed `bd` has it. Run directly, never through a shell.
import { execFile } from 'node:child_process';

type BdSyncResult = { readonly ok: true; readonly output: string } | { readonly ok: false; readonly error: string; readonly output: string };

/** Whether `bd --help` lists a `sync` subcommand (cobra prints `  sync   Synchronize …` under "Available Commands"). */
export function hasSyncCommand(help: string): boolean {
  return /^[ \t]+sync(?:\s|$)/m.test(help);
}

function runBd(command: string, args: string[], options: { cwd?: string; timeout: number }): Promise<{ error?: Error; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { ...options, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ ...(error ? { error } : {}), output: `${stdout}${stderr}`.trim() }),
    );
  });
}

/** Whether an installed `bd` has `sync`; false when bd is missing, hangs past `timeoutMs` or lacks it. */
export async function detectBdSync(command = 'bd', timeoutMs = 3_000): Promise<boolean> {
  const { output } = await runBd(command, ['--help'], { timeout: timeoutMs });
  return hasSyncCommand(output);
}

export async function runBdSync(cwd: string, command = 'bd', timeoutMs = 120_000): Promise<BdSyncResult> {
  const { error, output } = await runBd(command, ['sync'], { cwd, timeout: timeoutMs });
  return error ? { ok: false, error: error.message, output } : { ok: true, output };
}
