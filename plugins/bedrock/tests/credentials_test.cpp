// Where the bedrock plugin finds credentials and the region (plugins/bedrock/aws_credentials.hpp):
// the precedence of API key, environment keys and shared-file profiles; the files' dialect;
// profile and file selection; and the missing-credentials message. Files are written to a
// temporary HOME; the environment is the fake host's.
#include "plugins/bedrock/aws_credentials.hpp"
#include "plugins/bedrock/aws_ini_file.hpp"
#include "support/test_env.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::bedrock;
using llmhost::testing::FakeHost;
using llmhost::testing::TempDir;

namespace {

// A fake host with HOME at a fresh temporary directory holding ~/.aws/.
struct AwsHome {
    TempDir home;
    FakeHost fake;

    AwsHome() { fake.env["HOME"] = home.path(); }
    void credentials(const std::string& text) const { home.write(".aws/credentials", text); }
    void config(const std::string& text) const { home.write(".aws/config", text); }
    AwsAuth resolve(std::string_view host_key = {}, AwsLookup lookup = {}) const {
        return resolve_aws_auth(fake.host(), host_key, lookup);
    }
    // The MISSING_CREDENTIALS message, failing the test when resolution succeeds.
    std::string failure(AwsLookup lookup = {}) const {
        try {
            resolve({}, lookup);
        } catch (const Error& e) {
            BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
            return e.what();
        }
        BOOST_ERROR("credentials were found where none should be");
        return {};
    }
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const std::string file_keys = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n";

} // namespace

BOOST_AUTO_TEST_CASE(ini_dialect) {
    const auto ini = parse_ini("\xEF\xBB\xBF# comment\r\n; another\r\n[default]\r\n"
                               "AWS_Access_Key_Id = AKID  \r\n"
                               "region=eu-west-1\n"
                               "s3 =\n"
                               "  region = nested-must-not-win\n"
                               "\tmax_concurrent_requests = 20\n"
                               "not a pair\n"
                               "[ profile dev ]\n"
                               "region = us-west-2\n"
                               "empty =\n");
    BOOST_REQUIRE(ini.count("default"));
    const auto& d = ini.at("default");
    BOOST_TEST(d.at("aws_access_key_id") == "AKID");
    BOOST_TEST(d.at("region") == "eu-west-1");
    BOOST_TEST(d.at("s3") == "");
    BOOST_TEST(d.count("max_concurrent_requests") == 0u);
    BOOST_REQUIRE(ini.count("profile dev"));
    BOOST_TEST(ini.at("profile dev").at("region") == "us-west-2");
    BOOST_TEST(ini.at("profile dev").at("empty") == "");
    BOOST_TEST(parse_ini("key = before any section\n").empty());
}

BOOST_AUTO_TEST_CASE(the_key_the_host_resolved_comes_first) {
    AwsHome h;
    h.credentials(file_keys);
    h.fake.env["AWS_BEARER_TOKEN_BEDROCK"] = "env-bearer";
    h.fake.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
    h.fake.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    const auto auth = h.resolve("host-bearer");
    BOOST_TEST((auth.kind == AwsAuth::Kind::bearer_token));
    BOOST_TEST(auth.bearer_token == "host-bearer");
}

BOOST_AUTO_TEST_CASE(bearer_token_variable_beats_access_keys) {
    AwsHome h;
    h.credentials(file_keys);
    h.fake.env["AWS_BEARER_TOKEN_BEDROCK"] = "env-bearer";
    h.fake.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
    h.fake.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    const auto auth = h.resolve();
    BOOST_TEST((auth.kind == AwsAuth::Kind::bearer_token));
    BOOST_TEST(auth.bearer_token == "env-bearer");
    BOOST_TEST(auth.source == "AWS_BEARER_TOKEN_BEDROCK");
    BOOST_REQUIRE_EQUAL(auth.secrets().size(), 1u);
    BOOST_TEST(auth.secrets()[0] == "env-bearer");
}

BOOST_AUTO_TEST_CASE(environment_keys_beat_the_shared_files) {
    AwsHome h;
    h.credentials(file_keys);
    h.fake.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
    h.fake.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    h.fake.env["AWS_SESSION_TOKEN"] = "env-token";
    const auto auth = h.resolve();
    BOOST_TEST((auth.kind == AwsAuth::Kind::access_key));
    BOOST_TEST(auth.keys.access_key_id == "AKIDENV");
    BOOST_TEST(auth.keys.secret_access_key == "env-secret");
    BOOST_TEST(auth.keys.session_token == "env-token");
    BOOST_TEST(auth.secrets().size() == 2u); // the secret key and the session token
}

BOOST_AUTO_TEST_CASE(empty_variables_count_as_unset) {
    AwsHome h;
    h.credentials(file_keys);
    h.fake.env["AWS_BEARER_TOKEN_BEDROCK"] = "";
    h.fake.env["AWS_ACCESS_KEY_ID"] = "";
    h.fake.env["AWS_SECRET_ACCESS_KEY"] = "";
    h.fake.env["AWS_REGION"] = "";
    const auto auth = h.resolve();
    BOOST_TEST(auth.keys.access_key_id == "AKIDFILE");
    BOOST_TEST(auth.region.empty());
}

BOOST_AUTO_TEST_CASE(half_a_key_pair_in_the_environment_is_an_error) {
    AwsHome h;
    h.credentials(file_keys); // not used as a silent fallback
    h.fake.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
    try {
        h.resolve();
        BOOST_ERROR("resolved with only AWS_ACCESS_KEY_ID");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
        BOOST_TEST(contains(e.what(), "AWS_SECRET_ACCESS_KEY is not"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(default_profile_from_the_credentials_file) {
    AwsHome h;
    h.credentials(file_keys + "aws_session_token = file-token\n");
    const auto auth = h.resolve();
    BOOST_TEST((auth.kind == AwsAuth::Kind::access_key));
    BOOST_TEST(auth.keys.access_key_id == "AKIDFILE");
    BOOST_TEST(auth.keys.secret_access_key == "file-secret");
    BOOST_TEST(auth.keys.session_token == "file-token");
    BOOST_TEST(contains(auth.source, "profile 'default'"), auth.source);
    BOOST_TEST(contains(auth.source, h.home.path() + "/.aws/credentials"), auth.source);
}

BOOST_AUTO_TEST_CASE(config_file_profiles_are_named_profile_x) {
    AwsHome h;
    h.config("[dev]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n"
             "[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\nregion = ap-south-1\n");
    h.fake.env["AWS_PROFILE"] = "dev";
    const auto auth = h.resolve();
    BOOST_TEST(auth.keys.access_key_id == "AKIDDEV");
    BOOST_TEST(auth.region == "ap-south-1");
    BOOST_TEST(auth.region_source == "profile 'dev'");
}

BOOST_AUTO_TEST_CASE(config_file_default_may_be_plain_default) {
    AwsHome h;
    h.config("[default]\naws_access_key_id = AKIDCFG\naws_secret_access_key = cfg-secret\nregion = eu-central-1\n");
    const auto auth = h.resolve();
    BOOST_TEST(auth.keys.access_key_id == "AKIDCFG");
    BOOST_TEST(auth.region == "eu-central-1");
}

BOOST_AUTO_TEST_CASE(credentials_file_wins_over_config_file_key_by_key) {
    AwsHome h;
    h.credentials("[work]\naws_access_key_id = AKIDCRED\naws_secret_access_key = cred-secret\n");
    h.config("[profile work]\naws_access_key_id = AKIDCFG\naws_secret_access_key = cfg-secret\n"
             "aws_session_token = cfg-token\nregion = us-west-2\n");
    const auto auth = h.resolve({}, AwsLookup{std::nullopt, std::string("work")});
    BOOST_TEST(auth.keys.access_key_id == "AKIDCRED");
    BOOST_TEST(auth.keys.secret_access_key == "cred-secret");
    BOOST_TEST(auth.keys.session_token == "cfg-token");
    BOOST_TEST(auth.region == "us-west-2");
}

BOOST_AUTO_TEST_CASE(the_profile_option_beats_aws_profile) {
    AwsHome h;
    h.credentials("[a]\naws_access_key_id = AKIDA\naws_secret_access_key = a\n"
                  "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = b\n");
    h.fake.env["AWS_PROFILE"] = "a";
    BOOST_TEST(h.resolve().keys.access_key_id == "AKIDA");
    BOOST_TEST(h.resolve({}, AwsLookup{std::nullopt, std::string("b")}).keys.access_key_id == "AKIDB");
}

BOOST_AUTO_TEST_CASE(file_location_variables_beat_home) {
    AwsHome h;
    h.credentials(file_keys); // in HOME: must be ignored
    TempDir elsewhere;
    elsewhere.write("creds", "[default]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = x\n");
    elsewhere.write("conf", "[default]\nregion = sa-east-1\n");
    h.fake.env["AWS_SHARED_CREDENTIALS_FILE"] = elsewhere.file("creds");
    h.fake.env["AWS_CONFIG_FILE"] = elsewhere.file("conf");
    const auto auth = h.resolve();
    BOOST_TEST(auth.keys.access_key_id == "AKIDELSEWHERE");
    BOOST_TEST(auth.region == "sa-east-1");
}

BOOST_AUTO_TEST_CASE(tilde_in_a_file_variable_means_home) {
    AwsHome h;
    h.home.write("mine.ini", "[default]\naws_access_key_id = AKIDTILDE\naws_secret_access_key = x\n");
    h.fake.env["AWS_SHARED_CREDENTIALS_FILE"] = "~/mine.ini";
    BOOST_TEST(h.resolve().keys.access_key_id == "AKIDTILDE");
}

BOOST_AUTO_TEST_CASE(region_order_option_then_variables_then_profile) {
    AwsHome h;
    h.credentials(file_keys);
    h.config("[default]\nregion = from-profile\n");
    BOOST_TEST(h.resolve().region == "from-profile");
    h.fake.env["AWS_DEFAULT_REGION"] = "from-default-region";
    BOOST_TEST(h.resolve().region == "from-default-region");
    h.fake.env["AWS_REGION"] = "from-region";
    BOOST_TEST(h.resolve().region == "from-region");
    BOOST_TEST(h.resolve().region_source == "AWS_REGION");
    const auto with_option = h.resolve({}, AwsLookup{std::string("from-option"), std::nullopt});
    BOOST_TEST(with_option.region == "from-option");
    BOOST_TEST(with_option.region_source == "option 'region'");
}

BOOST_AUTO_TEST_CASE(the_profile_region_applies_to_environment_keys_too) {
    AwsHome h;
    h.config("[profile dev]\nregion = eu-north-1\n");
    h.fake.env["AWS_PROFILE"] = "dev";
    h.fake.env["AWS_ACCESS_KEY_ID"] = "AKIDENV";
    h.fake.env["AWS_SECRET_ACCESS_KEY"] = "env-secret";
    BOOST_TEST(h.resolve().region == "eu-north-1");
}

BOOST_AUTO_TEST_CASE(files_are_read_again_on_every_call) {
    AwsHome h;
    h.credentials(file_keys);
    BOOST_TEST(h.resolve().keys.access_key_id == "AKIDFILE");
    h.credentials("[default]\naws_access_key_id = AKIDROTATED\naws_secret_access_key = new\n");
    BOOST_TEST(h.resolve().keys.access_key_id == "AKIDROTATED");
}

BOOST_AUTO_TEST_CASE(nothing_anywhere_names_everything_looked_for) {
    AwsHome h;
    const std::string msg = h.failure();
    for (const std::string& expected : std::vector<std::string>{
             "AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
             "profile 'default'", h.home.path() + "/.aws/credentials (not found)",
             h.home.path() + "/.aws/config (not found)", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
             "AWS_PROFILE"})
        BOOST_TEST(contains(msg, expected), "missing '" << expected << "' in: " << msg);
}

BOOST_AUTO_TEST_CASE(without_home_the_message_says_so) {
    FakeHost fake; // no HOME, no variables
    try {
        resolve_aws_auth(fake.host(), {}, {});
        BOOST_ERROR("resolved without any source");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
        BOOST_TEST(contains(e.what(), "~/.aws/credentials (HOME is not set)"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_named_profile_that_does_not_exist_is_reported) {
    AwsHome h;
    h.credentials(file_keys);
    h.fake.env["AWS_PROFILE"] = "nope";
    const std::string msg = h.failure();
    BOOST_TEST(contains(msg, "profile 'nope' (chosen by AWS_PROFILE;"), msg);
    BOOST_TEST(contains(msg, "there is no such profile"), msg);
}

BOOST_AUTO_TEST_CASE(profiles_with_unsupported_sources_say_how_to_export) {
    AwsHome h;
    h.config("[profile sso]\nsso_session = corp\nsso_account_id = 1\nregion = us-east-1\n");
    const std::string msg = h.failure(AwsLookup{std::nullopt, std::string("sso")});
    BOOST_TEST(contains(msg, "sso_session"), msg);
    BOOST_TEST(contains(msg, "aws configure export-credentials --profile sso"), msg);
}

BOOST_AUTO_TEST_CASE(a_profile_with_half_a_key_pair_is_reported) {
    AwsHome h;
    h.credentials("[default]\naws_access_key_id = AKIDONLY\n");
    const std::string msg = h.failure();
    BOOST_TEST(contains(msg, "has aws_access_key_id but not aws_secret_access_key"), msg);
}

BOOST_AUTO_TEST_CASE(messages_never_quote_a_secret) {
    AwsHome h;
    h.credentials("[default]\naws_secret_access_key = TOP-SECRET-VALUE\n");
    const std::string msg = h.failure();
    BOOST_TEST(!contains(msg, "TOP-SECRET-VALUE"), msg);
}
