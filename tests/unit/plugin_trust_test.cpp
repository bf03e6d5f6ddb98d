// The rule an elevated process applies to plugin files and directories, on stat results.
#include "core/plugins/plugin_trust.hpp"

#include <boost/test/unit_test.hpp>

using llmhost::plugins::untrusted_because;

namespace {

struct stat stat_of(uid_t owner, mode_t mode) {
    struct stat st {};
    st.st_uid = owner;
    st.st_mode = S_IFREG | mode;
    return st;
}

constexpr uid_t me = 1000;

} // namespace

BOOST_AUTO_TEST_CASE(owned_by_root_or_the_effective_user_and_writable_only_by_them_is_trusted) {
    BOOST_TEST(!untrusted_because("/p/a.so", stat_of(0, 0755), me));
    BOOST_TEST(!untrusted_because("/p/a.so", stat_of(me, 0700), me));
    BOOST_TEST(!untrusted_because("/p/a.so", stat_of(0, 0755), 0));
}

BOOST_AUTO_TEST_CASE(writable_by_group_or_others_is_not) {
    BOOST_TEST(untrusted_because("/p", stat_of(0, 0777), me).value() == "/p is writable by every user (mode 0777)");
    BOOST_TEST(untrusted_because("/p", stat_of(0, 01777), 0).value() == "/p is writable by every user (mode 1777)");
    BOOST_TEST(untrusted_because("/p/a.so", stat_of(me, 0664), me).value() ==
               "/p/a.so is writable by its group (mode 0664)");
}

BOOST_AUTO_TEST_CASE(owned_by_someone_else_is_not) {
    BOOST_TEST(untrusted_because("/p/a.so", stat_of(4321, 0755), me).value() ==
               "/p/a.so is owned by uid 4321, neither root nor the user llmhost runs as");
    BOOST_TEST(untrusted_because("/p/a.so", stat_of(me, 0755), 0).has_value()); // root does not trust users' files
}
