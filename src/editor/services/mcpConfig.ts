// What Set Up Agent Integration writes: the `beads-plan` entry of a
// workspace's `.mcp.json` (Claude Code's project MCP servers), added to
// whatever the file holds, and the orchestrator prompt it offers to copy.
// No editor import: unit tests load it.
//
// The entry runs `beads-plan mcp` by name, never a path into the extension's
// folder: that path changes with every update of the extension, and the file
// is committed with the repository. `beads-plan` comes from the PATH that the
// editor's terminals get (the extension adds its own copy), or from
// `npm install -g`; the README says both.

export const SERVER_NAME = 'beads-plan';
export const SERVER_ENTRY: Readonly<{ command: string; args: readonly string[] }> = { command: 'beads-plan', args: ['mcp'] };

export type McpJsonUpdate =
  /** The new text, and whether an entry named beads-plan was there before (and is replaced). */
  | { readonly text: string; readonly replaced: boolean }
  /** Already as it should be: nothing to write. */
  | { readonly unchanged: true }
  /** The file cannot be updated without losing something: why. */
  | { readonly error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The indentation the file uses (its first indented line), so that a rewrite keeps its look; two spaces for a new file. */
function indentOf(text: string): string | number {
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0];
  return indent ?? 2;
}

/**
 * `.mcp.json` with the beads-plan server in it; `current` is the file's text,
 * undefined when there is none. Every other server and key is kept as it was.
 */
export function updateMcpJson(current: string | undefined): McpJsonUpdate {
  let config: Record<string, unknown> = {};
  if (current !== undefined && current.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(current.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { error: `.mcp.json is not valid JSON (${e instanceof Error ? e.message : String(e)}); fix it, then run Set Up Agent Integration again` };
    }
    if (!isObject(parsed)) return { error: '.mcp.json does not hold a JSON object; fix it, then run Set Up Agent Integration again' };
    config = parsed;
  }
  const servers = config.mcpServers ?? {};
  if (!isObject(servers)) return { error: '"mcpServers" in .mcp.json is not an object; fix it, then run Set Up Agent Integration again' };
  const existing = servers[SERVER_NAME];
  if (JSON.stringify(existing) === JSON.stringify(SERVER_ENTRY)) return { unchanged: true };
  const next = { ...config, mcpServers: { ...servers, [SERVER_NAME]: SERVER_ENTRY } };
  return { text: `${JSON.stringify(next, null, current ? indentOf(current) : 2)}\n`, replaced: existing !== undefined };
}

/** README's "For an orchestrator's prompt", for the tools (a unit test holds the two the same). */
export const ORCHESTRATOR_PROMPT = `Change the Beads Work Plan only with the beads-plan MCP tools (server
"beads-plan"); never edit the plan file yourself, not even its log. Pass the
plan's path relative to the workspace (.beads/PLAN.md), or leave it out when
the workspace has one plan. Each editing tool returns the diff it made and the
plan's findings; a refused call is a tool error with the reason: fix the call,
and when it says "the plan is being rewritten", call it again.
- plan_show: read the plan (phases, tasks, validation, log, findings)
- plan_set_task {id, status: "in_progress", worker}: when a worker starts a task
- plan_set_task {id, status: "done"}   (failed: add respawns: "+1" when you respawn it)
- plan_validate {task, testsRun: "<n> tests", testsPassed: "<n>/<n>", typesPassed: "yes", valid: true}
- plan_add_task, plan_add_review, plan_check {item}: new tasks, reviews, Final Verification items
- plan_log {text}: what happened
- plan_advance: when the current phase is finished
- plan_gate: may the commit proceed?
Stop at phase 9. Phase 10 is the user's: only after the user says "commit" and
the commit exists, call plan_set_phase {phase: 10, status: "done", commit: "<hash>"}.`;
