// Which files about to be committed look like secrets: by name, and by the
// first bytes of their contents. A match is never committed without its own
// confirmation naming each file and what matched (src/editor/commands/commit.ts).
//
// The names follow the sensitive-file signatures of gitrob (michenriksen/gitrob
// `signatures.json`, the list GitHub's own secret-hunting tools started from)
// and the file rules of gitleaks; the contents follow gitleaks' rules and
// GitHub secret scanning's non-provider patterns (private key headers) plus the
// cloud and forge token shapes with a fixed prefix, which match with almost no
// false positives. Written here, not copied: each is a small pattern.
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A file and why it looks like a secret, for the confirmation that names both. */
export interface SecretMatch {
  readonly file: string;
  readonly what: string;
}

/** Whole file names (lower case) that hold credentials. */
const NAMES: ReadonlySet<string> = new Set([
  '.git-credentials', '.netrc', '_netrc', '.npmrc', '.pypirc', '.pgpass', '.htpasswd', '.dockercfg', '.s3cfg', '.boto', '.tugboat',
  'credentials', 'credentials.json', 'credentials.xml', 'credentials.yml', 'credentials.yaml', 'client_secret.json', 'service-account.json',
  'secrets.yml', 'secrets.yaml', 'secrets.json', 'secret.json', 'secrets.toml', 'master.key', 'terraform.tfvars', 'terraform.tfstate',
  'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'keystore', 'keyring', 'shadow', 'proftpdpasswd', 'sftp-config.json', 'wp-config.php',
  'filezilla.xml', 'recentservers.xml', 'known_hosts',
]);
/** Extensions (lower case) of keys, certificates with keys, keystores and password databases. */
const EXTENSIONS: ReadonlySet<string> = new Set(['pem', 'key', 'p12', 'pfx', 'pkcs12', 'jks', 'keystore', 'ppk', 'asc', 'gpg', 'kdb', 'kdbx', 'ovpn', 'tfvars', 'tfstate', 'agilekeychain', 'keychain', 'psafe3']);
/** Paths ending so: a tool's credential file inside its folder. */
const TAILS = ['.aws/credentials', '.aws/config', '.docker/config.json', '.ssh/config', '.gem/credentials', '.config/gh/hosts.yml', '.kube/config'];

/** Keys, certificates, credential and environment files, by name: `prod.env`, `.env.local`, `.npmrc`, `server.p12`, `id_rsa*`. */
export function looksSecret(path: string): boolean {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  if (NAMES.has(name) || EXTENSIONS.has(ext)) return true;
  // `.env`, `.env.local`, `prod.env`, `.envrc`; not `environment.ts`.
  if (/^\.env(?:$|[.rc])/.test(name) || ext === 'env') return true;
  if (/^id_(?:rsa|dsa|ecdsa|ed25519)/.test(name) || /_(?:rsa|dsa|ecdsa|ed25519)$/.test(name)) return true;
  return TAILS.some((t) => lower === t || lower.endsWith(`/${t}`));
}

/** Content shapes, each with the words that name it in the confirmation. */
const CONTENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/, 'a private key header'],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bgh[pousr]_[0-9A-Za-z]{36}\b|\bgithub_pat_\w{82}\b/, 'a GitHub token'],
  [/\bglpat-[\w-]{20}\b/, 'a GitLab token'],
  [/\bxox[abposr]-[0-9A-Za-z-]{10,}/, 'a Slack token'],
  [/\bAIza[\w-]{35}\b/, 'a Google API key'],
  [/"type": ?"service_account"/, 'a Google service account key'],
  [/\bsk_live_[0-9A-Za-z]{24,}\b/, 'a Stripe live key'],
  [/\bsk-ant-[\w-]{20,}/, 'an Anthropic API key'],
  [/\bsk-[\w-]{40,}/, 'an OpenAI API key'],
  [/\bnpm_[0-9A-Za-z]{36}\b/, 'an npm token'],
  [/\bAccountKey=[0-9A-Za-z+/=]{40,}/, 'an Azure storage key'],
];

/** How much of each file is read: enough for a key's header or a config's tokens, cheap on a large file. */
export const SCAN_BYTES = 64 * 1024;

/** What in `text` looks like a secret, or undefined. */
export function secretIn(text: string): string | undefined {
  return CONTENTS.find(([pattern]) => pattern.test(text))?.[1];
}

async function head(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(SCAN_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SCAN_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } catch {
    // Deleted, a directory (a submodule), unreadable: nothing to scan.
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** Each of `files` (repo-relative) that looks like a secret, by name or by its first `SCAN_BYTES` bytes, with what matched. */
export async function findSecrets(root: string, files: readonly string[]): Promise<SecretMatch[]> {
  const found: SecretMatch[] = [];
  for (const file of files) {
    if (looksSecret(file)) {
      found.push({ file, what: 'its name' });
      continue;
    }
    const text = await head(resolve(root, file));
    const what = text === undefined ? undefined : secretIn(text);
    if (what !== undefined) found.push({ file, what });
  }
  return found;
}
