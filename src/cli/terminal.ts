// What the CLI writes to a terminal carries plan text an agent wrote: a task
// title holding escape codes could clear a line and print a forged verdict,
// or retitle the terminal. Every command's output passes here: C0 and C1
// control characters (ESC, BEL, CR, CSI…) and the bidirectional overrides
// are made visible (`\x1b`, `\u202e`); line breaks and tabs stay. JSON keeps
// JSON's own escapes, so `--json` stays valid JSON.
import type { Io } from './io';

/** C0, DEL and C1 (`\p{Cc}`; line feed and tab are kept below), and the bidi marks, overrides and isolates ("Trojan Source"). */
const CONTROL = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const hex = (ch: string, width: number): string => ch.charCodeAt(0).toString(16).padStart(width, '0');

/** `text` with every control made visible: `\x1b` in text, `\u001b` in JSON (where a raw C1 or DEL would otherwise pass). */
export function visible(text: string, json: boolean): string {
  return text.replace(CONTROL, (ch) => (ch === '\n' || ch === '\t' ? ch : json || ch.charCodeAt(0) > 0xff ? `\\u${hex(ch, 4)}` : `\\x${hex(ch, 2)}`));
}

/** `io` with every line it writes made visible. */
export function visibleIo(io: Io, json: boolean): Io {
  return { out: (text) => io.out(visible(text, json)), err: (text) => io.err(visible(text, json)) };
}
