// llmh_host_services::http_request: adapts the plugin's C request and handler to
// transport::HttpClient::send, with the call's timeouts and cancellation.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>

namespace llmhost::plugins {

int32_t host_http_request(const llmh_call_context* call, const llmh_http_request* request,
                          const llmh_http_response_handler* handler, llmh_error* error) noexcept;

} // namespace llmhost::plugins
