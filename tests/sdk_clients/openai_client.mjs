// The official `openai` npm SDK, used as an application would, against `llmhost serve`.
// Usage: OPENAI_API_KEY=<server key> node openai_client.mjs <gateway URL> <chat model> <embedding model>
// Prints one `ok <check>: ...` line per check; on any mismatch prints `FAIL <check>: ...`
// on stderr and exits 1. tests/e2e/gateway_client_sdks_test.cpp compares the lines.
import OpenAI from 'openai';

const [gatewayUrl, chatModel, embeddingModel] = process.argv.slice(2);
if (!embeddingModel) {
  console.error('usage: node openai_client.mjs <gateway URL> <chat model> <embedding model>');
  process.exit(2);
}
const client = new OpenAI({
  baseURL: `${gatewayUrl}/v1`,
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 0, // a failure should show at once, not after the SDK's backoff
  timeout: 20_000,
});

let check = 'setup';
function expect(condition, what, actual) {
  if (!condition) throw new Error(`expected ${what}, got ${JSON.stringify(actual)}`);
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const question = [{ role: 'user', content: 'Say hello.' }];

async function main() {
  check = 'chat';
  const reply = await client.chat.completions.create({ model: chatModel, messages: question });
  const choice = reply.choices[0];
  expect(reply.object === 'chat.completion', 'object chat.completion', reply.object);
  expect(typeof choice?.message?.content === 'string', 'message.content', choice?.message);
  console.log(`ok chat: ${choice.message.content} (${choice.finish_reason}, ${reply.usage?.total_tokens} tokens)`);

  check = 'stream';
  const stream = await client.chat.completions.create({
    model: chatModel,
    messages: question,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    expect(chunk.object === 'chat.completion.chunk', 'chat.completion.chunk', chunk);
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      finish = c.finish_reason ?? finish;
    }
  }
  expect(usage !== null, 'a usage chunk (stream_options.include_usage)', usage);
  console.log(`ok stream: ${text} (${finish}, ${usage.total_tokens} tokens)`);

  check = 'tool call';
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const asked = await client.chat.completions.create({ model: chatModel, messages, tools: [weatherTool] });
  const call = asked.choices[0].message.tool_calls?.[0];
  expect(asked.choices[0].finish_reason === 'tool_calls', 'finish_reason tool_calls', asked.choices[0]);
  expect(call?.type === 'function' && call.id, 'a function call with an id', call);
  const args = JSON.parse(call.function.arguments);
  console.log(`ok tool call: ${call.function.name} ${JSON.stringify(args)}`);

  check = 'tool result';
  messages.push(asked.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'sunny, 24 C' });
  const answered = await client.chat.completions.create({ model: chatModel, messages, tools: [weatherTool] });
  console.log(`ok tool result: ${answered.choices[0].message.content} (${answered.choices[0].finish_reason})`);

  check = 'embeddings';
  // The SDK asks for base64 by default and decodes it to floats.
  const embedded = await client.embeddings.create({ model: embeddingModel, input: ['hello', 'world'] });
  const vectors = embedded.data.map((d) => d.embedding);
  expect(vectors.length === 2 && vectors.every((v) => v.every(Number.isFinite)), 'two float vectors', vectors);
  console.log(`ok embeddings: ${JSON.stringify(vectors)}`);
}

main().catch((error) => {
  const status = error instanceof OpenAI.APIError ? ` (HTTP ${error.status})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
