// A stand-in for the paid model behind the real Claude Code CLI: a local
// Anthropic Messages API (POST /v1/messages, streamed as server-sent events)
// that answers turn N of a conversation with the Nth scripted tool call, and
// with a closing text once the script is done. The CLI itself is real: its
// permission engine decides what each call may do. Pointed at with
// ANTHROPIC_BASE_URL; the API key it is given is a dummy.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export interface FakeModel {
  readonly url: string;
  close(): Promise<void>;
}

/** An SSE stream of one assistant message holding `block`. */
function streamMessage(model: string, turn: number, block: Record<string, unknown>, stop: string): string {
  const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const start = block.type === 'tool_use' ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta = block.type === 'tool_use' ? { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } : { type: 'text_delta', text: block.text };
  return [
    event('message_start', { message: { id: `msg_fake_${turn}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } } }),
    event('content_block_start', { index: 0, content_block: start }),
    event('content_block_delta', { index: 0, delta }),
    event('content_block_stop', { index: 0 }),
    event('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 20 } }),
    event('message_stop', {}),
  ].join('');
}

/** Serves the script on 127.0.0.1; the turn is read from the conversation itself (its tool results), so side requests do not shift it. */
export async function startFakeModel(script: readonly ToolCall[], finalText = 'Done.'): Promise<FakeModel> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages') || req.url.includes('count_tokens')) {
        const counting = req.url?.includes('count_tokens') === true;
        res.writeHead(counting ? 200 : 404, { 'content-type': 'application/json' });
        res.end(counting ? '{"input_tokens":100}' : '{}');
        return;
      }
      const request = JSON.parse(body || '{}') as { model?: string; messages?: unknown[] };
      const turn = (JSON.stringify(request.messages ?? []).match(/"type":"tool_result"/g) ?? []).length;
      const call = script[turn];
      const block = call ? { type: 'tool_use', id: `toolu_fake_${turn}`, name: call.name, input: call.input } : { type: 'text', text: finalText };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(streamMessage(request.model ?? 'claude-fake', turn, block, call ? 'tool_use' : 'end_turn'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
