// What a stream-json run looks like to a person: the step a tool call is (for
// the tree row), a readable transcript line per event (for the output
// channel), and the verdict of the `result` event.
import { formatCost, formatTurns } from '../plan/formats/workerLog';
import type { PermissionDenial, ResultEvent, StreamEvent } from './streamJson';

const FILE_TOOLS: ReadonlySet<string> = new Set(['Read', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'NotebookRead']);
/** The input field that says what a tool call is about, by tool. */
const KEY_INPUT: Readonly<Record<string, string>> = {
  Bash: 'command',
  Grep: 'pattern',
  Glob: 'pattern',
  WebFetch: 'url',
  WebSearch: 'query',
  Task: 'description',
  Agent: 'description',
};

function clip(text: string, max: number): string {
  const line = text.trim().split('\n')[0]!.trim();
  return line.length > max || text.trim().includes('\n') ? `${line.slice(0, max).trimEnd()}…` : line;
}

const basename = (path: string): string => path.split(/[\\/]/).filter((part) => part !== '').pop() ?? path;

function fileOf(input: Readonly<Record<string, unknown>>): string | undefined {
  const path = input.file_path ?? input.notebook_path ?? input.path;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/** A tool call as one short step: `Edit test_database_backend.py`, `Bash: pytest -q tests/bdd`. */
export function stepLabel(name: string, input: Readonly<Record<string, unknown>>): string {
  const file = FILE_TOOLS.has(name) ? fileOf(input) : undefined;
  if (file) return `${name} ${basename(file)}`;
  const key = input[KEY_INPUT[name] ?? ''];
  return typeof key === 'string' && key.trim() !== '' ? `${name}: ${clip(key, 60)}` : name;
}

/** A tool call with its key input in full (the path, the command's first line). */
function toolLine(name: string, input: Readonly<Record<string, unknown>>): string {
  const file = FILE_TOOLS.has(name) ? fileOf(input) : undefined;
  if (file) return `${name} ${file}`;
  const key = input[KEY_INPUT[name] ?? ''];
  return typeof key === 'string' && key.trim() !== '' ? `${name}: ${clip(key, 400)}` : name;
}

function denial(d: PermissionDenial): string {
  const key = d.input.command ?? d.input.file_path ?? d.input.path ?? d.input.url;
  return typeof key === 'string' ? `${d.toolName}(${clip(key, 120)})` : d.toolName;
}

/**
 * Why a run failed, by its `result` event; undefined when it succeeded. An
 * error flag, an `error_*` subtype and denied tool calls each fail it: a
 * denial is a step the worker needed and was not allowed.
 */
export function resultVerdict(result: ResultEvent): string | undefined {
  const reasons: string[] = [];
  if (result.subtype === 'error_max_turns') reasons.push(`stopped at the turn limit${result.numTurns !== undefined ? ` (${formatTurns(result.numTurns)})` : ''}`);
  else if (result.subtype === 'error_during_execution') reasons.push('error during execution');
  else if (result.subtype.startsWith('error')) reasons.push(result.subtype.replace(/_/g, ' '));
  else if (result.subtype !== 'success') reasons.push(`ended with "${result.subtype}"`);
  const detail = [...result.errors, ...(result.isError && result.text ? [result.text] : [])].map((t) => clip(t, 200)).filter(Boolean);
  if (detail.length > 0) reasons.push(detail.join('; '));
  else if (result.isError && reasons.length === 0) reasons.push('the worker reported an error');
  if (result.permissionDenials.length > 0) {
    const shown = result.permissionDenials.slice(0, 3).map(denial);
    const more = result.permissionDenials.length - shown.length;
    reasons.push(`permission denied: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** The transcript lines an event is shown as in the worker's output. */
export function transcriptLines(event: StreamEvent): string[] {
  switch (event.kind) {
    case 'init':
      return [`── Claude Code session ${event.sessionId ?? '?'}${event.model ? ` · ${event.model}` : ''}${event.permissionMode ? ` · ${event.permissionMode}` : ''}`];
    case 'text':
      return event.text.trim().split('\n');
    case 'tool':
      return [`→ ${toolLine(event.name, event.input)}`];
    case 'toolResult': {
      const lines = event.text.trim().split('\n').filter((l) => l.trim() !== '');
      const more = lines.length > 1 ? ` (+${lines.length - 1} lines)` : '';
      return [`  ${event.isError ? '✗' : '←'} ${clip(lines[0] ?? '(no output)', 160)}${more}`];
    }
    case 'result': {
      const verdict = resultVerdict(event);
      const facts = [
        event.numTurns !== undefined ? formatTurns(event.numTurns) : '',
        event.costUsd !== undefined ? formatCost(event.costUsd) : '',
      ].filter(Boolean);
      return [`── ${verdict ? `Failed: ${verdict}` : 'Succeeded'}${facts.length ? ` · ${facts.join(' · ')}` : ''}`];
    }
    case 'line':
      return [event.text];
  }
}
