// Plan text is untrusted: whatever a task's title or files say, it must reach
// the worker as literal argument text and never be run by a shell.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expandCommand, taskVars } from '../../../src/process/command';
import { DEFAULT_WORKER_COMMAND } from '../../manifest';
import { runProcess } from '../../../src/process/run';
import { fake, tempDir } from './helpers';

describe('untrusted plan text reaches the worker as literal arguments', () => {
  const dir = tempDir();
  const pwned = join(dir, 'pwned-XYZ');
  const titles = [
    `$(touch ${pwned})`,
    `\`touch ${pwned}\``,
    `; touch ${pwned}; echo pwned`,
    `&& touch ${pwned} || true`,
    `| tee ${pwned}`,
    `> ${pwned}`,
    `it's a "quoted" 'title' \\ with $HOME and * and ~`,
    `line one\ntouch ${pwned}`,
    '-rf --help',
  ];

  for (const [i, title] of titles.entries())
    it(`title ${JSON.stringify(title)}`, async () => {
      const argvFile = join(dir, `argv-${i}.json`);
      const task = { fullId: `proj-${i}.1`, title, epic: 'proj', files: [`src/$(touch ${pwned}).ts`, `a b;c.ts`] };
      const vars = taskVars(task, `| ${task.fullId} | ${title} |`, join(dir, 'plan.md'), dir);
      const template = ['${taskTitle}', '--title=${taskTitle}', '${files}', ...DEFAULT_WORKER_COMMAND.slice(1)];
      const args = expandCommand(template, vars);
      const r = await runProcess({ command: fake(...args), cwd: dir, env: { FAKE_WORKER_ARGV_FILE: argvFile } });
      assert.equal(r.outcome, 'success', r.message);
      assert.deepEqual(JSON.parse(readFileSync(argvFile, 'utf8')), args);
      assert.equal(args[0], title);
      assert.equal(args[1], `--title=${title}`);
      assert.equal(args[2], `src/$(touch ${pwned}).ts a b;c.ts`);
      assert.ok(args[4]!.includes(title));
      assert.equal(existsSync(pwned), false);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.startsWith('pwned')),
        [],
      );
    });
});
