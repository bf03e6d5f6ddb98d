// The C++ SDK surface probe (cpp-sdk-gate.sh): one translation unit that includes every public
// header of the header-only C++ SDK, so that clang's AST of it holds the whole public surface —
// types, their public and protected members, free functions, aliases, enumerators, constants —
// which sdk_surface.py lists one declaration a line (cpp_sdk.surface.txt is the v1 baseline).
// The gate also includes any header in sdk/include/llmhost/ missing here, so a new header is
// covered from the start; list it here too.
#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/plugin.hpp>
#include <llmhost/plugin_metadata.hpp>
#include <llmhost/protocol/anthropic/client.hpp>
#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/protocol/anthropic/messages.hpp>
#include <llmhost/protocol/anthropic/plain_event.hpp>
#include <llmhost/protocol/anthropic/request.hpp>
#include <llmhost/protocol/anthropic/response.hpp>
#include <llmhost/protocol/anthropic/stream.hpp>
#include <llmhost/protocol/ndjson.hpp>
#include <llmhost/protocol/openai/client.hpp>
#include <llmhost/protocol/openai/compat.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/json.hpp>
#include <llmhost/protocol/openai/plain_chunk.hpp>
#include <llmhost/protocol/openai/request.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/stream.hpp>
#include <llmhost/protocol/openai/tool_calls.hpp>
#include <llmhost/protocol/responses/client.hpp>
#include <llmhost/protocol/responses/errors.hpp>
#include <llmhost/protocol/responses/request.hpp>
#include <llmhost/protocol/responses/response.hpp>
#include <llmhost/protocol/responses/stream.hpp>
#include <llmhost/protocol/responses/wire_api.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/base_url_placeholders.hpp>
#include <llmhost/support/chat_exchange.hpp>
#include <llmhost/support/codex_credentials.hpp>
#include <llmhost/support/config_checks.hpp>
#include <llmhost/support/copilot_credentials.hpp>
#include <llmhost/support/error_envelope.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/foreign_state.hpp>
#include <llmhost/support/json_containers.hpp>
#include <llmhost/support/json_object_text.hpp>
#include <llmhost/support/json_read.hpp>
#include <llmhost/support/json_scan.hpp>
#include <llmhost/support/json_write.hpp>
#include <llmhost/support/key_redaction.hpp>
#include <llmhost/support/path_segment.hpp>
#include <llmhost/support/private_file.hpp>
#include <llmhost/support/provider_request.hpp>
#include <llmhost/support/wire_extension.hpp>
