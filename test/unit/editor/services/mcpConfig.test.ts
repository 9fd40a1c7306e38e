// The .mcp.json that Set Up Agent Integration writes, and the orchestrator
// prompt it offers, which the README must carry word for word and whose tools
// the server must list.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ORCHESTRATOR_PROMPT, SERVER_ENTRY, updateMcpJson } from '../../../../src/editor/services/mcpConfig';
import { createServer } from '../../../../src/cli/mcp';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('updateMcpJson', () => {
  it('creates the file with the server, run by name (no extension path)', () => {
    const update = updateMcpJson(undefined);
    assert.ok('text' in update);
    assert.deepEqual(JSON.parse(update.text), { mcpServers: { 'beads-plan': { command: 'beads-plan', args: ['mcp'] } } });
    assert.equal(update.replaced, false);
    assert.ok(update.text.endsWith('}\n'));
  });

  it('keeps every other server and key, and the file’s indentation', () => {
    const current = '{\n    "mcpServers": {\n        "github": { "command": "gh-mcp", "env": { "TOKEN": "x" } }\n    },\n    "other": [1]\n}\n';
    const update = updateMcpJson(current);
    assert.ok('text' in update);
    const next = JSON.parse(update.text) as { mcpServers: Record<string, unknown>; other: unknown };
    assert.deepEqual(next.mcpServers.github, { command: 'gh-mcp', env: { TOKEN: 'x' } });
    assert.deepEqual(next.mcpServers['beads-plan'], SERVER_ENTRY);
    assert.deepEqual(next.other, [1]);
    assert.match(update.text, /^ {4}"mcpServers"/m);
  });

  it('replaces an older beads-plan entry (a versioned path), and leaves a current one alone', () => {
    const old = JSON.stringify({ mcpServers: { 'beads-plan': { command: 'node', args: ['/home/u/.vscode/extensions/beads-workplan-0.0.9/dist/cli.js', 'mcp'] } } });
    const update = updateMcpJson(old);
    assert.ok('text' in update && update.replaced);
    assert.deepEqual(updateMcpJson(update.text), { unchanged: true });
  });

  it('refuses what it cannot update without losing something, and says why', () => {
    for (const [text, why] of [
      ['{ "mcpServers": { ', /is not valid JSON/],
      ['[1, 2]', /does not hold a JSON object/],
      ['{ "mcpServers": [] }', /"mcpServers" in \.mcp\.json is not an object/],
    ] as const) {
      const update = updateMcpJson(text);
      assert.ok('error' in update, text);
      assert.match(update.error, why);
    }
  });
});

describe('the orchestrator prompt', () => {
  it('is in the README word for word', () => {
    assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(`\`\`\`\n${ORCHESTRATOR_PROMPT}\n\`\`\``));
  });

  it('names only tools the server has', async () => {
    // The server itself, asked by the SDK's client in memory for the tools it lists.
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = createServer(ROOT, () => undefined);
    const client = new Client({ name: 'beads-plan-test', version: '0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    try {
      const listed = new Set((await client.listTools()).tools.map((t) => t.name));
      const named = [...ORCHESTRATOR_PROMPT.matchAll(/plan_[a-z_]+/g)].map(([tool]) => tool);
      assert.ok(named.length > 0, 'the prompt names tools');
      assert.deepEqual(named.filter((tool) => !listed.has(tool)), []);
    } finally {
      await client.close();
    }
  });
});
