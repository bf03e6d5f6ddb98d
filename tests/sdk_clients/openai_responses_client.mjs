// The official `openai` npm SDK's Responses API, used as an application would, against `llmhost serve`.
// Usage: OPENAI_API_KEY=<server key> node openai_responses_client.mjs <gateway URL> <model>
// Prints one `ok <check>: ...` line per check; on any mismatch prints `FAIL <check>: ...`
// on stderr and exits 1. tests/e2e/gateway_client_sdks_test.cpp compares the lines.
import OpenAI from 'openai';

const [gatewayUrl, model] = process.argv.slice(2);
if (!model) {
  console.error('usage: node openai_responses_client.mjs <gateway URL> <model>');
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
const itemOf = (response, type) => response.output.find((item) => item.type === type);
const summaryOf = (reasoning) => reasoning.summary.map((s) => s.text).join('');

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};
// A freeform tool, as Codex offers apply_patch: its input is raw text in a grammar, not JSON.
const patchTool = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Apply a patch to the workspace',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
};

async function main() {
  check = 'text';
  const reply = await client.responses.create({ model, input: 'Say hello.', store: false });
  expect(reply.object === 'response' && reply.id.startsWith('resp_'), 'a response object with a resp_ id', reply);
  expect(reply.usage?.total_tokens > 0, 'usage', reply.usage);
  console.log(`ok text: ${reply.output_text} (${reply.status}, ${reply.usage.total_tokens} tokens)`);

  check = 'stream';
  const stream = await client.responses.create({ model, input: 'Say hello.', stream: true, store: false });
  let streamed = '';
  let last = -1;
  let completed = null;
  for await (const event of stream) {
    expect(event.sequence_number === last + 1, `sequence_number ${last + 1}`, event);
    last = event.sequence_number;
    if (event.type === 'response.output_text.delta') streamed += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  expect(completed !== null, 'a response.completed event', completed);
  expect(itemOf(completed, 'message')?.content[0]?.text === streamed, 'the deltas to add up to the message', completed);
  console.log(`ok stream: ${streamed} (${completed.status})`);

  check = 'function call';
  const weatherQuestion = [{ role: 'user', content: 'What is the weather in Paris?' }];
  // Streamed, so the SDK assembles the call from function_call_arguments events.
  const asked = await client.responses
    .stream({ model, input: weatherQuestion, tools: [weatherTool], store: false })
    .finalResponse();
  const call = itemOf(asked, 'function_call');
  expect(call?.call_id && call.status === 'completed', 'a completed function_call item with a call_id', asked.output);
  console.log(`ok function call: ${call.name} ${JSON.stringify(JSON.parse(call.arguments))}`);

  check = 'function result';
  const answered = await client.responses.create({
    model,
    input: [
      ...weatherQuestion,
      ...asked.output,
      { type: 'function_call_output', call_id: call.call_id, output: 'sunny, 24 C' },
    ],
    tools: [weatherTool],
    store: false,
  });
  console.log(`ok function result: ${answered.output_text} (${answered.status})`);

  check = 'custom tool call';
  const patchRequest = [{ role: 'user', content: 'Create hello.txt.' }];
  const patched = await client.responses.create({ model, input: patchRequest, tools: [patchTool], store: false });
  const custom = itemOf(patched, 'custom_tool_call');
  expect(custom?.call_id && typeof custom.input === 'string', 'a custom_tool_call with text input', patched.output);
  console.log(`ok custom tool call: ${custom.name} ${JSON.stringify(custom.input)}`);

  check = 'custom tool stream';
  let inputDeltas = '';
  const patchStream = client.responses.stream({ model, input: patchRequest, tools: [patchTool], store: false });
  patchStream.on('response.custom_tool_call_input.delta', (event) => (inputDeltas += event.delta));
  const streamedCustom = itemOf(await patchStream.finalResponse(), 'custom_tool_call');
  expect(streamedCustom?.input === inputDeltas, 'the deltas to add up to the input', { streamedCustom, inputDeltas });
  console.log(`ok custom tool stream: ${streamedCustom.name} ${JSON.stringify(streamedCustom.input)}`);

  check = 'custom tool result';
  const applied = await client.responses.create({
    model,
    input: [
      ...patchRequest,
      custom,
      { type: 'custom_tool_call_output', call_id: custom.call_id, output: 'A hello.txt' },
    ],
    tools: [patchTool],
    store: false,
  });
  console.log(`ok custom tool result: ${applied.output_text} (${applied.status})`);

  check = 'reasoning';
  const greet = [{ role: 'user', content: 'Say hello.' }];
  let summaryDeltas = '';
  const thinking = client.responses.stream({
    model,
    input: greet,
    reasoning: { effort: 'low', summary: 'auto' },
    store: false,
  });
  thinking.on('response.reasoning_summary_text.delta', (event) => (summaryDeltas += event.delta));
  const thought = await thinking.finalResponse();
  const reasoning = itemOf(thought, 'reasoning');
  expect(reasoning && summaryOf(reasoning) === summaryDeltas, 'a reasoning item, its summary streamed', thought.output);
  expect(thought.output[0] === reasoning, 'the reasoning item first', thought.output);
  console.log(`ok reasoning: ${summaryOf(reasoning)} / ${thought.output_text}`);

  check = 'reasoning round trip';
  // The output goes back whole, reasoning item included, as a stateless client keeps its turn.
  const again = await client.responses.create({
    model,
    input: [...greet, ...thought.output, { role: 'user', content: 'Say hello again.' }],
    reasoning: { effort: 'low', summary: 'auto' },
    store: false,
  });
  console.log(`ok reasoning round trip: ${again.output_text} (${again.status})`);

  check = 'previous response';
  const first = await client.responses.create({ model, input: 'My name is Ada.', store: true });
  const second = await client.responses.create({
    model,
    input: 'What is my name?',
    previous_response_id: first.id,
    store: true,
  });
  expect(second.previous_response_id === first.id, `previous_response_id ${first.id}`, second.previous_response_id);
  console.log(`ok previous response: ${second.output_text} (${second.status})`);

  check = 'retrieve';
  const retrieved = await client.responses.retrieve(second.id);
  expect(retrieved.id === second.id, `id ${second.id}`, retrieved.id);
  expect(retrieved.previous_response_id === first.id, `previous_response_id ${first.id}`, retrieved);
  console.log(`ok retrieve: ${retrieved.output_text} (${retrieved.status})`);

  check = 'item reference';
  // A stored output item named by its id instead of repeated.
  const stored = await client.responses.create({ model, input: weatherQuestion, tools: [weatherTool], store: true });
  const storedCall = itemOf(stored, 'function_call');
  const referred = await client.responses.create({
    model,
    input: [
      ...weatherQuestion,
      { type: 'item_reference', id: storedCall.id },
      { type: 'function_call_output', call_id: storedCall.call_id, output: 'sunny, 24 C' },
    ],
    tools: [weatherTool],
    store: false,
  });
  console.log(`ok item reference: ${referred.output_text} (${referred.status})`);
}

main().catch((error) => {
  const status = error instanceof OpenAI.APIError ? ` (HTTP ${error.status})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
