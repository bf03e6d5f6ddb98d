// The provider catalog taken from ZeroClaw (src/providers/mod.rs), cagent and the vendors'
// Anthropic-compatible endpoints: every id and alias, through the built plugins' metadata,
// resolves to the right plugin, id, base URL and first key variable, and is listed.
#include "core/config/config.hpp"
#include "core/plugins/discovery.hpp"
#include "core/registry/provider_registry.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace llmhost;

namespace {

struct Entry {
    std::string plugin;
    std::string id;
    std::vector<std::string> aliases; // exactly these, in this order
    std::string base_url;
    std::string first_key;
    bool keyless = false;
};

// clang-format off
const std::vector<Entry> catalog_entries{
    // OpenAI-compatible hosts
    {"openai", "venice", {}, "https://api.venice.ai/api/v1", "VENICE_API_KEY"},
    {"openai", "vercel", {"vercel-ai", "vercel_ai_gateway"}, "https://ai-gateway.vercel.sh/v1", "VERCEL_API_KEY"},
    {"openai", "cloudflare", {"cloudflare-ai"}, "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/compat", "CLOUDFLARE_API_KEY"},
    {"openai", "kimi-code", {"kimi_coding", "kimi_for_coding"}, "https://api.kimi.com/coding/v1", "KIMI_CODE_API_KEY"},
    {"openai", "synthetic", {}, "https://api.synthetic.new/openai/v1", "SYNTHETIC_API_KEY"},
    {"openai", "opencode", {"opencode-zen"}, "https://opencode.ai/zen/v1", "OPENCODE_API_KEY"},
    {"openai", "cohere", {}, "https://api.cohere.ai/compatibility/v1", "COHERE_API_KEY"},
    {"openai", "astrai", {}, "https://as-trai.com/v1", "ASTRAI_API_KEY"},
    {"openai", "ovhcloud", {"ovh"}, "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1", "OVH_AI_ENDPOINTS_ACCESS_TOKEN", true},
    {"openai", "requesty", {}, "https://router.requesty.ai/v1", "REQUESTY_API_KEY"},
    {"openai", "nebius", {}, "https://api.tokenfactory.nebius.com/v1", "NEBIUS_API_KEY"},
    // Regional families: each variant its own id, ZeroClaw's alias sets exactly
    {"openai", "moonshot", {"kimi", "moonshot-cn", "kimi-cn"}, "https://api.moonshot.cn/v1", "MOONSHOT_API_KEY"},
    {"openai", "moonshot-intl", {"moonshot-global", "kimi-intl", "kimi-global"}, "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY"},
    {"openai", "glm", {"zhipu", "glm-global", "zhipu-global"}, "https://api.z.ai/api/paas/v4", "GLM_API_KEY"},
    {"openai", "glm-cn", {"zhipu-cn", "bigmodel"}, "https://open.bigmodel.cn/api/paas/v4", "GLM_API_KEY"},
    {"openai", "zai", {"z.ai", "zai-global", "z.ai-global"}, "https://api.z.ai/api/coding/paas/v4", "ZAI_API_KEY"},
    {"openai", "zai-cn", {"z.ai-cn"}, "https://open.bigmodel.cn/api/coding/paas/v4", "ZAI_API_KEY"},
    {"openai", "minimax", {"minimax-intl", "minimax-io", "minimax-global", "minimax-oauth", "minimax-portal", "minimax-oauth-global", "minimax-portal-global"}, "https://api.minimax.io/v1", "MINIMAX_OAUTH_TOKEN"},
    {"openai", "minimax-cn", {"minimaxi", "minimax-oauth-cn", "minimax-portal-cn"}, "https://api.minimaxi.com/v1", "MINIMAX_OAUTH_TOKEN"},
    {"openai", "qwen", {"dashscope", "qwen-cn", "dashscope-cn"}, "https://dashscope.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY"},
    {"openai", "qwen-intl", {"dashscope-intl", "qwen-international", "dashscope-international"}, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY"},
    {"openai", "qwen-us", {"dashscope-us"}, "https://dashscope-us.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY"},
    {"openai", "qianfan", {"baidu"}, "https://qianfan.baidubce.com/v2", "QIANFAN_API_KEY"},
    {"openai", "doubao", {"volcengine", "ark", "doubao-cn"}, "https://ark.cn-beijing.volces.com/api/v3", "ARK_API_KEY"},
    // Anthropic-compatible endpoints for coding agents
    {"anthropic", "zai-anthropic", {}, "https://api.z.ai/api/anthropic", "ZAI_API_KEY"},
    {"anthropic", "zai-cn-anthropic", {}, "https://open.bigmodel.cn/api/anthropic", "ZAI_API_KEY"},
    {"anthropic", "minimax-anthropic", {}, "https://api.minimax.io/anthropic", "MINIMAX_API_KEY"},
    {"anthropic", "minimax-cn-anthropic", {}, "https://api.minimaxi.com/anthropic", "MINIMAX_API_KEY"},
    {"anthropic", "moonshot-anthropic", {"kimi-anthropic"}, "https://api.moonshot.cn/anthropic", "MOONSHOT_API_KEY"},
    {"anthropic", "moonshot-intl-anthropic", {"kimi-intl-anthropic"}, "https://api.moonshot.ai/anthropic", "MOONSHOT_API_KEY"},
    {"anthropic", "kimi-code-anthropic", {}, "https://api.kimi.com/coding", "KIMI_CODE_API_KEY"},
    {"anthropic", "qwen-anthropic", {"dashscope-anthropic"}, "https://dashscope.aliyuncs.com/apps/anthropic", "DASHSCOPE_API_KEY"},
    {"anthropic", "qwen-intl-anthropic", {"dashscope-intl-anthropic"}, "https://dashscope-intl.aliyuncs.com/apps/anthropic", "DASHSCOPE_API_KEY"},
    {"anthropic", "doubao-coding-anthropic", {"ark-coding-anthropic"}, "https://ark.cn-beijing.volces.com/api/coding", "ARK_API_KEY"},
    {"anthropic", "qianfan-coding-anthropic", {}, "https://qianfan.baidubce.com/anthropic/coding", "QIANFAN_API_KEY"},
    {"anthropic", "synthetic-anthropic", {}, "https://api.synthetic.new/anthropic", "SYNTHETIC_API_KEY"},
    {"anthropic", "opencode-anthropic", {"opencode-zen-anthropic"}, "https://opencode.ai/zen", "OPENCODE_API_KEY"},
    {"anthropic", "vercel-anthropic", {}, "https://ai-gateway.vercel.sh", "VERCEL_API_KEY"},
    {"anthropic", "cloudflare-anthropic", {}, "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/anthropic", "CLOUDFLARE_API_KEY"},
};
// clang-format on

struct Built {
    plugins::PluginCatalog catalog{plugins::discover_plugins({LLMHOST_TEST_PLUGIN_DIR})};
    config::Config config;
    registry::ProviderRegistry registry{config, catalog};
};

} // namespace

BOOST_AUTO_TEST_CASE(every_id_and_alias_resolves_to_its_plugin_url_and_key) {
    const Built built;
    BOOST_TEST(built.catalog.warnings().empty());
    for (const auto& entry : catalog_entries) {
        std::vector<std::string> names{entry.id};
        names.insert(names.end(), entry.aliases.begin(), entry.aliases.end());
        for (const auto& name : names) {
            const auto d = built.registry.resolve(name);
            BOOST_TEST(d.id == entry.id, name);
            BOOST_TEST(d.plugin == entry.plugin, name);
            BOOST_TEST(d.base_url == entry.base_url, name);
            BOOST_TEST(!d.key_env.empty(), name);
            if (!d.key_env.empty()) BOOST_TEST(d.key_env.front() == entry.first_key, name);
            BOOST_TEST(d.keyless == entry.keyless, name);
            BOOST_TEST(!d.description.empty(), name);
        }
        const auto match = built.catalog.find(entry.id);
        BOOST_REQUIRE_MESSAGE(match.provider, entry.id);
        BOOST_TEST(match.provider->aliases == entry.aliases, entry.id);
    }
}

BOOST_AUTO_TEST_CASE(key_variables_keep_zeroclaws_order) {
    const Built built;
    auto keys = [&](std::string_view name) { return built.registry.resolve(name).key_env; };
    using Keys = std::vector<std::string>;
    BOOST_TEST(keys("kimi-code") == (Keys{"KIMI_CODE_API_KEY", "MOONSHOT_API_KEY"}), boost::test_tools::per_element());
    BOOST_TEST(keys("minimax-oauth") == (Keys{"MINIMAX_OAUTH_TOKEN", "MINIMAX_API_KEY"}),
               boost::test_tools::per_element());
    BOOST_TEST(keys("volcengine") == (Keys{"ARK_API_KEY", "VOLCENGINE_API_KEY", "DOUBAO_API_KEY"}),
               boost::test_tools::per_element());
    BOOST_TEST(keys("vercel-ai") == (Keys{"VERCEL_API_KEY", "AI_GATEWAY_API_KEY"}), boost::test_tools::per_element());
}

// ZeroClaw matches closed sets of names, not prefixes: a name next to a family's is unknown.
BOOST_AUTO_TEST_CASE(family_names_match_exactly) {
    const Built built;
    for (const std::string name : {"moonshot-foo", "kimi-k2", "glm-4", "qwen-plus", "minimax-eu"})
        BOOST_CHECK_THROW(built.registry.resolve(name), registry::SelectionError);
}

BOOST_AUTO_TEST_CASE(providers_lists_every_catalog_id) {
    const Built built;
    std::set<std::string> listed;
    for (const auto& d : built.registry.all())
        listed.insert(d.id);
    for (const auto& entry : catalog_entries)
        BOOST_TEST(listed.count(entry.id) == 1u, entry.id);
}

// Each family's variants, as `llmhost providers` groups them; ids outside a family have none.
BOOST_AUTO_TEST_CASE(every_variant_names_its_family) {
    const Built built;
    const std::map<std::string, std::vector<std::string>> families{
        {"moonshot",
         {"moonshot", "moonshot-intl", "kimi-code", "moonshot-anthropic", "moonshot-intl-anthropic",
          "kimi-code-anthropic"}},
        {"glm", {"glm", "glm-cn"}},
        {"zai", {"zai", "zai-cn", "zai-anthropic", "zai-cn-anthropic"}},
        {"minimax", {"minimax", "minimax-cn", "minimax-anthropic", "minimax-cn-anthropic"}},
        {"qwen", {"qwen", "qwen-intl", "qwen-us", "qwen-anthropic", "qwen-intl-anthropic"}},
        {"qianfan", {"qianfan", "qianfan-coding-anthropic"}},
        {"doubao", {"doubao", "doubao-coding-anthropic"}},
        {"synthetic", {"synthetic", "synthetic-anthropic"}},
        {"opencode", {"opencode", "opencode-anthropic"}},
        {"vercel", {"vercel", "vercel-anthropic"}},
        {"cloudflare", {"cloudflare", "cloudflare-anthropic"}},
    };
    std::map<std::string, std::vector<std::string>> listed;
    for (const auto& d : built.registry.all())
        if (!d.family.empty()) listed[d.family].push_back(d.id);
    for (auto& [family, ids] : listed)
        std::sort(ids.begin(), ids.end());
    for (auto [family, ids] : families) {
        std::sort(ids.begin(), ids.end());
        BOOST_TEST(listed[family] == ids, family);
    }
    BOOST_TEST(built.registry.resolve("ovh").family.empty());
}

// LiteLLM's provider names, which users type from its docs, where they mean the same service.
BOOST_AUTO_TEST_CASE(litellm_names_resolve_where_unambiguous) {
    const Built built;
    const std::vector<std::pair<std::string, std::string>> names{
        {"together_ai", "together"},   {"fireworks_ai", "fireworks"}, {"nvidia_nim", "nvidia"},
        {"lm_studio", "lmstudio"},     {"hosted_vllm", "vllm"},       {"vercel_ai_gateway", "vercel"},
        {"github_copilot", "copilot"}, {"ollama_chat", "ollama"},     {"docker_model_runner", "dmr"},
        {"dashscope", "qwen"},         {"moonshot", "moonshot"},      {"volcengine", "doubao"},
    };
    for (const auto& [name, id] : names)
        BOOST_TEST(built.registry.resolve(name).id == id, name);
}
