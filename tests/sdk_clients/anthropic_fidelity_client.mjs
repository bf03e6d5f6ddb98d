// The official `@anthropic-ai/sdk` sending what a Messages request carries beside the basics —
// cache breakpoints with a ttl, system blocks, an error tool result, metadata, a beta parameter
// (context_management) and its anthropic-beta header — through `llmhost serve`.
// tests/e2e/gateway_fidelity_anthropic_test.cpp checks what reached the upstream.
// Usage: ANTHROPIC_API_KEY=<server key> node anthropic_fidelity_client.mjs <gateway URL> <model>
// Prints one `ok <check>: ...` line per call, with the usage the SDK saw; on any failure prints
// `FAIL <check>: ...` on stderr and exits 1.
import Anthropic from '@anthropic-ai/sdk';

const [gatewayUrl, model] = process.argv.slice(2);
if (!model) {
  console.error('usage: node anthropic_fidelity_client.mjs <gateway URL> <model>');
  process.exit(2);
}
const client = new Anthropic({
  baseURL: gatewayUrl,
  apiKey: process.env.ANTHROPIC_API_KEY,
  maxRetries: 0, // a failure should show at once, not after the SDK's backoff
  timeout: 20_000,
});

const hour = { type: 'ephemeral', ttl: '1h' };
const conversation = {
  model,
  betas: ['context-management-2025-06-27'],
  system: [
    { type: 'text', text: 'You are a weather assistant.' },
    { type: 'text', text: 'Project notes worth caching.', cache_control: hour },
  ],
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather in a city',
      input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      cache_control: hour,
    },
  ],
  messages: [
    { role: 'user', content: 'What is the weather in Paris?' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'weather service unavailable', is_error: true },
        { type: 'text', text: 'Answer anyway.', cache_control: hour },
      ],
    },
  ],
  context_management: { edits: [{ type: 'clear_tool_uses_20250919', keep: { type: 'tool_uses', value: 3 } }] },
};
const request = { ...conversation, max_tokens: 256, metadata: { user_id: 'user-42' } };

const textOf = (message) =>
  message.content
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join('');
const usage = (u) =>
  `in ${u.input_tokens}, cache write ${u.cache_creation_input_tokens}, ` +
  `cache read ${u.cache_read_input_tokens}, out ${u.output_tokens}`;

let check = 'setup';
async function main() {
  check = 'create';
  const reply = await client.beta.messages.create(request);
  console.log(`ok create: ${textOf(reply)} (${usage(reply.usage)})`);

  check = 'stream';
  const final = await client.beta.messages.stream(request).finalMessage();
  console.log(`ok stream: ${textOf(final)} (${usage(final.usage)})`);

  check = 'count';
  const counted = await client.beta.messages.countTokens(conversation);
  console.log(`ok count: ${counted.input_tokens}`);
}

main().catch((error) => {
  const status = error instanceof Anthropic.APIError ? ` (HTTP ${error.status})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
