// JSON Schema (what canonical tool definitions carry) -> the OpenAPI 3.0 subset that a Gemini
// function declaration's `parameters` takes (docs/protocols/gemini.md "Request"). The API rejects
// fields it does not know, and which JSON Schema keywords it refuses is not pinned down
// (docs/protocols/gemini.md "Unverified"), so only the subset's own keywords are kept: `$schema`,
// `additionalProperties`, `$ref` and the like are dropped, and a type list such as
// ["string", "null"] becomes `type` plus `nullable`.
#pragma once

#include <boost/json/fwd.hpp>

namespace llmhost::gemini_plugin {

boost::json::object gemini_schema(const boost::json::object& schema);

// A function without arguments is declared without `parameters`: the API refuses an object
// schema whose properties are empty.
bool declares_arguments(const boost::json::object& gemini_parameters);

} // namespace llmhost::gemini_plugin
