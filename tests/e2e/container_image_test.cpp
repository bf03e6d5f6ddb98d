// The container image (packaging/Dockerfile), built and run on this machine the way it can be
// here: a bookworm base image made with debootstrap and imported into podman, the image built
// with `podman build --isolation=chroot` from the Debian packages of the release tree
// (put in packaging/container/debs/, which the build stage then takes), its filesystem exported and its entrypoint run
// under chroot in a private mount namespace as the image's user. Checks: the image's user, entrypoint, volumes and
// health check; the entrypoint refuses to start without a server key; with one, the health check passes and a mock chat
// is answered.
//
// Running containers does not work on these machines (no cgroups), hence the export. The
// entrypoint's --listen 0.0.0.0:8399 is overridden by a free loopback port appended to it
// (the last --listen wins), since the machine's network is shared.
//
// Skipped (exit 77) when not root, without podman, debootstrap or unshare, when the Debian
// mirror cannot be reached for the base image, or in a sanitizer build.
#define BOOST_TEST_NO_MAIN
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <fstream>
#include <iostream>

using namespace llmhost::testing;

namespace {

const std::string image = "llmhost-test-image";
const std::string base_image = "llmhost-test-bookworm";

std::string quoted(const std::string& s) { return "'" + s + "'"; }

ProcessResult sh(const std::string& command) {
    return run_process({"/bin/sh", "-c", command + " 2>&1"}, {"DEBIAN_FRONTEND=noninteractive"});
}

bool has_command(const std::string& name) { return sh("command -v " + name).exit_code == 0; }

// Everything in one scratch directory: podman's storage (so nothing is left in the machine's),
// its containers.conf (default_ulimits = [], which chroot isolation needs here), the base
// image's root, the build context and the exported image.
struct Scratch {
    TempDir dir;
    std::string podman;

    Scratch() {
        dir.write("containers.conf", "[containers]\ndefault_ulimits = []\n");
        podman = "CONTAINERS_CONF=" + quoted(dir.file("containers.conf")) + " podman --root " +
                 quoted(dir.file("storage")) + " --runroot " + quoted(dir.file("run"));
    }
    ~Scratch() { sh(podman + " rmi -a -f; " + podman + " system reset -f"); }
};

Scratch& scratch() {
    static Scratch s;
    return s;
}

// The base image, or why it could not be made (the mirror unreachable, most likely).
std::string make_base_image() {
    const std::string root = scratch().dir.file("rootfs");
    const char* mirror = std::getenv("LLMHOST_DEBIAN_MIRROR");
    const auto bootstrap = sh("debootstrap --variant=minbase bookworm " + quoted(root) + " " +
                              (mirror ? quoted(mirror) : std::string("http://deb.debian.org/debian")));
    if (bootstrap.exit_code != 0) return "debootstrap could not make a bookworm root: " + bootstrap.out.substr(0, 2000);
    const auto imported = sh("tar -C " + quoted(root) + " -c . | " + scratch().podman + " import - " + base_image);
    if (imported.exit_code != 0) return "podman import failed: " + imported.out;
    return {};
}

std::string reason_to_skip() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return "a sanitizer build: the image is made from the release tree's packages (build/)";
#endif
    if (geteuid() != 0) return "not root: debootstrap, podman's chroot isolation and chroot need root";
    for (const char* tool : {"podman", "debootstrap", "unshare", "dpkg-deb"})
        if (!has_command(tool)) return std::string(tool) + " is missing; run packaging/install-deps.sh";
    if (const auto why = make_base_image(); !why.empty()) return why;
    return {};
}

// The image built from the release tree's packages, exported to a directory.
struct BuiltImage {
    ProcessResult build;
    boost::json::object config; // podman inspect's Config
    boost::json::value healthcheck;
    std::string root;

    BuiltImage() {
        auto& s = scratch();
        const std::string context = s.dir.file("context");
        const auto debs = sh("mkdir -p " + quoted(context + "/packaging/container/debs") + " && " +
                             quoted(std::string(LLMHOST_TEST_SOURCE_DIR) + "/packaging/build-debs.sh") + " " +
                             quoted(context + "/packaging/container/debs") + " " + quoted(LLMHOST_TEST_BUILD_DIR) +
                             " && cp " + quoted(std::string(LLMHOST_TEST_SOURCE_DIR) + "/packaging/Dockerfile") + " " +
                             quoted(context + "/packaging/"));
        BOOST_TEST_REQUIRE(debs.exit_code == 0, debs.out);
        build = sh(s.podman + " build --isolation=chroot --format docker -f " +
                   quoted(context + "/packaging/Dockerfile") + " --build-arg BASE=localhost/" + base_image +
                   " --build-arg RUNTIME_BASE=localhost/" + base_image + " -t " + image + " " + quoted(context));
        if (build.exit_code != 0) return;
        const auto inspect = run_process({"/bin/sh", "-c", s.podman + " image inspect " + image}, {}); // stdout: JSON
        const auto doc = boost::json::parse(inspect.out).as_array().at(0).as_object();
        config = doc.at("Config").as_object();
        healthcheck = doc.contains("Healthcheck") ? doc.at("Healthcheck") : boost::json::value();
        root = s.dir.file("image-root");
        const auto exported =
            sh("mkdir -p " + quoted(root) + " && id=$(" + s.podman + " create " + image + ") && " + s.podman +
               " export \"$id\" | tar -C " + quoted(root) + " -x && " + s.podman + " rm \"$id\" >/dev/null");
        BOOST_TEST_REQUIRE(exported.exit_code == 0, exported.out);
    }

    // Runs `script` (sh) in a private mount namespace where the image's root has /dev and
    // /proc. In it, `in_image CMD...` runs CMD chrooted as the image's user with the image's
    // environment (plus `env`), `exec_in_image` the same in place of the shell, and
    // $ENTRYPOINT holds the image's entrypoint, each word quoted (for eval).
    ProcessResult run(const std::string& script, const std::vector<std::string>& env = {}) const {
        std::string entrypoint, image_env;
        for (const auto& word : config.at("Entrypoint").as_array())
            entrypoint += quoted(std::string(word.as_string())) + " ";
        for (const auto& e : config.at("Env").as_array())
            image_env += quoted(std::string(e.as_string())) + " ";
        for (const auto& e : env)
            image_env += quoted(e) + " ";
        const std::string user = std::string(config.at("User").as_string());
        const std::string as_user = "env -i HOME=/var/lib/llmhost " + image_env +
                                    "/usr/sbin/chroot --userspec=" + user + ":" + user + " \"$root\" \"$@\"";
        const std::string prelude =
            "root=" + quoted(root) +
            "\nmount --rbind /dev \"$root/dev\" && mount -t proc proc \"$root/proc\" || exit 90\n"
            "in_image() { " +
            as_user + "; }\nexec_in_image() { exec " + as_user + "; }\nENTRYPOINT=\"" + entrypoint + "\"\n";
        return run_process(
            {"/usr/bin/timeout", "120", "/usr/bin/unshare", "--mount", "--fork", "/bin/sh", "-c", prelude + script},
            {});
    }

    // Puts `text` at `path` inside the image's root, readable by its user.
    void put(const std::string& path, const std::string& text) const { std::ofstream(root + path) << text; }
};

BuiltImage& built() {
    static BuiltImage b;
    return b;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_image_builds_with_its_user_entrypoint_volumes_and_health_check) {
    const auto& b = built();
    BOOST_TEST_REQUIRE(b.build.exit_code == 0,
                       b.build.out.substr(b.build.out.size() > 6000 ? b.build.out.size() - 6000 : 0));
    BOOST_TEST(b.config.at("User") == "llmhost");
    BOOST_TEST(b.config.at("Entrypoint") == (boost::json::array{"llmhost", "--config", "/etc/llmhost/config.toml",
                                                                "serve", "--listen", "0.0.0.0:8399"}));
    const auto& volumes = b.config.at("Volumes").as_object();
    BOOST_TEST(volumes.contains("/etc/llmhost"));
    BOOST_TEST(volumes.contains("/var/lib/llmhost/plugins"));
    BOOST_REQUIRE(b.healthcheck.is_object());
    BOOST_TEST(boost::json::serialize(b.healthcheck.at("Test")).find("/healthz") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_entrypoint_refuses_to_serve_without_a_server_key) {
    const auto& b = built();
    BOOST_TEST_REQUIRE(b.build.exit_code == 0);
    const auto r = b.run("eval in_image $ENTRYPOINT --listen 127.0.0.1:0");
    BOOST_TEST(r.exit_code == 2, r.out + r.err);
    BOOST_TEST((r.out + r.err).find("LLMHOST_SERVER_KEY") != std::string::npos, r.out + r.err);
}

BOOST_AUTO_TEST_CASE(the_entrypoint_serves_healthz_and_a_mock_chat) {
    const auto& b = built();
    BOOST_TEST_REQUIRE(b.build.exit_code == 0);
    const std::string port = std::to_string(18000 + getpid() % 2000);
    // The health check as the image declares it (CMD bash -c SCRIPT), at this run's port.
    const auto& check = b.healthcheck.at("Test").as_array();
    BOOST_REQUIRE_EQUAL(check.size(), 4u);
    BOOST_TEST_REQUIRE((check[0] == "CMD" && check[1] == "bash" && check[2] == "-c"));
    std::string health(check[3].as_string());
    for (size_t at; (at = health.find("8399")) != std::string::npos;)
        health.replace(at, 4, port);
    b.put("/tmp/health.sh", health);
    b.put("/tmp/chat.sh",
          "exec 3<>/dev/tcp/127.0.0.1/" + port +
              "\nbody='{\"model\":\"mock/mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello from the "
              "image\"}]}'\n"
              "printf 'POST /v1/chat/completions HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer "
              "sk-image\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\n\\r\\n%s' \"${#body}\" "
              "\"$body\" >&3\n"
              "cat <&3\n");
    const auto r = b.run("(eval exec_in_image $ENTRYPOINT --listen 127.0.0.1:" + port +
                             ") & server=$!\n"
                             "ok=no; for i in $(seq 300); do if in_image bash /tmp/health.sh; then ok=yes; break; fi; "
                             "sleep 0.1; done\n"
                             "echo \"healthcheck: $ok\"\n"
                             "in_image bash /tmp/chat.sh\n"
                             "kill $server; wait $server\n",
                         {"LLMHOST_SERVER_KEY=sk-image"});
    const std::string out = r.out + r.err;
    BOOST_TEST(out.find("healthcheck: yes") != std::string::npos, out);
    BOOST_TEST(out.find("HTTP/1.1 200") != std::string::npos, out);
    BOOST_TEST(out.find("hello from the image") != std::string::npos, out);
    BOOST_TEST(out.find("provider=mock") != std::string::npos, out); // the access log, from the image's binary
}

int main(int argc, char* argv[]) {
    if (const std::string why = reason_to_skip(); !why.empty()) {
        std::cout << "SKIPPED: " << why << "\n";
        return 77;
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
