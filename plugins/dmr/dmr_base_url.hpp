// Where Docker Model Runner is (docs/protocols/dmr.md "Base URLs", cagent's resolve.go), as far as
// a plugin can tell without running docker, first that applies:
//   1. base_url from the configuration, as given
//   2. $MODEL_RUNNER_HOST + /engines/v1
//   3. inside a container (/.dockerenv exists): http://model-runner.docker.internal/engines/v1
//   4. http://127.0.0.1:12434/engines/v1
// Not done: `docker model status --json` (running a program from a plugin), Docker Desktop's
// unix-socket endpoint (the host transport speaks TCP) and the connectivity probe with its
// fallbacks (one extra request per process for little gain; the first request's error names
// the URL instead). Option `backend` turns /engines/v1 into /engines/{backend}/v1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::dmr_plugin {

inline constexpr std::string_view container_base = "http://model-runner.docker.internal";
inline constexpr std::string_view host_base = "http://127.0.0.1:12434";

// What discovery looks at besides the configuration, so tests can choose it.
struct DmrEnvironment {
    std::optional<std::string> model_runner_host; // $MODEL_RUNNER_HOST
    bool in_container = false;                    // /.dockerenv exists
};

bool running_in_container();

// `configured` is the base_url from the configuration ("" when none: the metadata has none).
std::string dmr_base_url(const std::string& configured, const DmrEnvironment& env, std::string_view backend);

// `{base without /v1}/_configure`, e.g. http://127.0.0.1:12434/engines/_configure.
std::string dmr_configure_url(std::string_view base_url);

} // namespace llmhost::dmr_plugin
