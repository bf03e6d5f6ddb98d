#include "azure_settings.hpp"

#include <llmhost/error.hpp>
#include <llmhost/plugin_metadata.hpp>

#include <cctype>
#include <utility>

namespace llmhost::azure_plugin {

namespace {

Error config_error(const std::string& message) { return Error(LLMH_ERR_INVALID_CONFIG, message); }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Resource names become a host name, so only what Azure allows in one is accepted.
bool valid_resource_name(std::string_view name) {
    if (name.empty() || name.front() == '-' || name.back() == '-') return false;
    for (unsigned char c : name)
        if (!std::isalnum(c) && c != '-') return false;
    return true;
}

struct Endpoint {
    std::string url;
    bool names_v1 = false; // the URL already ended in /openai/v1
};

// options.resource › base_url › $AZURE_OPENAI_ENDPOINT, trailing slashes and a trailing
// /openai or /openai/v1 removed.
Endpoint resolve_endpoint(const ProviderConfig& config, const std::optional<std::string>& resource, const Host& host) {
    std::string url;
    std::string origin;
    if (resource) {
        if (!config.base_url.empty())
            throw config_error("set either options.resource or base_url, not both (base_url is '" + config.base_url +
                               "')");
        if (!valid_resource_name(*resource))
            throw config_error("option 'resource' must be an Azure resource name (letters, digits and hyphens), "
                               "not '" +
                               *resource + "'");
        return {"https://" + *resource + ".openai.azure.com", false};
    }
    if (!config.base_url.empty()) {
        url = config.base_url;
        origin = "base_url";
    } else if (const auto env = host.env(endpoint_env); env && !env->empty()) {
        url = std::string(*env);
        origin = std::string(endpoint_env);
    } else {
        throw config_error(config.id +
                           " needs a resource or base_url: set options.resource (e.g. options = { "
                           "resource = \"myres\" }) or base_url (e.g. \"https://myres.openai.azure.com\") "
                           "in [providers." +
                           config.id + "], or $" + std::string(endpoint_env));
    }
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw config_error(origin + " '" + url + "' must start with https:// (or http://)");
    Endpoint out;
    if (ends_with(url, "/openai/v1")) {
        url.resize(url.size() - std::string_view("/openai/v1").size());
        out.names_v1 = true;
    } else if (ends_with(url, "/openai")) {
        url.resize(url.size() - std::string_view("/openai").size());
    }
    out.url = std::move(url);
    return out;
}

// The configured query parameter `api-version`, if any.
std::optional<std::string> api_version_query_param(const ProviderConfig& config) {
    for (const auto& [name, value] : config.query_params)
        if (name == "api-version") return value;
    return std::nullopt;
}

void apply_api_version(AzureSettings& s, const std::optional<std::string>& requested, bool url_names_v1) {
    const std::string version = requested ? *requested : url_names_v1 ? "v1" : std::string(default_api_version);
    if (version.empty()) throw config_error("option 'api_version' must not be empty");
    if (version == "v1" || version == "preview") {
        s.form = UrlForm::v1;
        s.api_version = version == "preview" ? version : std::string();
        return;
    }
    if (url_names_v1)
        throw config_error("api_version '" + version +
                           "' is a dated version of the deployment URL form, but the base URL ends in /openai/v1 "
                           "(the v1 form takes none): drop api_version, or give the endpoint without /openai/v1");
    s.form = UrlForm::deployment;
    s.api_version = version;
}

} // namespace

AzureSettings read_azure_settings(const ProviderConfig& config, const Host& host) {
    const OptionReader options(config.options,
                               {"resource", "deployment", "api_version", "auth", "token_env", forward_betas_option,
                                drop_betas_option, wire_api_option, responses_models_option});
    AzureSettings s;
    const Endpoint endpoint = resolve_endpoint(config, options.string("resource"), host);
    s.endpoint = endpoint.url;

    std::optional<std::string> version = options.string("api_version");
    if (!version) version = api_version_query_param(config);
    apply_api_version(s, version, endpoint.names_v1);

    s.deployment = options.string("deployment");
    if (s.deployment && s.deployment->empty()) throw config_error("option 'deployment' must not be empty");

    const std::string auth = options.string("auth").value_or("key");
    if (auth == "entra")
        s.auth = AuthMode::entra;
    else if (auth != "key")
        throw config_error("option 'auth' must be \"key\" or \"entra\", not \"" + auth + "\"");
    const auto token_env = options.string("token_env");
    if (token_env && s.auth != AuthMode::entra)
        throw config_error("option 'token_env' only applies with auth = \"entra\"");
    if (token_env && token_env->empty()) throw config_error("option 'token_env' must name a variable");
    if (s.auth == AuthMode::entra) s.token_env = token_env.value_or(std::string(default_token_env));
    s.betas = BetaFilter(options);
    s.wire_api =
        read_wire_api(options, provider_metadata_strings(own_plugin_metadata(), "azure", responses_models_key));
    return s;
}

} // namespace llmhost::azure_plugin
