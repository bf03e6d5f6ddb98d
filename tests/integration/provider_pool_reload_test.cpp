// A gateway reload's provider pool: it takes over the instances of providers configured the
// same way (so they keep their connections and caches) and makes the others again.
#include "integration/plugin_harness.hpp"

#include "core/config/config.hpp"
#include "core/plugins/discovery.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/reliability/provider_pool.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

// A configuration with its registry, over the built plugins.
struct Configured {
    config::Config config;
    plugins::PluginCatalog plugins{plugins::discover_plugins({LLMHOST_TEST_PLUGIN_DIR})};
    registry::ProviderRegistry registry{config, plugins};

    explicit Configured(const std::string& toml) : config(config::parse_config(toml, "reload.toml")) {}
};

const std::string two_mocks = "[providers.one]\nplugin = \"mock\"\n[providers.two]\nplugin = \"mock\"\n";

} // namespace

BOOST_AUTO_TEST_CASE(unchanged_providers_keep_their_instances_and_changed_ones_are_made_again) {
    const Configured before(two_mocks);
    reliability::ProviderPool old_pool(plugin_host_services());
    auto* one = &old_pool.get(before.registry.resolve("one"));
    auto* two = &old_pool.get(before.registry.resolve("two"));

    const Configured after("[providers.one]\nplugin = \"mock\"\n[providers.two]\nplugin = \"mock\"\n"
                           "default_model = \"mock-other\"\n");
    reliability::ProviderPool new_pool(plugin_host_services(), old_pool, after.registry);
    BOOST_TEST(&new_pool.get(after.registry.resolve("one")) == one);
    auto* remade = &new_pool.get(after.registry.resolve("two"));
    BOOST_TEST(remade != two);
    BOOST_TEST(&old_pool.get(before.registry.resolve("two")) == two); // requests still on the old one keep it
}

BOOST_AUTO_TEST_CASE(providers_gone_from_the_configuration_are_not_carried_over) {
    const Configured before(two_mocks);
    reliability::ProviderPool old_pool(plugin_host_services());
    (void)old_pool.get(before.registry.resolve("one"));
    (void)old_pool.get(before.registry.resolve("two"));

    const Configured after("[providers.two]\nplugin = \"mock\"\n");
    reliability::ProviderPool new_pool(plugin_host_services(), old_pool, after.registry);
    BOOST_CHECK_THROW(after.registry.resolve("one"), std::exception);
    BOOST_TEST(&new_pool.get(after.registry.resolve("two")) == &old_pool.get(before.registry.resolve("two")));
}
