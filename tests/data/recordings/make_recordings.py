# Writes the conformance-kit recordings of the bundled plugins (docs/conformance-kit.md):
# python3 tests/data/recordings/make_recordings.py tests/data/recordings
# The bodies are in each provider's wire format; Bedrock's ConverseStream frames (AWS
# event-stream, with their CRCs) are built here and stored base64-encoded.
import json, os, struct, zlib, base64, sys
ROOT = sys.argv[1]

def user(text, stream, model, tools=False):
    r = {"model": model, "messages": [{"role": "user", "content": [{"type": "text", "text": text}]}], "stream": stream}
    if tools:
        r["tools"] = [{"name": "get_weather", "description": "The weather in a city",
                       "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
    return r

def write(plugin, fname, doc):
    d = os.path.join(ROOT, plugin)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")

def sse(events):  # [(event-name or None, data-json-or-str)]
    lines = []
    for name, data in events:
        if name: lines.append("event: " + name)
        lines.append("data: " + (data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))))
        lines.append("")
    return lines

def compact(o): return json.dumps(o, separators=(",", ":"))

JSON = {"Content-Type": "application/json"}
SSE = {"Content-Type": "text/event-stream"}
WEATHER = {"city": "Paris"}

# ---------------- OpenAI Chat Completions family (openai, azure, dmr, copilot) ----------------
def openai_family(plugin, model, extra_exchanges=None, error=None):
    ex = {"exchanges": extra_exchanges} if extra_exchanges else {}
    write(plugin, "plain.json", {
        "name": "plain reply", "request": user("Say hello", False, model),
        "response": {"status": 200, "headers": JSON, "body": compact({
            "id": "chatcmpl-kit1", "object": "chat.completion", "created": 1733400000, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello there!"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12}})}, **ex,
        "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 9, "output_tokens": 3}}})
    def chunk(delta, finish=None, usage=None, choices=True):
        c = {"id": "chatcmpl-kit2", "object": "chat.completion.chunk", "created": 1733400000, "model": model,
             "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if choices else []}
        if usage: c["usage"] = usage
        return (None, c)
    write(plugin, "stream.json", {
        "name": "streamed reply", "request": user("Say hello", True, model),
        "response": {"status": 200, "headers": SSE, "body_lines": sse([
            chunk({"role": "assistant", "content": ""}), chunk({"content": "Hello"}), chunk({"content": " there, wörld!"}),
            chunk({}, "stop"), chunk(None, usage={"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}, choices=False),
            (None, "[DONE]")])}, **ex,
        "expect": {"text": "Hello there, wörld!", "finish": "stop", "usage": {"input_tokens": 9, "output_tokens": 4}}})
    write(plugin, "tool_call_stream.json", {
        "name": "two streamed tool calls", "request": user("Weather in Paris and Oslo?", True, model, tools=True),
        "response": {"status": 200, "headers": SSE, "body_lines": sse([
            chunk({"role": "assistant", "content": None, "tool_calls": [{"index": 0, "id": "call_kitA", "type": "function",
                   "function": {"name": "get_weather", "arguments": ""}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"city\":"}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "\"Paris\"}"}}]}),
            chunk({"tool_calls": [{"index": 1, "id": "call_kitB", "type": "function",
                   "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]}),
            chunk({}, "tool_calls"),
            chunk(None, usage={"prompt_tokens": 40, "completion_tokens": 18, "total_tokens": 58}, choices=False),
            (None, "[DONE]")])}, **ex,
        "expect": {"tool_calls": [{"id": "call_kitA", "name": "get_weather", "arguments": WEATHER},
                                  {"id": "call_kitB", "name": "get_weather", "arguments": {"city": "Oslo"}}],
                   "finish": "tool_calls", "usage": {"input_tokens": 40, "output_tokens": 18}}})
    write(plugin, "tool_call.json", {
        "name": "a tool call, not streamed", "request": user("Weather in Paris?", False, model, tools=True),
        "response": {"status": 200, "headers": JSON, "body": compact({
            "id": "chatcmpl-kit3", "object": "chat.completion", "created": 1733400000, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
                {"id": "call_kitC", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
                "finish_reason": "tool_calls"}],
            "usage": {"prompt_tokens": 30, "completion_tokens": 12, "total_tokens": 42}})}, **ex,
        "expect": {"tool_calls": [{"id": "call_kitC", "name": "get_weather", "arguments": WEATHER}],
                   "finish": "tool_calls", "usage": {"input_tokens": 30, "output_tokens": 12}}})
    status, headers, body, expect = error or (429, {"Content-Type": "application/json", "retry-after": "7"},
        compact({"error": {"message": "Rate limit reached for requests", "type": "requests", "param": None, "code": "rate_limit_exceeded"}}),
        {"error": "rate_limited", "retry_after_ms": 7000, "http_status": 429})
    write(plugin, "error_rate_limited.json" if status == 429 else "error_%d.json" % status, {
        "name": "an upstream error", "request": user("Say hello", True, model),
        "response": {"status": status, "headers": headers, "body": body}, **ex, "expect": expect})

openai_family("openai", "gpt-4o-mini")
write("openai", "error_context_length.json", {
    "name": "prompt too long", "request": user("Say hello", False, "gpt-4o-mini"),
    "response": {"status": 400, "headers": JSON, "body": compact({"error": {
        "message": "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
        "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})},
    "expect": {"error": "context_length_exceeded", "http_status": 400}})
openai_family("azure", "gpt-4o-mini")
openai_family("dmr", "ai/smollm2", error=(404, JSON, compact({"error": {"message": "model not found", "type": "not_found_error"}}),
                                          {"error": "not_found", "http_status": 404}))
copilot_token = [{"url_contains": "/copilot_internal/v2/token", "status": 200, "headers": JSON,
                  "body": compact({"token": "tid=kit;exp=4102444800;sku=free", "expires_at": 4102444800, "refresh_in": 1500,
                                   "endpoints": {"api": "https://api.individual.githubcopilot.com"}})}]
openai_family("copilot", "gpt-4o", extra_exchanges=copilot_token)

# ---------------- Anthropic Messages ----------------
M = "claude-sonnet-4-5"
write("anthropic", "plain.json", {
    "name": "plain reply", "request": user("Say hello", False, M),
    "response": {"status": 200, "headers": JSON, "body": compact({
        "id": "msg_kit1", "type": "message", "role": "assistant", "model": M,
        "content": [{"type": "text", "text": "Hello there!"}], "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 4}})},
    "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 10, "output_tokens": 4}}})
write("anthropic", "stream.json", {
    "name": "streamed reply, with thinking", "request": user("Say hello", True, M),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        ("message_start", {"type": "message_start", "message": {"id": "msg_kit2", "type": "message", "role": "assistant", "model": M,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": "", "signature": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "A greeting."}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "c2lnLWtpdA=="}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("ping", {"type": "ping"}),
        ("content_block_start", {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "Hello"}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": " there, wörld!"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": 12}}),
        ("message_stop", {"type": "message_stop"})])},
    "expect": {"text": "Hello there, wörld!", "reasoning": "A greeting.", "finish": "stop",
               "usage": {"input_tokens": 10, "output_tokens": 12}}})
write("anthropic", "tool_call_stream.json", {
    "name": "streamed tool call", "request": user("Weather in Paris?", True, M, tools=True),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        ("message_start", {"type": "message_start", "message": {"id": "msg_kit3", "type": "message", "role": "assistant", "model": M,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 50, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Checking."}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("content_block_start", {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_kitA", "name": "get_weather", "input": {}}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{\"city\": "}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "\"Paris\"}"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}, "usage": {"output_tokens": 20}}),
        ("message_stop", {"type": "message_stop"})])},
    "expect": {"text": "Checking.", "tool_calls": [{"id": "toolu_kitA", "name": "get_weather", "arguments": WEATHER}],
               "finish": "tool_calls", "usage": {"input_tokens": 50, "output_tokens": 20}}})
write("anthropic", "tool_call.json", {
    "name": "a tool call, not streamed", "request": user("Weather in Paris?", False, M, tools=True),
    "response": {"status": 200, "headers": JSON, "body": compact({
        "id": "msg_kit4", "type": "message", "role": "assistant", "model": M,
        "content": [{"type": "tool_use", "id": "toolu_kitB", "name": "get_weather", "input": WEATHER}],
        "stop_reason": "tool_use", "stop_sequence": None, "usage": {"input_tokens": 50, "output_tokens": 15}})},
    "expect": {"tool_calls": [{"id": "toolu_kitB", "name": "get_weather", "arguments": WEATHER}],
               "finish": "tool_calls", "usage": {"input_tokens": 50, "output_tokens": 15}}})
write("anthropic", "error_overloaded.json", {
    "name": "overloaded", "request": user("Say hello", True, M),
    "response": {"status": 529, "headers": JSON, "body": compact({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})},
    "expect": {"error": "overloaded", "http_status": 529}})
write("anthropic", "error_rate_limited.json", {
    "name": "rate limited, retry-after in seconds", "request": user("Say hello", False, M),
    "response": {"status": 429, "headers": {"Content-Type": "application/json", "retry-after": "12"},
                 "body": compact({"type": "error", "error": {"type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit"}})},
    "expect": {"error": "rate_limited", "retry_after_ms": 12000, "http_status": 429}})

# ---------------- Gemini ----------------
G = "gemini-2.0-flash"
def gchunk(parts, finish=None, usage=None):
    c = {"candidates": [{"content": {"parts": parts, "role": "model"}, "index": 0}], "modelVersion": G, "responseId": "kit-gem"}
    if finish: c["candidates"][0]["finishReason"] = finish
    if usage: c["usageMetadata"] = usage
    return c
write("gemini", "plain.json", {
    "name": "plain reply", "request": user("Say hello", False, G),
    "response": {"status": 200, "headers": JSON, "body": json.dumps(gchunk([{"text": "Hello there!"}], "STOP",
        {"promptTokenCount": 4, "candidatesTokenCount": 3, "totalTokenCount": 7}), indent=2)},
    "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 4, "output_tokens": 3}}})
write("gemini", "stream.json", {
    "name": "streamed reply", "request": user("Say hello", True, G),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        (None, gchunk([{"text": "Hello"}], usage={"promptTokenCount": 4, "totalTokenCount": 4})),
        (None, gchunk([{"text": " there, wörld!"}], "STOP", {"promptTokenCount": 4, "candidatesTokenCount": 5, "totalTokenCount": 9}))])},
    "expect": {"text": "Hello there, wörld!", "finish": "stop", "usage": {"input_tokens": 4, "output_tokens": 5}}})
write("gemini", "tool_call_stream.json", {
    "name": "streamed tool calls", "request": user("Weather in Paris and Oslo?", True, G, tools=True),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        (None, gchunk([{"functionCall": {"name": "get_weather", "args": WEATHER}},
                       {"functionCall": {"name": "get_weather", "args": {"city": "Oslo"}}}], "STOP",
                      {"promptTokenCount": 30, "candidatesTokenCount": 10, "totalTokenCount": 40}))])},
    "expect": {"tool_calls": [{"name": "get_weather", "arguments": WEATHER}, {"name": "get_weather", "arguments": {"city": "Oslo"}}],
               "finish": "tool_calls", "usage": {"input_tokens": 30, "output_tokens": 10}}})
write("gemini", "error_400.json", {
    "name": "invalid argument", "request": user("Say hello", False, G),
    "response": {"status": 400, "headers": JSON, "body": json.dumps({"error": {"code": 400,
        "message": "Invalid JSON payload received. Unknown name \"foo\": Cannot find field.", "status": "INVALID_ARGUMENT"}}, indent=2)},
    "expect": {"error": "bad_request", "http_status": 400}})

# ---------------- Ollama native ----------------
O = "llama3.2"
def oline(msg, done=False, extra=None):
    l = {"model": O, "created_at": "2025-07-07T20:22:19.18Z", "message": dict({"role": "assistant", "content": ""}, **msg), "done": done}
    if extra: l.update(extra)
    return compact(l)
DONE = {"done_reason": "stop", "total_duration": 182242375, "load_duration": 1000, "prompt_eval_count": 26,
        "prompt_eval_duration": 5, "eval_count": 6, "eval_duration": 7}
NDJSON = {"Content-Type": "application/x-ndjson"}
write("ollama", "plain.json", {
    "name": "plain reply", "request": user("Say hello", False, O),
    "response": {"status": 200, "headers": JSON, "body": oline({"content": "Hello there!"}, True, DONE)},
    "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 26, "output_tokens": 6}}})
write("ollama", "stream.json", {
    "name": "streamed reply, with thinking", "request": user("Say hello", True, O),
    "response": {"status": 200, "headers": NDJSON, "body_lines": [
        oline({"thinking": "A greeting."}), oline({"content": "Hello"}), oline({"content": " there, wörld!"}), oline({}, True, DONE)]},
    "expect": {"text": "Hello there, wörld!", "reasoning": "A greeting.", "finish": "stop", "usage": {"input_tokens": 26, "output_tokens": 6}}})
write("ollama", "tool_call_stream.json", {
    "name": "streamed tool calls", "request": user("Weather in Paris and Oslo?", True, O, tools=True),
    "response": {"status": 200, "headers": NDJSON, "body_lines": [
        oline({"tool_calls": [{"function": {"name": "get_weather", "arguments": WEATHER}}]}),
        oline({"tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]}),
        oline({}, True, DONE)]},
    "expect": {"tool_calls": [{"name": "get_weather", "arguments": WEATHER}, {"name": "get_weather", "arguments": {"city": "Oslo"}}],
               "finish": "tool_calls", "usage": {"input_tokens": 26, "output_tokens": 6}}})
write("ollama", "error_404.json", {
    "name": "model not pulled", "request": user("Say hello", True, O),
    "response": {"status": 404, "headers": JSON, "body": compact({"error": "model \"llama3.2\" not found, try pulling it first"})},
    "expect": {"error": "not_found", "http_status": 404}})

# ---------------- OpenAI Codex (Responses API over the ChatGPT backend) ----------------
C = "gpt-5-codex"
def rev(t, **kw): return ("response." + t, dict({"type": "response." + t}, **kw))
CREATED = rev("created", response={"id": "resp_kit", "model": C, "status": "in_progress"})
write("openai_codex", "stream.json", {
    "name": "streamed reply, with a reasoning summary", "request": user("Say hello", True, C),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        CREATED,
        rev("reasoning_summary_text.delta", output_index=0, summary_index=0, delta="A greeting."),
        rev("output_text.delta", output_index=1, content_index=0, delta="Hello"),
        rev("output_text.delta", output_index=1, content_index=0, delta=" there, wörld!"),
        rev("completed", response={"id": "resp_kit", "model": C, "status": "completed",
            "usage": {"input_tokens": 11, "output_tokens": 7, "total_tokens": 18}})])},
    "expect": {"text": "Hello there, wörld!", "reasoning": "A greeting.", "finish": "stop", "usage": {"input_tokens": 11, "output_tokens": 7}}})
write("openai_codex", "plain.json", {
    "name": "a reply to a request that does not stream (the backend always streams)", "request": user("Say hello", False, C),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        CREATED,
        rev("output_text.delta", output_index=0, content_index=0, delta="Hello there!"),
        rev("completed", response={"id": "resp_kit", "model": C, "status": "completed",
            "usage": {"input_tokens": 11, "output_tokens": 3, "total_tokens": 14}})])},
    "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 11, "output_tokens": 3}}})
FC = {"type": "function_call", "id": "fc_kit1", "call_id": "call_kitA", "name": "get_weather", "arguments": ""}
write("openai_codex", "tool_call_stream.json", {
    "name": "streamed tool call", "request": user("Weather in Paris?", True, C, tools=True),
    "response": {"status": 200, "headers": SSE, "body_lines": sse([
        CREATED,
        rev("output_item.added", output_index=0, item=FC),
        rev("function_call_arguments.delta", output_index=0, item_id="fc_kit1", delta="{\"city\":"),
        rev("function_call_arguments.delta", output_index=0, item_id="fc_kit1", delta="\"Paris\"}"),
        rev("output_item.done", output_index=0, item=dict(FC, arguments="{\"city\":\"Paris\"}", status="completed")),
        rev("completed", response={"id": "resp_kit", "model": C, "status": "completed",
            "usage": {"input_tokens": 40, "output_tokens": 9, "total_tokens": 49}})])},
    "expect": {"tool_calls": [{"id": "call_kitA", "name": "get_weather", "arguments": WEATHER}],
               "finish": "tool_calls", "usage": {"input_tokens": 40, "output_tokens": 9}}})
write("openai_codex", "error_401.json", {
    "name": "access token rejected", "request": user("Say hello", True, C),
    "response": {"status": 401, "headers": JSON, "body": compact({"detail": "Could not validate your token"})},
    "expect": {"error": "authentication", "http_status": 401}})

# ---------------- Bedrock Converse / ConverseStream ----------------
B = "anthropic.claude-3-5-haiku-20241022-v1:0"
def es_message(event_type, payload):
    def header(name, value):
        n, v = name.encode(), value.encode()
        return bytes([len(n)]) + n + bytes([7]) + struct.pack(">H", len(v)) + v
    headers = header(":event-type", event_type) + header(":content-type", "application/json") + header(":message-type", "event")
    body = compact(payload).encode()
    total = 12 + len(headers) + len(body) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude) & 0xffffffff)
    msg = prelude + headers + body
    return msg + struct.pack(">I", zlib.crc32(msg) & 0xffffffff)
def es(events): return base64.b64encode(b"".join(es_message(t, p) for t, p in events)).decode()
ES = {"Content-Type": "application/vnd.amazon.eventstream"}
META = lambda i, o: ("metadata", {"usage": {"inputTokens": i, "outputTokens": o, "totalTokens": i + o}, "metrics": {"latencyMs": 321}})
write("bedrock", "plain.json", {
    "name": "plain reply (Converse)", "request": user("Say hello", False, B),
    "response": {"status": 200, "headers": JSON, "body": compact({
        "output": {"message": {"role": "assistant", "content": [{"text": "Hello there!"}]}}, "stopReason": "end_turn",
        "usage": {"inputTokens": 12, "outputTokens": 4, "totalTokens": 16}, "metrics": {"latencyMs": 300}})},
    "expect": {"text": "Hello there!", "finish": "stop", "usage": {"input_tokens": 12, "output_tokens": 4}}})
write("bedrock", "stream.json", {
    "name": "streamed reply (ConverseStream, AWS event-stream frames, base64)", "request": user("Say hello", True, B),
    "response": {"status": 200, "headers": ES, "body_base64": es([
        ("messageStart", {"role": "assistant"}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Hello"}}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": " there, wörld!"}}),
        ("contentBlockStop", {"contentBlockIndex": 0}),
        ("messageStop", {"stopReason": "end_turn"}), META(12, 6)])},
    "expect": {"text": "Hello there, wörld!", "finish": "stop", "usage": {"input_tokens": 12, "output_tokens": 6}}})
write("bedrock", "tool_call_stream.json", {
    "name": "streamed tool call (ConverseStream)", "request": user("Weather in Paris?", True, B, tools=True),
    "response": {"status": 200, "headers": ES, "body_base64": es([
        ("messageStart", {"role": "assistant"}),
        ("contentBlockStart", {"contentBlockIndex": 0, "start": {"toolUse": {"toolUseId": "tooluse_kitA", "name": "get_weather"}}}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": "{\"city\":"}}}),
        ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"toolUse": {"input": "\"Paris\"}"}}}),
        ("contentBlockStop", {"contentBlockIndex": 0}),
        ("messageStop", {"stopReason": "tool_use"}), META(60, 20)])},
    "expect": {"tool_calls": [{"id": "tooluse_kitA", "name": "get_weather", "arguments": WEATHER}],
               "finish": "tool_calls", "usage": {"input_tokens": 60, "output_tokens": 20}}})
write("bedrock", "tool_call.json", {
    "name": "a tool call, not streamed (Converse)", "request": user("Weather in Paris?", False, B, tools=True),
    "response": {"status": 200, "headers": JSON, "body": compact({
        "output": {"message": {"role": "assistant", "content": [{"toolUse": {"toolUseId": "tooluse_kitB", "name": "get_weather", "input": WEATHER}}]}},
        "stopReason": "tool_use", "usage": {"inputTokens": 60, "outputTokens": 15, "totalTokens": 75}, "metrics": {"latencyMs": 300}})},
    "expect": {"tool_calls": [{"id": "tooluse_kitB", "name": "get_weather", "arguments": WEATHER}],
               "finish": "tool_calls", "usage": {"input_tokens": 60, "output_tokens": 15}}})
write("bedrock", "error_throttled.json", {
    "name": "throttled", "request": user("Say hello", True, B),
    "response": {"status": 429, "headers": {"Content-Type": "application/json", "x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"},
                 "body": compact({"message": "Too many requests, please wait before trying again."})},
    "expect": {"error": "rate_limited", "http_status": 429}})

# ---------------- mock (no HTTP: request and expectation only) ----------------
write("mock", "plain.json", {
    "name": "echo, not streamed", "request": user("hello there", False, "mock-echo"),
    "expect": {"text": "hello there", "finish": "stop", "usage": {"input_tokens": 2, "output_tokens": 2}}})
write("mock", "stream.json", {
    "name": "echo, streamed", "request": user("hello there, wörld", True, "mock-echo"),
    "expect": {"text": "hello there, wörld", "finish": "stop", "usage": {"input_tokens": 3, "output_tokens": 3}}})
write("mock", "tool_call.json", {
    "name": "a scripted tool call (option tool_call)", "options": {"tool_call": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
    "request": user("Weather in Paris?", True, "mock-echo", tools=True),
    "expect": {"tool_calls": [{"name": "get_weather", "arguments": WEATHER}], "finish": "tool_calls"}})
write("mock", "error_rate_limited.json", {
    "name": "a scripted error (option error)", "options": {"error": "rate_limited", "error_retry_after_ms": 1500},
    "request": user("hello", False, "mock-echo"),
    "expect": {"error": "rate_limited", "retry_after_ms": 1500}})
