// Reads a worker's stdout as Claude Code's stream-json when it is that: one
// JSON object per line, `type` system / assistant / user / result. Nothing is
// configured: the output itself says so. Until it does, text passes through
// untouched (a plain worker's output is shown exactly as it was printed).
// Lines may arrive split anywhere, mixed with other text, very long or
// malformed; none of it throws.

/** A denied tool call, as the `result` event lists it. */
export interface PermissionDenial {
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** The `result` event: how the run ended, by Claude Code's own account. */
export interface ResultEvent {
  readonly kind: 'result';
  /** `success`, `error_max_turns`, `error_during_execution`, … */
  readonly subtype: string;
  readonly isError: boolean;
  readonly numTurns?: number;
  readonly costUsd?: number;
  readonly durationMs?: number;
  readonly sessionId?: string;
  /** The final text (for an error, the CLI's own message). */
  readonly text?: string;
  readonly permissionDenials: readonly PermissionDenial[];
  readonly errors: readonly string[];
}

export type StreamEvent =
  | { readonly kind: 'init'; readonly sessionId?: string; readonly model?: string; readonly permissionMode?: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool'; readonly id: string; readonly name: string; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: 'toolResult'; readonly toolUseId: string; readonly text: string; readonly isError: boolean }
  | ResultEvent
  /** A line of a stream-json run that is not an event (noise, a warning, a broken line). */
  | { readonly kind: 'line'; readonly text: string };

/** What the reader makes of the output: events, or text to show as it came (before any event). */
export type ReadItem = StreamEvent | { readonly kind: 'raw'; readonly text: string };

/** A longer line is dropped (memory stays bounded); a transcript's lines are far shorter. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

const EVENT_TYPES: ReadonlySet<string> = new Set(['system', 'assistant', 'user', 'result']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const blocks = (message: unknown): Json[] => (isObject(message) && Array.isArray(message.content) ? message.content.filter(isObject) : []);

/** A tool result's content: a string, or text blocks. */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .filter(isObject)
      .map((b) => str(b.text) ?? '')
      .filter(Boolean)
      .join('\n');
  return '';
}

function denials(value: unknown): PermissionDenial[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((d) => ({ toolName: str(d.tool_name) ?? 'a tool', input: isObject(d.tool_input) ? d.tool_input : {} }));
}

/** The events one stream-json object holds (an assistant message may hold several). */
function eventsOf(o: Json): StreamEvent[] {
  switch (o.type) {
    case 'system':
      if (o.subtype !== 'init') return [];
      return [{ kind: 'init', sessionId: str(o.session_id), model: str(o.model), permissionMode: str(o.permissionMode) }];
    case 'assistant':
      return blocks(o.message).flatMap((b): StreamEvent[] => {
        if (b.type === 'text' && typeof b.text === 'string' && b.text.trim() !== '') return [{ kind: 'text', text: b.text }];
        if (b.type === 'tool_use') return [{ kind: 'tool', id: str(b.id) ?? '', name: str(b.name) ?? 'tool', input: isObject(b.input) ? b.input : {} }];
        return [];
      });
    case 'user':
      return blocks(o.message)
        .filter((b) => b.type === 'tool_result')
        .map((b) => ({ kind: 'toolResult', toolUseId: str(b.tool_use_id) ?? '', text: resultText(b.content), isError: b.is_error === true }));
    case 'result':
      return [
        {
          kind: 'result',
          subtype: str(o.subtype) ?? 'unknown',
          isError: o.is_error === true,
          numTurns: num(o.num_turns),
          costUsd: num(o.total_cost_usd),
          durationMs: num(o.duration_ms),
          sessionId: str(o.session_id),
          text: str(o.result),
          permissionDenials: denials(o.permission_denials),
          errors: Array.isArray(o.errors) ? o.errors.filter((e): e is string => typeof e === 'string') : [],
        },
      ];
    default:
      return [];
  }
}

/**
 * One line, read: the events of a stream-json object, nothing for a Claude
 * Code message we do not show (a partial-message or rate-limit event names
 * its session), undefined for anything else.
 */
function parseLine(line: string): StreamEvent[] | undefined {
  if (!/^\s*\{/.test(line)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.type !== 'string') return undefined;
  if (EVENT_TYPES.has(value.type)) return eventsOf(value);
  return typeof value.session_id === 'string' ? [] : undefined;
}

/**
 * Incremental reader of one output stream. Before the first stream-json event
 * every line passes through as `raw` text, byte for byte (a partial line is
 * held back only while it could still be the start of a JSON object); from
 * the first event on, the stream is read line by line into events.
 */
export class StreamJsonReader {
  private json = false;
  private parts: string[] = [];
  private size = 0;
  /** The current line has been passed through in part already: the rest follows it raw. */
  private rawLine = false;
  private overflow = false;
  /** How the held line starts: blank so far, with `{`, or with anything else. */
  private lead: 'blank' | 'brace' | 'other' = 'blank';

  /** Whether the output has been recognised as stream-json. */
  get detected(): boolean {
    return this.json;
  }

  push(chunk: string): ReadItem[] {
    const out: ReadItem[] = [];
    let from = 0;
    for (let nl = chunk.indexOf('\n', from); nl >= 0; nl = chunk.indexOf('\n', from)) {
      this.take(chunk.slice(from, nl + 1), out);
      this.finishLine(out);
      from = nl + 1;
    }
    if (from < chunk.length) this.take(chunk.slice(from), out);
    if (!this.json && !this.rawLine && this.lead === 'other') this.passThrough(out);
    return out;
  }

  /** The end of the output: a last line without a newline is read too. */
  end(): ReadItem[] {
    const out: ReadItem[] = [];
    if (this.size > 0 || this.overflow) this.finishLine(out);
    return out;
  }

  private take(piece: string, out: ReadItem[]): void {
    if (this.rawLine) {
      out.push({ kind: 'raw', text: piece });
      return;
    }
    if (this.overflow) return;
    this.parts.push(piece);
    this.size += piece.length;
    if (this.lead === 'blank') {
      const first = /\S/.exec(piece)?.[0];
      if (first !== undefined) this.lead = first === '{' ? 'brace' : 'other';
    }
    if (this.size <= MAX_LINE_CHARS) return;
    if (this.json) {
      this.overflow = true;
      this.clear();
    } else this.passThrough(out);
  }

  private finishLine(out: ReadItem[]): void {
    if (this.rawLine) {
      this.rawLine = false;
      return;
    }
    if (this.overflow) {
      this.overflow = false;
      out.push({ kind: 'line', text: `[a line longer than ${MAX_LINE_CHARS / 1024 / 1024} MiB was left out]` });
      return;
    }
    const whole = this.parts.join('');
    this.clear();
    const events = parseLine(whole);
    if (events) {
      this.json = true;
      out.push(...events);
    } else if (this.json) {
      const text = whole.replace(/\r?\n$/, '');
      if (text.trim() !== '') out.push({ kind: 'line', text });
    } else if (whole !== '') out.push({ kind: 'raw', text: whole });
  }

  private passThrough(out: ReadItem[]): void {
    out.push({ kind: 'raw', text: this.parts.join('') });
    this.clear();
    this.rawLine = true;
  }

  private clear(): void {
    this.parts = [];
    this.size = 0;
    this.lead = 'blank';
  }
}
