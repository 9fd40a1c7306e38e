// Start Plan…'s command line: `beadsPlan.orchestrator.command` with its
// placeholders filled in inside each argument, never re-split or joined, so
// that an issue id is only ever one argument's content. The editor runs it as
// a terminal's own process (shellPath/shellArgs): no shell reads it.
import { isIssueId } from './client';

const PLACEHOLDER = /\$\{(issueId|workspaceFolder)\}/g;

/** The program and arguments, or why it cannot run: no program set, or an id that is not a beads id. */
export function orchestratorCommand(template: readonly string[], id: string, folder: string): { ok: true; command: string[] } | { ok: false; reason: string } {
  if (!template[0]?.trim()) return { ok: false, reason: 'beadsPlan.orchestrator.command names no program, e.g. ["claude", "/beads-work ${issueId}"]' };
  // An id-shaped id never starts with "-": it cannot become an option of the orchestrator.
  if (!isIssueId(id)) return { ok: false, reason: `"${id}" is not a beads id` };
  return { ok: true, command: template.map((arg) => arg.replace(PLACEHOLDER, (_w, name: string) => (name === 'issueId' ? id : folder))) };
}
