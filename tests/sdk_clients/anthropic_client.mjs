// The official `@anthropic-ai/sdk` npm SDK, used as an application would, against `llmhost serve`.
// Usage: ANTHROPIC_API_KEY=<server key> node anthropic_client.mjs <gateway URL> <model>
// Prints one `ok <check>: ...` line per check; on any mismatch prints `FAIL <check>: ...`
// on stderr and exits 1. tests/e2e/gateway_client_sdks_test.cpp compares the lines.
import Anthropic from '@anthropic-ai/sdk';

const [gatewayUrl, model] = process.argv.slice(2);
if (!model) {
  console.error('usage: node anthropic_client.mjs <gateway URL> <model>');
  process.exit(2);
}
const client = new Anthropic({
  baseURL: gatewayUrl,
  apiKey: process.env.ANTHROPIC_API_KEY,
  maxRetries: 0, // a failure should show at once, not after the SDK's backoff
  timeout: 20_000,
});

let check = 'setup';
function expect(condition, what, actual) {
  if (!condition) throw new Error(`expected ${what}, got ${JSON.stringify(actual)}`);
}
const textOf = (message) =>
  message.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('');
const summary = (m) => `${m.stop_reason}, ${m.usage.input_tokens} in / ${m.usage.output_tokens} out`;

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const question = [{ role: 'user', content: 'Say hello.' }];

async function main() {
  check = 'message';
  const reply = await client.messages.create({ model, max_tokens: 256, system: 'Be brief.', messages: question });
  expect(reply.type === 'message' && reply.role === 'assistant', 'an assistant message', reply);
  console.log(`ok message: ${textOf(reply)} (${summary(reply)})`);

  check = 'stream';
  const stream = client.messages.stream({ model, max_tokens: 256, messages: question });
  let streamed = '';
  stream.on('text', (delta) => (streamed += delta));
  const final = await stream.finalMessage();
  expect(streamed === textOf(final), 'the text events to add up to finalMessage()', { streamed, final });
  console.log(`ok stream: ${streamed} (${summary(final)})`);

  check = 'tool use';
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  // Streamed, so the SDK assembles the tool input from input_json_delta events.
  const asked = await client.messages
    .stream({ model, max_tokens: 256, tools: [weatherTool], messages })
    .finalMessage();
  const use = asked.content.find((b) => b.type === 'tool_use');
  expect(asked.stop_reason === 'tool_use', 'stop_reason tool_use', asked);
  expect(use?.id && typeof use.input === 'object', 'a tool_use block with an id and an input object', use);
  console.log(`ok tool use: ${use.name} ${JSON.stringify(use.input)}`);

  check = 'tool result';
  messages.push(
    { role: 'assistant', content: asked.content },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny, 24 C' }] },
  );
  const answered = await client.messages.create({ model, max_tokens: 256, tools: [weatherTool], messages });
  console.log(`ok tool result: ${textOf(answered)} (${answered.stop_reason})`);
}

main().catch((error) => {
  const status = error instanceof Anthropic.APIError ? ` (HTTP ${error.status})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
