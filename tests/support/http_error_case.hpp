// One row of the error-mapping tables plugin tests share: what the upstream answers and what
// the plugin must make of it.
#pragma once

#include <llmhost/http.hpp>
#include <llmhost/provider_abi.h>

#include <cstdint>
#include <string>

namespace llmhost::testing {

struct HttpErrorCase {
    int status;
    Headers headers;
    std::string body;
    llmh_error_class expected;
    int64_t retry_after_ms;
};

} // namespace llmhost::testing
