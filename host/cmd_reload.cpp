// `reload`: asks the gateway `llmhost serve` runs to read its configuration and plugin
// directories again (POST /admin/reload, with this configuration's first [server] api_keys
// key) and prints what it did. The gateway is looked for where this configuration says it
// listens (--listen overrides, as for serve).
#include "core/gateway/gateway_settings.hpp"
#include "core/transport/http_client.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <boost/json.hpp>

#include <cstdio>

namespace llmhost::cli {

namespace {

// Where to reach a gateway listening on `listen`: a wildcard address by its loopback.
std::string reachable_url(gateway::ListenAddress listen) {
    if (listen.host == "0.0.0.0") listen.host = "127.0.0.1";
    if (listen.host == "::") listen.host = "::1";
    return listen.url();
}

std::vector<std::string> strings_of(const boost::json::value& answer, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* o = answer.if_object())
        if (const auto* list = o->if_contains(key); list && list->is_array())
            for (const auto& item : list->get_array())
                if (item.is_string()) out.emplace_back(item.get_string());
    return out;
}

} // namespace

int run_reload(App& app, ArgReader& args) {
    std::string listen;
    args.value("--listen", listen);
    const bool json = args.flag("--json");
    if (!args.positional("reload").empty()) throw UsageError("reload takes no arguments (see `llmhost --help`)");
    const auto settings = gateway::gateway_settings(app.config(), listen);
    const std::string url = reachable_url(settings.listen) + "/admin/reload";

    std::string authorization;
    std::vector<transport::HeaderView> headers;
    if (!settings.api_keys.empty()) {
        authorization = "Bearer " + settings.api_keys.front();
        headers.emplace_back("Authorization", authorization);
    }
    transport::ClientOptions options;
    options.proxy = transport::ProxySettings{}; // the gateway is local: never through a proxy
    transport::HttpClient http(options);
    transport::Request request;
    request.method = "POST";
    request.url = url;
    request.headers = headers;
    request.total_timeout = std::chrono::seconds(60);
    int status = 0;
    std::string body;
    const auto result = http.send(request, {[&](int s, auto) { return status = s, true; },
                                            [&](std::string_view chunk) { return body.append(chunk), true; }});
    if (!result.ok()) {
        app.warn("could not reach a gateway at " + url + ": " + result.message +
                 " (is `llmhost serve` running with this configuration? --listen names another address)");
        return exit_failure;
    }
    boost::system::error_code ec;
    const auto answer = boost::json::parse(body, ec);
    if (json && !ec) std::printf("%s\n", boost::json::serialize(answer).c_str());
    switch (status) {
    case 200:
        if (!json) {
            std::printf("reloaded\n");
            for (const auto& note : strings_of(answer, "notes"))
                std::printf("note: %s\n", note.c_str());
        }
        return exit_ok;
    case 422:
        if (!json)
            for (const auto& error : strings_of(answer, "errors"))
                app.warn("reload refused, the gateway keeps its running configuration: " + error);
        return exit_usage;
    case 401:
        app.warn("the gateway at " + url +
                 " refused the key: reload uses the first [server] api_keys key of this configuration, "
                 "which must be one the running gateway accepts");
        return exit_credentials;
    case 404:
        app.warn("the server at " + url + " has no reload endpoint (is it an llmhost gateway of this version?)");
        return exit_failure;
    default:
        app.warn("the gateway at " + url + " answered HTTP " + std::to_string(status) + " to the reload");
        return exit_failure;
    }
}

} // namespace llmhost::cli
