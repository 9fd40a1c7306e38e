// markdown-it and yaml, loaded on their first use rather than when a bundle
// holding the parser is evaluated. The editor evaluates the extension's bundle
// at startup, and most of that time was these two libraries; the first parse
// pays for them instead (a yaml block's library only when a plan has one).
// A synchronous require keeps parsePlan synchronous: esbuild wraps a required
// module so that it runs at the first require, not at bundle load.
import type MarkdownIt from 'markdown-it';
import type { parseDocument } from 'yaml';

let markdownIt: typeof MarkdownIt | undefined;
let yamlParse: typeof parseDocument | undefined;

export function loadMarkdownIt(): typeof MarkdownIt {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see the top of this file
  markdownIt ??= require('markdown-it') as typeof MarkdownIt;
  return markdownIt;
}

export function loadYaml(): typeof parseDocument {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see the top of this file
  yamlParse ??= (require('yaml') as { parseDocument: typeof parseDocument }).parseDocument;
  return yamlParse;
}
