// The OpenAI Chat Completions protocol, reusable by any plugin whose service speaks it (the
// openai family of clouds and local servers, Azure, Copilot, Docker Model Runner):
//
//   llmhost/protocol/openai/request.hpp     canonical ChatRequest / EmbedRequest -> wire JSON
//   llmhost/protocol/openai/stream.hpp      SSE stream -> canonical events (with
//   llmhost/protocol/openai/tool_calls.hpp) llmhost/protocol/openai/response.hpp    non-streaming completion,
//   embeddings and /models -> canonical llmhost/protocol/openai/errors.hpp      HTTP status + error body -> typed
//   llmhost::Error llmhost/protocol/openai/client.hpp      OpenAICompatibleClient: all of the above over the host
//   transport
#pragma once

#include <llmhost/protocol/openai/client.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/stream.hpp>
#include <llmhost/protocol/openai/tool_calls.hpp>
