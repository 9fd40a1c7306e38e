import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureSystemPackages, packageFile, planSystemPackages, SetupError } from '../../../scripts/system-packages.mjs';
import { tempDir } from '../process/helpers';

describe('planSystemPackages', () => {
  it('does nothing when nothing is missing', () => {
    assert.deepEqual(planSystemPackages([], { root: false, apt: false }), { kind: 'ready' });
  });

  it('installs as root with apt-get: one line naming just the missing packages, update first', () => {
    assert.deepEqual(planSystemPackages(['chromium', 'libkrb5-dev'], { root: true, apt: true }), {
      kind: 'install',
      line: '[setup] installing chromium libkrb5-dev with apt-get …',
      commands: [
        ['update', '-q'],
        ['install', '-y', '-q', 'chromium', 'libkrb5-dev'],
      ],
      manual: 'apt-get update && apt-get install -y chromium libkrb5-dev',
    });
    const one = planSystemPackages(['libkrb5-dev'], { root: true, apt: true });
    assert.equal(one.kind === 'install' && one.line, '[setup] installing libkrb5-dev with apt-get …');
  });

  it('names the sandbox packages in the sudo command when not root', () => {
    assert.deepEqual(planSystemPackages(['bubblewrap', 'socat'], { root: false, apt: true }), {
      kind: 'stop',
      message: 'missing system packages: bubblewrap socat; install them with: sudo apt-get update && sudo apt-get install -y bubblewrap socat',
    });
  });

  it('stops with the sudo command when not root', () => {
    assert.deepEqual(planSystemPackages(['libkrb5-dev'], { root: false, apt: true }), {
      kind: 'stop',
      message: 'missing system packages: libkrb5-dev; install them with: sudo apt-get update && sudo apt-get install -y libkrb5-dev',
    });
  });

  it('stops naming the packages when there is no apt-get', () => {
    const plan = planSystemPackages(['chromium'], { root: true, apt: false });
    assert.equal(plan.kind, 'stop');
    assert.match(plan.kind === 'stop' ? plan.message : '', /^missing system packages: chromium \(Debian names\), and no apt-get here/);
  });
});

// The real path, on a fake root (E2E_SETUP_SYSROOT) with a fake apt-get that
// logs its arguments and "installs" a package by creating its probe file.
const FAKE_APT = `#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> "$E2E_SETUP_SYSROOT/apt.log"
if [ -n "$FAKE_APT_FAIL" ]; then echo "E: Unable to locate package $FAKE_APT_FAIL" >&2; exit 100; fi
[ "$1" = install ] && [ -z "$FAKE_APT_NOOP" ] || exit 0
for p in "$@"; do
  case "$p" in
    chromium) f=/usr/bin/chromium ;;
    libkrb5-dev) f=/usr/include/gssapi/gssapi_krb5.h ;;
    bubblewrap) f=/usr/bin/bwrap ;;
    socat) f=/usr/bin/socat ;;
    fonts-noto-color-emoji) f=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ;;
    *) continue ;;
  esac
  mkdir -p "$(dirname "$E2E_SETUP_SYSROOT$f")" && : > "$E2E_SETUP_SYSROOT$f"
done
`;

describe('ensureSystemPackages', { skip: process.getuid?.() !== 0 ? 'installing needs root' : false }, () => {
  const dir = tempDir();
  let root = '';
  let n = 0;
  let printed: string[] = [];

  beforeEach(() => {
    root = join(dir, `root-${n++}`);
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    writeFileSync(join(root, 'usr', 'bin', 'apt-get'), FAKE_APT);
    chmodSync(join(root, 'usr', 'bin', 'apt-get'), 0o755);
    process.env.E2E_SETUP_SYSROOT = root;
    printed = [];
    mock.method(console, 'log', (line: string) => printed.push(line));
  });
  afterEach(() => {
    mock.restoreAll();
    delete process.env.E2E_SETUP_SYSROOT;
    delete process.env.FAKE_APT_FAIL;
    delete process.env.FAKE_APT_NOOP;
  });
  const aptCalls = (): string[] => (existsSync(join(root, 'apt.log')) ? readFileSync(join(root, 'apt.log'), 'utf8').trimEnd().split('\n') : []);
  const put = (file: string): void => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
  };

  it('says so in one line, runs apt-get update, then installs the missing packages non-interactively', () => {
    ensureSystemPackages(['chromium', 'libkrb5-dev']);
    assert.deepEqual(printed, ['[setup] installing chromium libkrb5-dev with apt-get …']);
    assert.deepEqual(aptCalls(), ['noninteractive update -q', 'noninteractive install -y -q chromium libkrb5-dev']);
    assert.ok(existsSync(packageFile('chromium')) && existsSync(packageFile('libkrb5-dev')));
    assert.equal(packageFile('chromium'), join(root, 'usr', 'bin', 'chromium'));
  });

  it('installs only what is missing, and nothing when all is there', () => {
    put(packageFile('chromium'));
    ensureSystemPackages(['chromium', 'libkrb5-dev']);
    assert.deepEqual(printed, ['[setup] installing libkrb5-dev with apt-get …']);
    assert.deepEqual(aptCalls(), ['noninteractive update -q', 'noninteractive install -y -q libkrb5-dev']);

    printed = [];
    ensureSystemPackages(['chromium', 'libkrb5-dev']);
    assert.deepEqual(printed, []);
    assert.equal(aptCalls().length, 2);
  });

  it("installs the sandbox's bubblewrap and socat with the browser, in one apt-get, probed by bwrap and socat", () => {
    put(packageFile('socat'));
    ensureSystemPackages(['chromium', 'bubblewrap', 'socat']);
    assert.deepEqual(printed, ['[setup] installing chromium bubblewrap with apt-get …']);
    assert.deepEqual(aptCalls(), ['noninteractive update -q', 'noninteractive install -y -q chromium bubblewrap']);
    assert.equal(packageFile('bubblewrap'), join(root, 'usr', 'bin', 'bwrap'));
    assert.ok(existsSync(packageFile('bubblewrap')));
  });

  it('installs the emoji font the screenshots need, probed by its font file', () => {
    ensureSystemPackages(['fonts-noto-color-emoji']);
    assert.deepEqual(aptCalls(), ['noninteractive update -q', 'noninteractive install -y -q fonts-noto-color-emoji']);
    assert.ok(existsSync(packageFile('fonts-noto-color-emoji')));
  });

  it('stops with apt-get’s last words and the command to run when apt-get fails', () => {
    process.env.FAKE_APT_FAIL = 'chromium';
    assert.throws(
      () => ensureSystemPackages(['chromium', 'libkrb5-dev']),
      (err: unknown) =>
        err instanceof SetupError &&
        err.message.startsWith('apt-get update -q failed (exit 100):\nE: Unable to locate package chromium\n') &&
        err.message.endsWith('\nrun it yourself: apt-get update && apt-get install -y chromium libkrb5-dev'),
    );
    assert.deepEqual(aptCalls(), ['noninteractive update -q']);
  });

  it('stops when apt-get succeeded but a package is still missing', () => {
    process.env.FAKE_APT_NOOP = '1';
    assert.throws(() => ensureSystemPackages(['libkrb5-dev']), {
      message: `apt-get installed libkrb5-dev, but ${packageFile('libkrb5-dev')} is still missing`,
    });
  });

  it('stops without apt-get', () => {
    process.env.E2E_SETUP_SYSROOT = join(root, 'elsewhere');
    assert.throws(() => ensureSystemPackages(['chromium']), { message: /^missing system packages: chromium \(Debian names\), and no apt-get here/ });
    assert.deepEqual(printed, []);
  });
});
