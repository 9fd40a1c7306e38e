// The CLI bundled as `npm run build` bundles it: a plain Node script, so that a
// test or benchmark that runs the real command many times pays no TypeScript
// compile per run. No node:test here, so benchmarks can import it.
import { join } from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';

const SRC = join(__dirname, '..', '..', '..', 'src', 'cli');

/** Bundles the CLI into `dir` and returns the script's path. */
export function bundleCli(dir: string): string {
  const outfile = join(dir, 'cli.js');
  // As scripts/build.mjs splits it: `beads-plan mcp` and the MCP SDK in mcp.js beside it, read only by that command.
  const options: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent', external: ['./mcp'], supported: { 'dynamic-import': false } };
  buildSync({ ...options, entryPoints: [join(SRC, 'index.ts')], outfile });
  buildSync({ ...options, entryPoints: [join(SRC, 'mcp.ts')], outfile: join(dir, 'mcp.js') });
  return outfile;
}
