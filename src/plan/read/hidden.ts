// What the parser cannot see. markdown-it reads everything after an unclosed
// code fence as code, an HTML block swallows the lines up to its end (a blank
// line, or its closing tag or `-->`), and past its nesting limit it skips the
// rest of the block. A section in there is not in the model: an edit looking
// for it would add a second one, hidden again, on every run. parsePlan
// reports each region as an error; the edit engine refuses to write into one.
import type { HiddenRegion, Plan } from '../model';
import type { Replacement } from '../write/textEdit';

/** The fields of markdown-it's block tokens read here. */
interface BlockToken {
  readonly type: string;
  readonly level: number;
  readonly nesting: number;
  readonly map: [number, number] | null;
  readonly markup: string;
}

const HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;

/** markdown-it's HTML blocks that end at a marker rather than at a blank line, with that marker. */
const MARKED_HTML: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  [/^<(script|pre|style|textarea)(?=\s|>|$)/i, /<\/(script|pre|style|textarea)>/i, 'HTML block'],
  [/^<!--/, /-->/, 'HTML comment'],
  [/^<\?/, /\?>/, 'HTML block'],
  [/^<![A-Z]/, />/, 'HTML block'],
  [/^<!\[CDATA\[/, /\]\]>/, 'HTML block'],
];

function firstHeading(lines: readonly string[], from: number, to: number): number | undefined {
  for (let l = from; l < to; l++) if (HEADING.test(lines[l] ?? '')) return l;
  return undefined;
}

function region(lines: readonly string[], line: number, endLine: number, what: string): HiddenRegion {
  const toEnd = lines.slice(endLine).every((l) => l.trim() === '');
  const suffix = toEnd ? 'everything after it' : `lines ${line + 2}–${endLine}`;
  return {
    line,
    endLine: toEnd ? lines.length : endLine,
    message: `${what} at line ${line + 1} hides ${suffix}`,
    hidesHeading: firstHeading(lines, line + 1, endLine) !== undefined,
  };
}

function unclosedFence(t: BlockToken, lines: readonly string[]): boolean {
  const [open, end] = t.map!;
  const closer = new RegExp(`^ {0,3}${t.markup[0] === '~' ? '~' : '`'}{${t.markup.length},}[ \\t]*$`);
  return end - 1 <= open || !closer.test(lines[end - 1] ?? '');
}

function htmlRegion(t: BlockToken, lines: readonly string[]): HiddenRegion | undefined {
  const [open, end] = t.map!;
  const first = (lines[open] ?? '').trimStart();
  const marked = MARKED_HTML.find(([start]) => start.test(first));
  if (marked && !marked[1].test(lines[end - 1] ?? '')) return region(lines, open, end, `an unclosed ${marked[2]}`);
  const heading = firstHeading(lines, open + 1, end);
  if (heading === undefined) return undefined;
  return {
    line: open,
    endLine: end,
    message: `an HTML block at line ${open + 1} hides the heading at line ${heading + 1} (a blank line before the heading ends the block)`,
    hidesHeading: true,
  };
}

/**
 * The regions of `lines` that markdown-it's `tokens` (block tokens of the
 * same text, parsed with `maxNesting`) leave unread or read as raw text.
 */
export function hiddenRegions(tokens: readonly BlockToken[], lines: readonly string[], maxNesting: number): HiddenRegion[] {
  const found: HiddenRegion[] = [];
  let top: BlockToken | undefined;
  for (const t of tokens) {
    if (!t.map) continue;
    if (t.level === 0) top = t;
    if (t.level === 0 && t.type === 'fence' && unclosedFence(t, lines)) found.push(region(lines, t.map[0], lines.length, 'an unclosed code fence'));
    else if (t.level === 0 && t.type === 'html_block') {
      const hidden = htmlRegion(t, lines);
      if (hidden) found.push(hidden);
    } else if (t.nesting === 1 && t.level >= maxNesting - 1 && (t.type === 'blockquote_open' || t.type === 'list_item_open')) {
      // markdown-it skips the content of a container opened at its limit, up to the end of the enclosing top-level block.
      found.push(region(lines, t.map[0], top?.map?.[1] ?? lines.length, `nesting deeper than ${maxNesting} levels`));
      break;
    }
  }
  return found;
}

function inside(r: HiddenRegion, line: number, character: number): boolean {
  return line >= r.line && line < r.endLine && !(line === r.line && character === 0);
}

const NEW_HEADING = /(?:^|\r\n|\r|\n) {0,3}#{1,6}[ \t]/;

/**
 * The hidden region an edit of `plan` would write into, or whose hidden
 * heading a section the edit adds may duplicate. Either way the parser
 * would not see the result as the edit meant it.
 */
export function hiddenBy(plan: Plan, edits: readonly Replacement[]): HiddenRegion | undefined {
  for (const { range, newText } of edits) {
    const into = plan.hidden.find((r) => inside(r, range.start.line, range.start.character) || inside(r, range.end.line, range.end.character));
    if (into) return into;
    const shadowed = NEW_HEADING.test(newText) ? plan.hidden.find((r) => r.hidesHeading) : undefined;
    if (shadowed) return shadowed;
  }
  return undefined;
}
