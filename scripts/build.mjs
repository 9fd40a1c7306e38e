// Bundles the extension and the CLI with esbuild. `--watch` rebuilds on change.
//
// The editor evaluates dist/extension.js at startup, and compiling a large
// script costs time even for code that never runs. So the libraries only some
// actions need (markdown-it and yaml at the first parse, simple-git at the
// first git call, proper-lockfile at the first edit) are bundled apart, in dist/vendor/, and required from there
// when first used. The CLI bundles everything into one file, but for
// `beads-plan mcp`: the MCP SDK and its dependencies are in dist/mcp.js, read
// only when that command runs, so that every other command starts as fast
// as before. The extension never loads either.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = !watch;
/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'inline',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};
const VENDORED = ['markdown-it', 'yaml', 'simple-git', 'proper-lockfile'];

/** @type {esbuild.Plugin} */
const vendored = {
  name: 'vendored',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(?:${VENDORED.join('|')})$`) }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

/** @type {esbuild.Plugin} */
const mcpApart = {
  name: 'mcp-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/mcp$/ }, (args) => (args.importer.endsWith('main.ts') ? { path: './mcp.js', external: true } : undefined));
  },
};
const cli = { ...common, banner: { js: '#!/usr/bin/env node' }, plugins: [mcpApart], supported: { 'dynamic-import': false } };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/editor/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    plugins: [vendored],
    // `import('simple-git')` becomes a require at the call, which finds the vendored file.
    supported: { 'dynamic-import': false },
  },
  ...VENDORED.map((name) => ({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', loader: /** @type {const} */ ('js') },
    outfile: `dist/vendor/${name}.js`,
  })),
  { ...cli, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js' },
  { ...cli, entryPoints: ['src/cli/mcp.ts'], outfile: 'dist/mcp.js' },
];

// `beads-plan` for the editor's terminals, which get dist/bin/ on PATH
// (src/editor/services/agentIntegration.ts): the bundled CLI on the editor's
// own runtime (BEADS_PLAN_NODE, which the extension sets; Electron runs as
// Node with ELECTRON_RUN_AS_NODE), else on the `node` of PATH.
const SHIM = `#!/bin/sh
# beads-plan, from the Beads Work Plan extension: its bundled CLI.
here=$(dirname "$0")
if [ -n "$BEADS_PLAN_NODE" ] && [ -x "$BEADS_PLAN_NODE" ]; then
  ELECTRON_RUN_AS_NODE=1 exec "$BEADS_PLAN_NODE" "$here/../cli.js" "$@"
fi
exec node "$here/../cli.js" "$@"
`;
const CMD_SHIM = `@echo off\r
rem beads-plan, from the Beads Work Plan extension: its bundled CLI.\r
setlocal\r
set ELECTRON_RUN_AS_NODE=1\r
if defined BEADS_PLAN_NODE (\r
  "%BEADS_PLAN_NODE%" "%~dp0..\\cli.js" %*\r
) else (\r
  node "%~dp0..\\cli.js" %*\r
)\r
`;
mkdirSync('dist/bin', { recursive: true });
writeFileSync('dist/bin/beads-plan', SHIM, { mode: 0o755 });
writeFileSync('dist/bin/beads-plan.cmd', CMD_SHIM);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
