// Token-level decorations of a plan's rendered Markdown: status badges, the
// current phase row and the progress bar. Reading the tokens and changing them
// are separate steps, so that an error while reading leaves them untouched.
import type { StateCore, Token } from 'markdown-it';
import type { Plan, Status, StatusLine } from '../plan/model';
import { parseStatus, parseYesNo, stripDecoration } from '../plan/read/status';
import { phaseSummary } from '../plan/rules/summary';
import { headerKey } from '../plan/read/table';
import { currentPhase, progressHtml } from './progress';

type TokenClass = StateCore['Token'];

/** A change to the token stream, run only once every change has been worked out. */
export type Edit = () => void;

type StatusColumn = 'status' | 'valid';

/** The cells of one pipe table, as inline tokens in column order. */
interface TableTokens {
  readonly open: Token;
  readonly headers: readonly Token[];
  readonly rows: ReadonlyArray<{ readonly tr: Token; readonly cells: readonly Token[] }>;
}

function readTableTokens(tokens: readonly Token[], open: number): TableTokens {
  const headers: Token[] = [];
  const rows: { tr: Token; cells: Token[] }[] = [];
  let inHead = false;
  for (let i = open + 1; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const t = tokens[i]!;
    if (t.type === 'thead_open' || t.type === 'thead_close') inHead = t.type === 'thead_open';
    else if (t.type === 'tr_open' && !inHead) rows.push({ tr: t, cells: [] });
    // markdown-it gives every cell, even an empty or missing one, an inline token.
    else if (t.type === 'inline') (inHead ? headers : rows.at(-1)?.cells)?.push(t);
  }
  return { open: tokens[open]!, headers, rows };
}

function statusColumn(header: string): StatusColumn | undefined {
  const key = headerKey(header);
  return key === 'status' || key === 'valid' ? key : undefined;
}

/** The status a cell shows; undefined for an empty or `-` cell, which gets no badge. */
function cellStatus(column: StatusColumn, text: string): Status | undefined {
  if (/^[-—]?$/.test(stripDecoration(text))) return undefined;
  const yes = column === 'valid' ? parseYesNo(text) : undefined;
  if (yes !== undefined) return yes ? 'done' : 'failed';
  return parseStatus(text);
}

function html(Token: TokenClass, content: string): Token {
  const t = new Token('html_inline', '', 0);
  t.content = content;
  return t;
}

function text(Token: TokenClass, content: string): Token {
  const t = new Token('text', '', 0);
  t.content = content;
  return t;
}

/** The original inline tokens inside a badge, so the cell keeps its text and its Markdown. */
function badge(Token: TokenClass, status: Status, children: readonly Token[]): Token[] {
  return [html(Token, `<span class="bwp-badge bwp-${status}">`), ...children, html(Token, '</span>')];
}

function setChildren(inline: Token, children: Token[]): Edit {
  return () => {
    inline.children = children;
  };
}

function tableBadges(table: TableTokens, Token: TokenClass): Edit[] {
  const edits: Edit[] = [];
  table.headers.forEach((header, k) => {
    const column = statusColumn(header.content);
    if (!column) return;
    for (const { cells } of table.rows) {
      const cell = cells[k];
      const status = cell && cellStatus(column, cell.content);
      if (cell && status) edits.push(setChildren(cell, badge(Token, status, cell.children ?? [])));
    }
  });
  return edits;
}

function markCurrentRow(tr: Token): Edit {
  return () => {
    tr.attrJoin('class', 'bwp-current');
    tr.attrSet('aria-current', 'step');
  };
}

function checklistEdits(tokens: Token[], table: TableTokens, plan: Plan, Token: TokenClass): Edit[] {
  if (plan.phases.length === 0) return [];
  const summary = phaseSummary(plan);
  const bar = new Token('html_block', '', 0);
  bar.content = progressHtml(plan.phases, summary);
  bar.block = true;
  bar.level = table.open.level;
  const edits: Edit[] = [() => tokens.splice(tokens.indexOf(table.open), 0, bar)];
  const current = currentPhase(summary);
  const row = current && table.rows.find(({ tr }) => tr.map?.[0] === current.line);
  if (row) edits.push(markCurrentRow(row.tr));
  return edits;
}

/** Start and end (exclusive) of the children that make up the `index`-th source line of an inline token. */
function lineRange(children: readonly Token[], index: number): [number, number] {
  const breaks = children.flatMap((c, i) => (c.type === 'softbreak' || c.type === 'hardbreak' ? [i] : []));
  const start = index === 0 ? 0 : (breaks[index - 1] ?? children.length) + 1;
  return [start, breaks[index] ?? children.length];
}

/** `Status: ✅ done` → `Status: ` and a badge around the rest; only a line that starts with that plain text. */
function statusLineChildren(
  children: readonly Token[],
  index: number,
  status: StatusLine,
  Token: TokenClass,
): Token[] | undefined {
  const [start, end] = lineRange(children, index);
  const first = children[start];
  const m = first?.type === 'text' ? /^\s*status\s*:\s*/i.exec(first.content) : null;
  if (!m) return undefined;
  const value = first!.content.slice(m[0].length);
  const rest = [...(value ? [text(Token, value)] : []), ...children.slice(start + 1, end)];
  if (rest.length === 0) return undefined;
  return [
    ...children.slice(0, start),
    text(Token, m[0]),
    ...badge(Token, status.status, rest),
    ...children.slice(end),
  ];
}

/** `lines`: the plan's `Status:` lines by line number, looked up per paragraph line rather than filtered per paragraph. */
function statusLineEdits(inline: Token, lines: ReadonlyMap<number, StatusLine>, Token: TokenClass): Edit[] {
  const map = inline.map;
  if (!map) return [];
  const original = inline.children ?? [];
  let children = original;
  // Several `Status:` lines may share a paragraph: each rewrite starts from the previous one.
  for (let line = map[0]; line < map[1]; line++) {
    const status = lines.get(line);
    if (status) children = statusLineChildren(children, line - map[0], status, Token) ?? children;
  }
  return children === original ? [] : [setChildren(inline, children)];
}

/** Every change the plan calls for, worked out without touching the tokens. */
export function planEdits(tokens: Token[], plan: Plan, Token: TokenClass): Edit[] {
  const statusLines = new Map(plan.sections.flatMap((s) => (s.status ? [[s.status.line, s.status] as const] : [])));
  const edits: Edit[] = [];
  // Pushed one by one: a table's thousands of edits spread into `push` overflow the stack.
  const add = (more: readonly Edit[]): void => {
    for (const e of more) edits.push(e);
  };
  tokens.forEach((t, i) => {
    if (t.type === 'table_open') {
      const table = readTableTokens(tokens, i);
      add(tableBadges(table, Token));
      if (plan.phaseTable && t.map?.[0] === plan.phaseTable.line) add(checklistEdits(tokens, table, plan, Token));
    } else if (t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open') {
      add(statusLineEdits(t, statusLines, Token));
    }
  });
  return edits;
}
