// The official `openai` npm SDK sending what a Chat Completions request carries beside the
// basics — prompt_cache_key, user, parallel_tool_calls, service_tier, top_p, fields the gateway
// has no place for (seed, logit_bias, a vendor's own), a stream_options of its own and an
// OpenAI-Beta header — and carrying reasoning across a tool turn, through `llmhost serve`.
// tests/e2e/gateway_fidelity_openai_test.cpp checks what reached the upstream.
//
// Usage: OPENAI_API_KEY=<server key> node openai_fidelity_client.mjs <gateway URL> fields <model>
//        OPENAI_API_KEY=<server key> node openai_fidelity_client.mjs <gateway URL> reasoning <model> <stream|whole>
// Prints one `ok <check>: ...` line per call; on any failure prints `FAIL <check>: ...` on
// stderr and exits 1.
import OpenAI from 'openai';

const [gatewayUrl, mode, model, turnStyle] = process.argv.slice(2);
if (!model || (mode !== 'fields' && mode !== 'reasoning')) {
  console.error('usage: node openai_fidelity_client.mjs <gateway URL> fields|reasoning <model> [stream|whole]');
  process.exit(2);
}
const client = new OpenAI({
  baseURL: `${gatewayUrl}/v1`,
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 0, // a failure should show at once, not after the SDK's backoff
  timeout: 20_000,
});

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const usage = (u) =>
  `in ${u.prompt_tokens}, cached ${u.prompt_tokens_details?.cached_tokens}, ` +
  `out ${u.completion_tokens}, reasoning ${u.completion_tokens_details?.reasoning_tokens}`;

let check = 'setup';

async function fields() {
  const request = {
    model,
    messages: [
      { role: 'developer', content: 'You are a weather assistant.' },
      { role: 'user', content: 'What is the weather in Paris?' },
    ],
    tools: [weatherTool],
    tool_choice: 'auto',
    parallel_tool_calls: false,
    prompt_cache_key: 'session-42',
    user: 'user-42',
    service_tier: 'flex',
    top_p: 0.5,
    seed: 7,
    logit_bias: { 50256: -100 },
    x_vendor_field: { keep: ['as', 'is'], n: 1.5 },
  };
  const options = { headers: { 'OpenAI-Beta': 'assistants=v2' } };

  check = 'create';
  const reply = await client.chat.completions.create(request, options);
  console.log(`ok create: ${reply.choices[0].message.content} (${usage(reply.usage)})`);

  check = 'stream';
  const stream = await client.chat.completions.create(
    { ...request, stream: true, stream_options: { include_usage: true, include_obfuscation: false } },
    options,
  );
  let text = '';
  let last = null;
  for await (const chunk of stream) {
    if (chunk.usage) last = chunk.usage;
    for (const c of chunk.choices) text += c.delta?.content ?? '';
  }
  if (!last) throw new Error('no usage chunk');
  console.log(`ok stream: ${text} (${usage(last)})`);
}

// Turn 1 asks for the weather; the assistant turn comes back as the client got it — its
// reasoning_content and reasoning_opaque included — with the tool's result.
async function reasoning() {
  const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
  const request = { model, messages, tools: [weatherTool] };

  check = 'turn 1';
  let assistant;
  if (turnStyle === 'stream') {
    const stream = await client.chat.completions.create({ ...request, stream: true });
    assistant = { role: 'assistant', content: null, reasoning_content: '', reasoning_opaque: '', tool_calls: [] };
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) assistant.content = (assistant.content ?? '') + delta.content;
      assistant.reasoning_content += delta.reasoning_content ?? '';
      assistant.reasoning_opaque += delta.reasoning_opaque ?? '';
      for (const call of delta.tool_calls ?? []) {
        assistant.tool_calls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
        const current = assistant.tool_calls[call.index];
        if (call.id) current.id = call.id;
        if (call.function?.name) current.function.name += call.function.name;
        current.function.arguments += call.function?.arguments ?? '';
      }
    }
  } else {
    assistant = (await client.chat.completions.create(request)).choices[0].message;
  }
  const call = assistant.tool_calls?.[0];
  if (!call) throw new Error(`no tool call in ${JSON.stringify(assistant)}`);
  console.log(
    `ok turn 1: reasoning "${assistant.reasoning_content}", opaque ${assistant.reasoning_opaque ? 'kept' : 'none'}, ` +
      `call ${call.function.name}`,
  );

  check = 'turn 2';
  messages.push(assistant, { role: 'tool', tool_call_id: call.id, content: 'sunny, 24 C' });
  const answered = await client.chat.completions.create(request);
  console.log(`ok turn 2: ${answered.choices[0].message.content}`);
}

(mode === 'fields' ? fields() : reasoning()).catch((error) => {
  const status = error instanceof OpenAI.APIError ? ` (HTTP ${error.status})` : '';
  console.error(`FAIL ${check}${status}: ${error.message}`);
  process.exit(1);
});
