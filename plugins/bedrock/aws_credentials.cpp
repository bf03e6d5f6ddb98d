#include "aws_credentials.hpp"

#include "aws_ini_file.hpp"

#include <llmhost/error.hpp>

namespace llmhost::bedrock {

std::vector<std::string_view> AwsAuth::secrets() const {
    std::vector<std::string_view> out;
    for (std::string_view s : {std::string_view(bearer_token), std::string_view(keys.secret_access_key),
                               std::string_view(keys.session_token)})
        if (!s.empty()) out.push_back(s);
    return out;
}

namespace aws_credentials_detail {

namespace {

std::optional<std::string> env(const Host& host, std::string_view name) {
    const auto v = host.env(name);
    if (!v || v->empty()) return std::nullopt; // set but empty counts as unset, as in the AWS SDKs
    return std::string(*v);
}

// One of the two shared files, read once per resolution.
struct SharedFile {
    std::string path; // "" when it cannot be located (no HOME and no override)
    std::string located_by;
    std::optional<IniFile> contents; // nullopt when unreadable

    std::string describe() const {
        if (path.empty()) return located_by;
        return path + (contents ? "" : " (not found)");
    }
};

SharedFile locate(const Host& host, std::string_view override_variable, std::string_view home_relative) {
    SharedFile f;
    const auto home = env(host, "HOME");
    if (auto p = env(host, override_variable)) {
        f.path = *p;
        if (f.path.starts_with("~/") && home) f.path = *home + f.path.substr(1);
    } else if (home) {
        f.path = *home + "/" + std::string(home_relative);
    } else {
        f.located_by = "~/" + std::string(home_relative) + " (HOME is not set)";
    }
    if (!f.path.empty())
        if (auto text = read_text(f.path)) f.contents = parse_ini(*text);
    return f;
}

const IniSection* find_section(const SharedFile& f, const std::string& name) {
    if (!f.contents) return nullptr;
    auto it = f.contents->find(name);
    return it == f.contents->end() ? nullptr : &it->second;
}

} // namespace

// The selected profile as both files describe it.
struct Profile {
    std::string name;
    std::string chosen_by; // "option 'profile'", "AWS_PROFILE" or "the default"
    SharedFile credentials_file;
    SharedFile config_file;

    // The profile's section in each file, or nullptr.
    const IniSection* in_credentials() const { return find_section(credentials_file, name); }
    const IniSection* in_config() const {
        // The config file names profiles "[profile x]"; the default one may also be "[default]".
        const IniSection* s = find_section(config_file, "profile " + name);
        return s || name != "default" ? s : find_section(config_file, "default");
    }
    std::optional<std::string> get(std::string_view key) const {
        for (const IniSection* s : {in_credentials(), in_config()})
            if (s)
                if (auto it = s->find(std::string(key)); it != s->end() && !it->second.empty()) return it->second;
        return std::nullopt;
    }
    bool found() const { return in_credentials() || in_config(); }
};

namespace {

Profile load_profile(const Host& host, const AwsLookup& lookup) {
    Profile p;
    if (lookup.profile) {
        p.name = *lookup.profile;
        p.chosen_by = "option 'profile'";
    } else if (auto v = env(host, "AWS_PROFILE")) {
        p.name = *v;
        p.chosen_by = "AWS_PROFILE";
    } else {
        p.name = "default";
        p.chosen_by = "the default";
    }
    p.credentials_file = locate(host, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
    p.config_file = locate(host, "AWS_CONFIG_FILE", ".aws/config");
    return p;
}

// Settings of a profile that get credentials in ways this plugin does not implement.
std::vector<std::string> unsupported_settings(const Profile& p) {
    std::vector<std::string> found;
    for (std::string_view key : {"role_arn", "credential_process", "sso_session", "sso_start_url",
                                 "web_identity_token_file", "credential_source"})
        if (p.get(key)) found.emplace_back(key);
    return found;
}

[[noreturn]] void missing_credentials(const Profile& p, const std::string& profile_problem) {
    std::string msg = "no AWS credentials found. Looked for: ";
    msg += "a Bedrock API key in " + std::string(bearer_token_variable) + " (or api_key in the config); ";
    msg += "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN); ";
    msg += "profile '" + p.name + "' (chosen by " + p.chosen_by +
           "; AWS_PROFILE or option 'profile' choose another) in the shared credentials file " +
           p.credentials_file.describe() + " (AWS_SHARED_CREDENTIALS_FILE moves it) and the config file " +
           p.config_file.describe() + " (AWS_CONFIG_FILE moves it)";
    msg += profile_problem.empty() ? "." : ": " + profile_problem + ".";
    msg += " Set AWS_BEARER_TOKEN_BEDROCK to a Bedrock API key, export AWS access keys, or run `aws configure`.";
    throw Error(LLMH_ERR_MISSING_CREDENTIALS, msg);
}

// Credentials from the profile, or an error that says what is wrong with it.
void take_profile_credentials(const Profile& p, AwsAuth& auth) {
    const auto id = p.get("aws_access_key_id");
    const auto secret = p.get("aws_secret_access_key");
    if (id && secret) {
        auth.kind = AwsAuth::Kind::access_key;
        auth.keys.access_key_id = *id;
        auth.keys.secret_access_key = *secret;
        // aws_security_token is the older spelling some tools still write.
        auth.keys.session_token = p.get("aws_session_token").value_or(p.get("aws_security_token").value_or(""));
        auth.source =
            "profile '" + p.name + "' (" + (p.in_credentials() ? p.credentials_file.path : p.config_file.path) + ")";
        return;
    }
    if (!p.found()) missing_credentials(p, p.chosen_by == "the default" ? "" : "there is no such profile");
    if (id || secret)
        missing_credentials(p, std::string("the profile has ") + (id ? "aws_access_key_id" : "aws_secret_access_key") +
                                   " but not " + (id ? "aws_secret_access_key" : "aws_access_key_id"));
    const auto unsupported = unsupported_settings(p);
    if (!unsupported.empty()) {
        std::string names;
        for (const auto& n : unsupported)
            names += (names.empty() ? "" : ", ") + n;
        missing_credentials(p, "the profile gets its credentials through " + names +
                                   ", which this plugin does not support; export them instead, e.g. `eval "
                                   "\"$(aws configure export-credentials --profile " +
                                   p.name + " --format env)\"`");
    }
    missing_credentials(p, "the profile has no aws_access_key_id / aws_secret_access_key");
}

} // namespace

} // namespace aws_credentials_detail

void resolve_region(const Host& host, const AwsLookup& lookup, AwsAuth& auth,
                    const aws_credentials_detail::Profile* profile) {
    using namespace aws_credentials_detail;
    if (lookup.region) {
        auth.region = *lookup.region;
        auth.region_source = "option 'region'";
        return;
    }
    for (std::string_view var : {"AWS_REGION", "AWS_DEFAULT_REGION"})
        if (auto v = env(host, var)) {
            auth.region = *v;
            auth.region_source = std::string(var);
            return;
        }
    std::optional<Profile> loaded;
    if (!profile) profile = &loaded.emplace(load_profile(host, lookup));
    if (auto r = profile->get("region")) {
        auth.region = *r;
        auth.region_source = "profile '" + profile->name + "'";
    }
}

AwsAuth resolve_aws_auth(const Host& host, std::string_view host_key, const AwsLookup& lookup) {
    using namespace aws_credentials_detail;
    AwsAuth auth;
    std::optional<Profile> profile;

    if (!host_key.empty()) {
        auth.kind = AwsAuth::Kind::bearer_token;
        auth.bearer_token = std::string(host_key);
        auth.source = "the API key the host resolved";
    } else if (auto token = env(host, bearer_token_variable)) {
        auth.kind = AwsAuth::Kind::bearer_token;
        auth.bearer_token = *token;
        auth.source = std::string(bearer_token_variable);
    } else {
        auto id = env(host, "AWS_ACCESS_KEY_ID");
        auto secret = env(host, "AWS_SECRET_ACCESS_KEY");
        if (id && secret) {
            auth.kind = AwsAuth::Kind::access_key;
            auth.keys = {*id, *secret, env(host, "AWS_SESSION_TOKEN").value_or("")};
            auth.source = "AWS_ACCESS_KEY_ID";
        } else if (id || secret) {
            throw Error(LLMH_ERR_MISSING_CREDENTIALS,
                        std::string(id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " is set but " +
                            (id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " is not; set both");
        } else {
            profile.emplace(load_profile(host, lookup));
            take_profile_credentials(*profile, auth);
        }
    }
    resolve_region(host, lookup, auth, profile ? &*profile : nullptr);
    return auth;
}

} // namespace llmhost::bedrock
