// The tolerant JSON readers' first home, kept so that code written against it still builds.
// They serve every wire format and live in json_read.hpp (snippet in error_text.hpp); new code
// includes those.
#pragma once

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

namespace llmhost::openai_json {

using error_text::snippet;
using json_read::array_member;
using json_read::integer_member;
using json_read::integer_value;
using json_read::member;
using json_read::object_member;
using json_read::parse;
using json_read::scalar_text;
using json_read::string_member;

} // namespace llmhost::openai_json
