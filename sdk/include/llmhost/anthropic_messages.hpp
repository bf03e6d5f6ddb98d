// The Anthropic Messages protocol, reusable by any plugin whose service speaks it (Anthropic
// itself, Anthropic-compatible gateways) and by the host's Anthropic-compatible face:
//
//   anthropic_request.hpp    canonical ChatRequest -> Messages request body
//   anthropic_stream.hpp     SSE stream with named events -> canonical events
//   anthropic_response.hpp   non-streaming message, stop reasons, usage, /v1/models -> canonical
//   anthropic_errors.hpp     HTTP status + error body (or a mid-stream error) -> typed Error
//   anthropic_client.hpp     AnthropicClient: all of the above over the host transport
#pragma once

#include <llmhost/anthropic_client.hpp>
#include <llmhost/anthropic_errors.hpp>
#include <llmhost/anthropic_request.hpp>
#include <llmhost/anthropic_response.hpp>
#include <llmhost/anthropic_stream.hpp>
