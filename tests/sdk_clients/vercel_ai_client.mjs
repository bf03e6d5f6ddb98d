// The Vercel AI SDK (`ai`) with its OpenAI provider (`@ai-sdk/openai`), unmodified, against
// `llmhost serve`: the provider's default `openai(model)` speaks the Responses API.
// Usage: OPENAI_API_KEY=<server key> node vercel_ai_client.mjs <gateway URL> <model>
// Prints one `ok <check>: ...` line per check; on any mismatch prints `FAIL <check>: ...`
// on stderr and exits 1. tests/e2e/gateway_client_sdks_test.cpp compares the lines.
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, isStepCount, jsonSchema, streamText, tool } from 'ai';

const [gatewayUrl, modelName] = process.argv.slice(2);
if (!modelName) {
  console.error('usage: node vercel_ai_client.mjs <gateway URL> <model>');
  process.exit(2);
}
const posted = []; // the request bodies, to check what the SDK sent
const openai = createOpenAI({
  baseURL: `${gatewayUrl}/v1`,
  apiKey: process.env.OPENAI_API_KEY,
  fetch: (url, init) => {
    posted.push(JSON.parse(init.body));
    return fetch(url, init);
  },
});
const model = openai(modelName);
const common = { model, maxRetries: 0 }; // a failure should show at once, not after the SDK's backoff

let check = 'setup';
function expect(condition, what, actual) {
  if (!condition) throw new Error(`expected ${what}, got ${JSON.stringify(actual)}`);
}
const tokens = (usage) => `${usage.inputTokens} in / ${usage.outputTokens} out`;

const weatherTool = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) => {
    expect(city === 'Paris', 'the city Paris', city);
    return 'sunny, 24 C';
  },
});

async function main() {
  check = 'generateText';
  const generated = await generateText({ ...common, system: 'Be brief.', prompt: 'Say hello.' });
  expect(generated.response.id?.startsWith('resp_'), 'a resp_ id', generated.response);
  console.log(`ok generateText: ${generated.text} (${generated.finishReason}, ${tokens(generated.usage)})`);

  check = 'conversation';
  // The next turn repeats the first one's output: while responses are stored (the provider's
  // default), as an item_reference to it.
  const followUp = await generateText({
    ...common,
    messages: [
      { role: 'user', content: 'Say hello.' },
      ...generated.response.messages,
      { role: 'user', content: 'Say hello again.' },
    ],
  });
  const references = posted.at(-1).input.filter((item) => item.type === 'item_reference');
  expect(references.length === 1, 'one item_reference in the input', posted.at(-1).input);
  console.log(`ok conversation: ${followUp.text} (${followUp.finishReason})`);

  check = 'streamText';
  let streamError = null;
  const stream = streamText({ ...common, prompt: 'Say hello.', onError: ({ error }) => (streamError = error) });
  let streamed = '';
  for await (const delta of stream.textStream) streamed += delta;
  if (streamError) throw streamError;
  const [finish, usage] = await Promise.all([stream.finishReason, stream.usage]);
  console.log(`ok streamText: ${streamed} (${finish}, ${tokens(usage)})`);

  check = 'tool round trip';
  // The SDK runs the tool itself and sends its result back in a second step.
  const answered = await generateText({
    ...common,
    prompt: 'What is the weather in Paris?',
    tools: { get_weather: weatherTool },
    stopWhen: isStepCount(2),
  });
  const [asked, final] = answered.steps;
  const call = asked?.toolCalls[0];
  expect(answered.steps.length === 2, 'two steps', answered.steps);
  expect(asked.finishReason === 'tool-calls', 'the first step to end in tool calls', asked.finishReason);
  expect(asked.toolResults[0]?.output === 'sunny, 24 C', "the tool's result", asked.toolResults);
  console.log(`ok tool call: ${call.toolName} ${JSON.stringify(call.input)}`);
  console.log(`ok tool result: ${final.text} (${final.finishReason})`);

  check = 'streamed tool round trip';
  const streamedTools = streamText({
    ...common,
    prompt: 'What is the weather in Paris?',
    tools: { get_weather: weatherTool },
    stopWhen: isStepCount(2),
    onError: ({ error }) => (streamError = error),
  });
  const calls = [];
  for await (const part of streamedTools.fullStream)
    if (part.type === 'tool-call') calls.push(`${part.toolName} ${JSON.stringify(part.input)}`);
  if (streamError) throw streamError;
  const [steps, text, finishReason] = await Promise.all([
    streamedTools.steps,
    streamedTools.text,
    streamedTools.finishReason,
  ]);
  expect(steps.length === 2 && calls.length === 1, 'two steps and one tool call', { steps, calls });
  console.log(`ok streamed tool round trip: ${calls[0]} -> ${text} (${finishReason})`);
}

main().catch((error) => {
  const status = APICallError.isInstance(error) ? ` (HTTP ${error.statusCode})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
