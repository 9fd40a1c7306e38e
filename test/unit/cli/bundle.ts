// The CLI bundled as `npm run build` bundles it: a plain Node script, so that a
// test or benchmark that runs the real command many times pays no TypeScript
// compile per run. No node:test here, so benchmarks can import it.
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ENTRY = join(__dirname, '..', '..', '..', 'src', 'cli', 'index.ts');

/** Bundles the CLI into `dir` and returns the script's path. */
export function bundleCli(dir: string): string {
  const outfile = join(dir, 'cli.js');
  buildSync({ entryPoints: [ENTRY], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'silent' });
  return outfile;
}
