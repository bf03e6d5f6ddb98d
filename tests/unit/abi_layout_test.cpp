// Pins plugin ABI 1.0: the size and offset of every field of every struct, the enum values
// and the version constants (LP64 values: x86_64, aarch64). A change here breaks every plugin
// built so far — append fields and bump LLMH_ABI_MINOR instead.
#include <llmhost/provider_abi.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>

#if defined(__LP64__)

#define PIN(type, field, offset) static_assert(offsetof(type, field) == (offset), #type "." #field " moved")
#define PIN_SIZE(type, size) static_assert(sizeof(type) == (size), "sizeof(" #type ") changed")

PIN_SIZE(llmh_str, 16);
PIN(llmh_str, data, 0);
PIN(llmh_str, size, 8);

PIN_SIZE(llmh_error, 1048);
PIN(llmh_error, struct_size, 0);
PIN(llmh_error, error_class, 4);
PIN(llmh_error, http_status, 8);
PIN(llmh_error, reserved, 12);
PIN(llmh_error, retry_after_ms, 16);
PIN(llmh_error, message, 24);

PIN_SIZE(llmh_header, 32);
PIN(llmh_header, name, 0);
PIN(llmh_header, value, 16);

PIN_SIZE(llmh_call_context, 32);
PIN(llmh_call_context, struct_size, 0);
PIN(llmh_call_context, reserved, 4);
PIN(llmh_call_context, api_key, 8);
PIN(llmh_call_context, host_call, 24);

PIN_SIZE(llmh_http_request, 88);
PIN(llmh_http_request, struct_size, 0);
PIN(llmh_http_request, reserved, 4);
PIN(llmh_http_request, method, 8);
PIN(llmh_http_request, url, 24);
PIN(llmh_http_request, headers, 40);
PIN(llmh_http_request, header_count, 48);
PIN(llmh_http_request, body, 56);
PIN(llmh_http_request, total_timeout_ms, 72);
PIN(llmh_http_request, idle_timeout_ms, 80);

PIN_SIZE(llmh_http_response_handler, 32);
PIN(llmh_http_response_handler, struct_size, 0);
PIN(llmh_http_response_handler, reserved, 4);
PIN(llmh_http_response_handler, user, 8);
PIN(llmh_http_response_handler, on_head, 16);
PIN(llmh_http_response_handler, on_body, 24);

PIN_SIZE(llmh_host_services, 80);
PIN(llmh_host_services, struct_size, 0);
PIN(llmh_host_services, abi_minor, 4);
PIN(llmh_host_services, host, 8);
PIN(llmh_host_services, log, 16);
PIN(llmh_host_services, http_request, 24);
PIN(llmh_host_services, alloc, 32);
PIN(llmh_host_services, free, 40);
PIN(llmh_host_services, monotonic_ns, 48);
PIN(llmh_host_services, wall_clock_ms, 56);
PIN(llmh_host_services, get_env, 64);
PIN(llmh_host_services, is_cancelled, 72);

PIN_SIZE(llmh_usage, 32);
PIN(llmh_usage, input_tokens, 0);
PIN(llmh_usage, output_tokens, 8);
PIN(llmh_usage, cached_input_tokens, 16);
PIN(llmh_usage, reasoning_tokens, 24);

PIN_SIZE(llmh_event, 120);
PIN(llmh_event, struct_size, 0);
PIN(llmh_event, type, 4);
PIN(llmh_event, index, 8);
PIN(llmh_event, finish_reason, 12);
PIN(llmh_event, text, 16);
PIN(llmh_event, id, 32);
PIN(llmh_event, name, 48);
PIN(llmh_event, usage, 64);
PIN(llmh_event, data, 96);
PIN(llmh_event, cache_write_tokens, 112);

PIN_SIZE(llmh_event_sink, 24);
PIN(llmh_event_sink, struct_size, 0);
PIN(llmh_event_sink, reserved, 4);
PIN(llmh_event_sink, user, 8);
PIN(llmh_event_sink, on_event, 16);

PIN_SIZE(llmh_json_sink, 24);
PIN(llmh_json_sink, struct_size, 0);
PIN(llmh_json_sink, reserved, 4);
PIN(llmh_json_sink, user, 8);
PIN(llmh_json_sink, write, 16);

PIN_SIZE(llmh_plugin, 120);
PIN(llmh_plugin, struct_size, 0);
PIN(llmh_plugin, abi_major, 4);
PIN(llmh_plugin, abi_minor, 8);
PIN(llmh_plugin, flags, 12);
PIN(llmh_plugin, name, 16);
PIN(llmh_plugin, version, 32);
PIN(llmh_plugin, init, 48);
PIN(llmh_plugin, create, 56);
PIN(llmh_plugin, destroy, 64);
PIN(llmh_plugin, chat, 72);
PIN(llmh_plugin, embed, 80);
PIN(llmh_plugin, list_models, 88);
PIN(llmh_plugin, capabilities, 96);
PIN(llmh_plugin, count_tokens, 104);
PIN(llmh_plugin, chat_wire, 112);

#undef PIN
#undef PIN_SIZE

#endif // __LP64__

static_assert(LLMH_ABI_MAJOR == 1);
static_assert(LLMH_ABI_MINOR == 2);
static_assert(LLMH_ERROR_MESSAGE_CAPACITY == 1024);
static_assert(LLMH_PLUGIN_COOPERATIVE == 0x1u);

static_assert(LLMH_OK == 0);
static_assert(LLMH_ERR_AUTHENTICATION == 1);
static_assert(LLMH_ERR_PERMISSION == 2);
static_assert(LLMH_ERR_NOT_FOUND == 3);
static_assert(LLMH_ERR_BAD_REQUEST == 4);
static_assert(LLMH_ERR_CONTEXT_LENGTH == 5);
static_assert(LLMH_ERR_RATE_LIMITED == 6);
static_assert(LLMH_ERR_QUOTA_EXHAUSTED == 7);
static_assert(LLMH_ERR_OVERLOADED == 8);
static_assert(LLMH_ERR_SERVER == 9);
static_assert(LLMH_ERR_TIMEOUT == 10);
static_assert(LLMH_ERR_NETWORK == 11);
static_assert(LLMH_ERR_MALFORMED_RESPONSE == 12);
static_assert(LLMH_ERR_UNSUPPORTED == 13);
static_assert(LLMH_ERR_CANCELLED == 14);
static_assert(LLMH_ERR_PLUGIN_INTERNAL == 15);
static_assert(LLMH_ERR_INVALID_CONFIG == 16);
static_assert(LLMH_ERR_MISSING_CREDENTIALS == 17);

static_assert(LLMH_CAP_CHAT == 0x01);
static_assert(LLMH_CAP_STREAMING == 0x02);
static_assert(LLMH_CAP_TOOLS == 0x04);
static_assert(LLMH_CAP_STRUCTURED_OUTPUT == 0x08);
static_assert(LLMH_CAP_EMBEDDINGS == 0x10);
static_assert(LLMH_CAP_VISION == 0x20);
static_assert(LLMH_CAP_REASONING == 0x40);
static_assert(LLMH_CAP_MODEL_LISTING == 0x80);

static_assert(LLMH_LOG_DEBUG == 0);
static_assert(LLMH_LOG_INFO == 1);
static_assert(LLMH_LOG_WARN == 2);
static_assert(LLMH_LOG_ERROR == 3);

static_assert(LLMH_EVENT_MESSAGE_START == 1);
static_assert(LLMH_EVENT_TEXT_DELTA == 2);
static_assert(LLMH_EVENT_REASONING_DELTA == 3);
static_assert(LLMH_EVENT_TOOL_CALL_START == 4);
static_assert(LLMH_EVENT_TOOL_CALL_DELTA == 5);
static_assert(LLMH_EVENT_USAGE == 6);
static_assert(LLMH_EVENT_FINISH == 7);
static_assert(LLMH_EVENT_REASONING_STATE == 8);

static_assert(LLMH_FINISH_NONE == 0);
static_assert(LLMH_FINISH_STOP == 1);
static_assert(LLMH_FINISH_LENGTH == 2);
static_assert(LLMH_FINISH_TOOL_CALLS == 3);
static_assert(LLMH_FINISH_CONTENT_FILTER == 4);
static_assert(LLMH_FINISH_ERROR == 5);

// The names a host and a plugin meet by: the exported symbol and the metadata section.
BOOST_AUTO_TEST_CASE(entry_point_and_section_names_are_pinned) {
    BOOST_TEST(std::string_view(LLMH_ENTRY_POINT_NAME) == "llmh_plugin_v1");
    BOOST_TEST(std::string_view(LLMH_STRINGIFY(LLMH_ENTRY_POINT)) == LLMH_ENTRY_POINT_NAME);
    BOOST_TEST(std::string_view(LLMH_METADATA_SECTION) == ".llmhost.meta");
}

// The metadata header line a plugin embeds, as the macro spells it.
BOOST_AUTO_TEST_CASE(metadata_header_line_is_pinned) {
    const char expected[] =
        "llmhost-plugin abi=" LLMH_STRINGIFY(LLMH_ABI_MAJOR) "." LLMH_STRINGIFY(LLMH_ABI_MINOR) "\n{}";
    BOOST_TEST(std::string_view(expected) == "llmhost-plugin abi=1.2\n{}");
}
