import { run } from './main';

run(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`beads-plan: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
