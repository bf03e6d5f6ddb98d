#!/usr/bin/env python3
"""The OpenAI-chat equivalent of the recorded Claude Code request, for the workload bench:
the same conversation and tools as a chat-completions client would send them.

  tests/bench/make_chat_equivalent.py \
      tests/data/agents/claude-code-tool-result-request.json \
      tests/data/agents/claude-code-tool-result-request.chat.json

System blocks become the leading system message; tools become function tools; tool_use
blocks become the assistant's tool_calls and tool_result blocks tool messages; text blocks
become content parts. Anthropic-only fields (cache_control, thinking, context_management,
metadata) have no chat equivalent and are left out; the effort becomes reasoning_effort."""
import json
import sys


def text_of(content):
    """A tool result's or message's text: a string, or the text blocks joined."""
    if isinstance(content, str):
        return content
    return "\n".join(block["text"] for block in content if block.get("type") == "text")


def convert_message(message):
    """One Anthropic message as the chat messages it becomes (a user turn of tool results
    becomes one tool message per result, then the turn's text, if any)."""
    role, content = message["role"], message["content"]
    if isinstance(content, str):
        return [{"role": role, "content": content}]
    texts = [{"type": "text", "text": b["text"]} for b in content if b["type"] == "text"]
    if role == "assistant":
        out = {"role": "assistant", "content": "\n".join(t["text"] for t in texts) or None}
        calls = [{"id": b["id"], "type": "function",
                  "function": {"name": b["name"], "arguments": json.dumps(b["input"], separators=(",", ":"))}}
                 for b in content if b["type"] == "tool_use"]
        if calls:
            out["tool_calls"] = calls
        return [out]
    out = [{"role": "tool", "tool_call_id": b["tool_use_id"], "content": text_of(b["content"])}
           for b in content if b["type"] == "tool_result"]
    if texts:
        out.append({"role": role, "content": texts})
    return out


def convert(request):
    system = "\n\n".join(block["text"] for block in request.get("system", []))
    messages = [{"role": "system", "content": system}] if system else []
    for message in request["messages"]:
        messages.extend(convert_message(message))
    chat = {"model": request["model"], "messages": messages,
            "tools": [{"type": "function", "function": {"name": t["name"], "description": t.get("description", ""),
                                                        "parameters": t["input_schema"]}}
                      for t in request.get("tools", [])],
            "max_completion_tokens": request.get("max_tokens", 4096), "stream": request.get("stream", False)}
    effort = request.get("output_config", {}).get("effort")
    if effort:
        chat["reasoning_effort"] = effort
    return chat


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(convert(request), f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
