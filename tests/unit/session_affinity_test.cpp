// Session affinity's memory: per session and model, most recently used kept, bounded.
#include "core/reliability/session_affinity.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost::reliability;

BOOST_AUTO_TEST_CASE(a_session_is_remembered_per_model) {
    SessionAffinity affinity;
    BOOST_TEST(!affinity.find("s1", "m").has_value());
    affinity.remember("s1", "m", {2, 1});
    affinity.remember("s1", "small", {0, 0});
    const auto found = affinity.find("s1", "m");
    BOOST_REQUIRE(found);
    BOOST_TEST(found->option == 2u);
    BOOST_TEST(found->key == 1u);
    BOOST_TEST(affinity.find("s1", "small")->option == 0u);
    BOOST_TEST(!affinity.find("s2", "m").has_value());
    affinity.remember("s1", "m", {1, 0}); // served elsewhere since
    BOOST_TEST(affinity.find("s1", "m")->option == 1u);
    BOOST_TEST(affinity.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_least_recently_used_session_is_forgotten_first) {
    SessionAffinity affinity(2);
    affinity.remember("a", "m", {1, 0});
    affinity.remember("b", "m", {1, 0});
    BOOST_TEST(affinity.find("a", "m").has_value()); // a is now the most recently used
    affinity.remember("c", "m", {1, 0});
    BOOST_TEST(affinity.size() == 2u);
    BOOST_TEST(affinity.find("a", "m").has_value());
    BOOST_TEST(!affinity.find("b", "m").has_value());
    BOOST_TEST(affinity.find("c", "m").has_value());
}

BOOST_AUTO_TEST_CASE(a_session_and_model_pair_is_unambiguous) {
    SessionAffinity affinity;
    affinity.remember("a", "b\nc", {1, 1});
    BOOST_TEST(!affinity.find("a\nb", "c").has_value()); // the pair is unambiguous
}
