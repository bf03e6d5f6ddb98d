// The Anthropic Messages protocol, reusable by any plugin whose service speaks it (Anthropic
// itself, Anthropic-compatible gateways) and by the host's Anthropic-compatible face:
//
//   llmhost/protocol/anthropic/request.hpp    canonical ChatRequest -> Messages request body
//   llmhost/protocol/anthropic/stream.hpp     SSE stream with named events -> canonical events
//   llmhost/protocol/anthropic/response.hpp   non-streaming message, stop reasons, usage, /v1/models -> canonical
//   llmhost/protocol/anthropic/errors.hpp     HTTP status + error body (or a mid-stream error) -> typed Error
//   llmhost/protocol/anthropic/client.hpp     AnthropicClient: all of the above over the host transport
#pragma once

#include <llmhost/protocol/anthropic/client.hpp>
#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/protocol/anthropic/request.hpp>
#include <llmhost/protocol/anthropic/response.hpp>
#include <llmhost/protocol/anthropic/stream.hpp>
