// Claude Code's sandbox for workers: where it exists, what each setting makes
// of that, the settings that turn it on, and how a user's own --settings is
// merged rather than replaced.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideSandbox, expandPath, mergeSettings, sandboxSettings, sandboxSupport, withSettings } from '../../../src/process/sandbox';
import { tempDir } from './helpers';

const ours = sandboxSettings({ gitDirs: ['/repo/.git', '/repo/.git'], allowWrite: ['~/.cache', '/opt/venv'], allowedDomains: ['pypi.org'], home: '/home/w' });

describe('sandboxSupport and decideSandbox', () => {
  it('needs bubblewrap and socat on Linux, and names what is missing', () => {
    assert.deepEqual(sandboxSupport('linux', () => true), { kind: 'available' });
    assert.deepEqual(sandboxSupport('linux', (p) => p === 'socat'), { kind: 'missing', programs: ['bubblewrap'] });
    assert.deepEqual(sandboxSupport('darwin', () => false), { kind: 'available' });
    assert.deepEqual(sandboxSupport('win32', () => true), { kind: 'none', platform: 'Windows' });
  });

  it('required: refuses without it, saying how to install; preferred: runs without after a warning; off: runs without a word', () => {
    const missing = sandboxSupport('linux', () => false);
    const refused = decideSandbox('required', missing);
    assert.equal(refused.kind, 'refuse');
    assert.match(refused.kind === 'refuse' ? refused.reason : '', /needs bubblewrap and socat, which are not installed \(install with: sudo apt-get install bubblewrap socat\)/);
    const preferred = decideSandbox('preferred', missing);
    assert.equal(preferred.kind, 'without');
    assert.match(preferred.kind === 'without' ? (preferred.warning ?? '') : '', /workers run without it/);
    assert.deepEqual(decideSandbox('off', { kind: 'available' }), { kind: 'without' });
    assert.deepEqual(decideSandbox('required', { kind: 'available' }), { kind: 'sandbox' });
  });

  it('on Windows, required runs without it and says so', () => {
    const d = decideSandbox('required', { kind: 'none', platform: 'Windows' });
    assert.equal(d.kind, 'without');
    assert.match(d.kind === 'without' ? (d.warning ?? '') : '', /no sandbox on Windows.*git check/);
  });
});

describe('sandboxSettings', () => {
  it('turns the sandbox on with no way out and the git dirs write-denied', () => {
    assert.deepEqual(ours, {
      sandbox: {
        enabled: true,
        failIfUnavailable: true,
        allowUnsandboxedCommands: false,
        autoAllowBashIfSandboxed: false,
        filesystem: { allowWrite: ['/home/w/.cache', '/opt/venv'], denyWrite: ['/repo/.git'] },
        network: { allowedDomains: ['pypi.org'] },
      },
    });
    assert.equal(expandPath('~', '/h'), '/h');
  });
});

describe('withSettings', () => {
  it('adds one --settings after the program, never inside a tool list', () => {
    const r = withSettings(['claude', '-p', 'go', '--allowedTools', 'Bash(git log:*)'], ours, '/');
    assert.ok('args' in r);
    assert.deepEqual(r.args.slice(0, 2), ['claude', '--settings']);
    assert.deepEqual(JSON.parse(r.args[2]!), ours);
    assert.deepEqual(r.args.slice(3), ['-p', 'go', '--allowedTools', 'Bash(git log:*)']);
  });

  it("merges the user's inline and file settings; the sandbox's switches stay on", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ model: 'opus', sandbox: { filesystem: { allowWrite: ['/data'] } } }));
    const user = JSON.stringify({ env: { A: '1' }, sandbox: { enabled: false, allowUnsandboxedCommands: true, network: { allowedDomains: ['example.com'] } } });
    const r = withSettings(['claude', '--settings', 'mine.json', '-p', '--settings=x', `--settings=${user}`], ours, dir);
    assert.ok('args' in r);
    assert.equal(r.args.filter((a) => a === '--settings').length, 1);
    assert.deepEqual(r.args.slice(3), ['-p', '--settings=x'], 'the prompt is text, even when it looks like an option');
    const merged = JSON.parse(r.args[2]!) as { model: string; env: object; sandbox: Record<string, unknown> & { filesystem: { allowWrite: string[] }; network: { allowedDomains: string[] } } };
    assert.equal(merged.model, 'opus');
    assert.deepEqual(merged.env, { A: '1' });
    assert.equal(merged.sandbox.enabled, true);
    assert.equal(merged.sandbox.allowUnsandboxedCommands, false);
    assert.deepEqual(merged.sandbox.filesystem.allowWrite, ['/data', '/home/w/.cache', '/opt/venv']);
    assert.deepEqual(merged.sandbox.network.allowedDomains, ['example.com', 'pypi.org']);
  });

  it('refuses a --settings it cannot read, rather than replacing it', () => {
    const missing = withSettings(['claude', '--settings', 'nope.json'], ours, tempDir());
    assert.match('reason' in missing ? missing.reason : '', /--settings file nope\.json cannot be read/);
    const bad = withSettings(['claude', '--settings', '{not json'], ours, '/');
    assert.match('reason' in bad ? bad.reason : '', /--settings value is not a JSON object/);
    assert.deepEqual(mergeSettings({ a: [1] }, { a: [1, 2] }), { a: [1, 2] });
  });
});
