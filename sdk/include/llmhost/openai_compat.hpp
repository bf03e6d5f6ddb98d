// The OpenAI Chat Completions protocol, reusable by any plugin whose service speaks it (the
// openai family of clouds and local servers, Azure, Copilot, Docker Model Runner):
//
//   openai_request.hpp     canonical ChatRequest / EmbedRequest -> wire JSON
//   openai_stream.hpp      SSE stream -> canonical events (with openai_tool_calls.hpp)
//   openai_response.hpp    non-streaming completion, embeddings and /models -> canonical
//   openai_errors.hpp      HTTP status + error body -> typed llmhost::Error
//   openai_client.hpp      OpenAICompatibleClient: all of the above over the host transport
#pragma once

#include <llmhost/openai_client.hpp>
#include <llmhost/openai_errors.hpp>
#include <llmhost/openai_request.hpp>
#include <llmhost/openai_response.hpp>
#include <llmhost/openai_stream.hpp>
#include <llmhost/openai_tool_calls.hpp>
