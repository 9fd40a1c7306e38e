// A markdown-it plugin for VS Code's built-in Markdown preview: a plan gets a
// phase progress bar, status badges and its current phase row marked; any
// other document renders exactly as without the plugin. It never imports
// 'vscode', so plain markdown-it can test it.
import type { MarkdownIt, StateCore } from 'markdown-it';
import type { Plan } from '../plan/model';
import { parsePlan } from '../plan/read/parse';
import { looksLikePlan } from '../plan/read/sniff';
import { planEdits } from './decorate';

/** The key under which a render's `env` holds the parsed plan (absent when the document is not a plan). */
export const PLAN_ENV: unique symbol = Symbol('beadsWorkPlan');

/** Parses the document once per render, for the decorations and for any rule that runs after. */
function readPlan(state: StateCore): void {
  // An env reused across renders must not carry an earlier document's plan.
  delete state.env[PLAN_ENV];
  if (!state.inlineMode && looksLikePlan(state.src)) state.env[PLAN_ENV] = parsePlan(state.src);
}

function decorate(state: StateCore): void {
  // Only readPlan writes this key.
  const plan = state.env[PLAN_ENV] as Plan | undefined;
  if (!plan) return;
  for (const edit of planEdits(state.tokens, plan, state.Token)) edit();
}

/** A failing rule leaves the tokens as markdown-it made them rather than breaking the preview. */
function safely(rule: (state: StateCore) => void): (state: StateCore) => void {
  return (state) => {
    try {
      rule(state);
    } catch {
      // Rendering the document undecorated is the fallback.
    }
  };
}

export function beadsPlanPlugin(md: MarkdownIt): void {
  // Last in the core chain, so that inline tokens exist and other plugins' rewrites are done.
  md.core.ruler.push('beads_plan_read', safely(readPlan));
  md.core.ruler.push('beads_plan_decorate', safely(decorate));
}
