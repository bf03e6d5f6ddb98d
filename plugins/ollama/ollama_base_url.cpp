#include "ollama_base_url.hpp"

#include <llmhost/error.hpp>

#include <algorithm>
#include <cctype>

namespace llmhost::ollama_plugin {

namespace {

std::string_view trim(std::string_view s, std::string_view chars) {
    const auto first = s.find_first_not_of(chars);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

Error invalid(std::string_view value, std::string_view why) {
    return Error(LLMH_ERR_INVALID_CONFIG,
                 std::string(host_variable) + " '" + std::string(value) + "' " + std::string(why));
}

bool is_port(std::string_view port) {
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return false;
    return std::stoi(std::string(port)) <= 65535;
}

} // namespace

std::string base_url_from_ollama_host(std::string_view raw) {
    std::string_view value = trim(trim(trim(raw, " \t"), "\"'"), " \t");
    if (value.empty()) return std::string(default_base_url);

    std::string scheme = "http";
    std::string_view default_port = "11434";
    if (const auto sep = value.find("://"); sep != std::string_view::npos) {
        scheme.clear();
        for (char c : value.substr(0, sep))
            scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (scheme == "http")
            default_port = "80";
        else if (scheme == "https")
            default_port = "443";
        else
            throw invalid(raw, "must start with http:// or https:// (or name just host:port)");
        value.remove_prefix(sep + 3);
    }

    std::string path;
    if (const auto slash = value.find('/'); slash != std::string_view::npos) {
        path = std::string(value.substr(slash));
        value = value.substr(0, slash);
        while (!path.empty() && path.back() == '/')
            path.pop_back();
    }

    std::string host;
    std::string_view port;
    if (!value.empty() && value.front() == '[') { // [IPv6]:port
        const auto close = value.find(']');
        if (close == std::string_view::npos) throw invalid(raw, "has an unclosed '[' in its address");
        host = std::string(value.substr(0, close + 1));
        const std::string_view rest = value.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') throw invalid(raw, "has text after its IPv6 address");
        if (!rest.empty()) port = rest.substr(1);
    } else if (value.find(':') != value.rfind(':')) { // a bare IPv6 address, no port
        host = "[" + std::string(value) + "]";
    } else if (const auto colon = value.find(':'); colon != std::string_view::npos) {
        host = std::string(value.substr(0, colon));
        port = value.substr(colon + 1);
    } else {
        host = std::string(value);
    }

    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "[::]") host = "[::1]";
    if (port.empty()) port = default_port;
    if (!is_port(port)) throw invalid(raw, "has an invalid port '" + std::string(port) + "' (expected 0-65535)");

    const bool scheme_default_port = (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
    std::string url = scheme + "://" + host;
    if (!scheme_default_port) url += ":" + std::string(port);
    return url + path;
}

std::string resolve_base_url(std::string_view configured, const Host& host) {
    std::string url(configured);
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    if (url.empty() || url == default_base_url) {
        const auto from_env = host.env(host_variable);
        url = from_env && !trim(*from_env, " \t\"'").empty() ? base_url_from_ollama_host(*from_env)
                                                             : std::string(default_base_url);
    }
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw Error(LLMH_ERR_INVALID_CONFIG, "base_url '" + url + "' must start with http:// or https://");
    const size_t path_start = url.find('/', url.find("://") + 3); // npos: no path at all
    for (std::string_view suffix : {"/api", "/v1"})
        if (path_start != std::string::npos && url.size() - suffix.size() >= path_start &&
            url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0) {
            url.resize(url.size() - suffix.size());
            break;
        }
    return url;
}

} // namespace llmhost::ollama_plugin
