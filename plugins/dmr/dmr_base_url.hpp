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

#include <llmhost/error.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace llmhost::dmr_plugin {

inline constexpr std::string_view container_base = "http://model-runner.docker.internal";
inline constexpr std::string_view host_base = "http://127.0.0.1:12434";

// What discovery looks at besides the configuration, so tests can choose it.
struct DmrEnvironment {
    std::optional<std::string> model_runner_host; // $MODEL_RUNNER_HOST
    bool in_container = false;                    // /.dockerenv exists
};

inline bool running_in_container() {
    std::error_code ec;
    return std::filesystem::exists("/.dockerenv", ec);
}

namespace base_url_detail {

inline bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline std::string engines_path(std::string_view backend) {
    return backend.empty() ? std::string("/engines/v1") : "/engines/" + std::string(backend) + "/v1";
}

// An explicit base_url is used as given; with a backend, its /engines/v1 becomes
// /engines/{backend}/v1.
inline std::string pin_backend(const std::string& base_url, std::string_view backend) {
    const std::string pinned = engines_path(backend);
    if (backend.empty() || ends_with(base_url, pinned)) return base_url;
    if (ends_with(base_url, "/engines/v1"))
        return base_url.substr(0, base_url.size() - std::string_view("/engines/v1").size()) + pinned;
    throw Error(LLMH_ERR_INVALID_CONFIG,
                "option 'backend' needs a base_url ending in /engines/v1 to pin, not '" + base_url + "'");
}

} // namespace base_url_detail

// `configured` is the base_url from the configuration ("" when none: the metadata has none).
inline std::string dmr_base_url(const std::string& configured, const DmrEnvironment& env, std::string_view backend) {
    using namespace base_url_detail;
    if (!configured.empty()) {
        if (configured.rfind("http://", 0) != 0 && configured.rfind("https://", 0) != 0)
            throw Error(LLMH_ERR_INVALID_CONFIG, "base_url '" + configured + "' must start with http:// or https://");
        return pin_backend(configured, backend);
    }
    if (env.model_runner_host && !env.model_runner_host->empty()) {
        std::string host = *env.model_runner_host;
        while (!host.empty() && host.back() == '/')
            host.pop_back();
        // Docker documents it with a scheme (http://localhost:13434); a bare host:port is
        // taken as plain HTTP.
        if (host.find("://") == std::string::npos) host = "http://" + host;
        return host + engines_path(backend);
    }
    return std::string(env.in_container ? container_base : host_base) + engines_path(backend);
}

// `{base without /v1}/_configure`, e.g. http://127.0.0.1:12434/engines/_configure.
inline std::string dmr_configure_url(std::string_view base_url) {
    if (base_url_detail::ends_with(base_url, "/v1")) base_url.remove_suffix(3);
    return std::string(base_url) + "/_configure";
}

} // namespace llmhost::dmr_plugin
