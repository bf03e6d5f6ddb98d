#include "dmr_base_url.hpp"

#include <llmhost/error.hpp>

#include <filesystem>
#include <system_error>

namespace llmhost::dmr_plugin {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string engines_path(std::string_view backend) {
    return backend.empty() ? std::string("/engines/v1") : "/engines/" + std::string(backend) + "/v1";
}

// An explicit base_url is used as given; with a backend, its /engines/v1 becomes
// /engines/{backend}/v1.
std::string pin_backend(const std::string& base_url, std::string_view backend) {
    const std::string pinned = engines_path(backend);
    if (backend.empty() || ends_with(base_url, pinned)) return base_url;
    if (ends_with(base_url, "/engines/v1"))
        return base_url.substr(0, base_url.size() - std::string_view("/engines/v1").size()) + pinned;
    throw Error(LLMH_ERR_INVALID_CONFIG,
                "option 'backend' needs a base_url ending in /engines/v1 to pin, not '" + base_url + "'");
}

} // namespace

bool running_in_container() {
    std::error_code ec;
    return std::filesystem::exists("/.dockerenv", ec);
}

std::string dmr_base_url(const std::string& configured, const DmrEnvironment& env, std::string_view backend) {
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

std::string dmr_configure_url(std::string_view base_url) {
    if (ends_with(base_url, "/v1")) base_url.remove_suffix(3);
    return std::string(base_url) + "/_configure";
}

} // namespace llmhost::dmr_plugin
