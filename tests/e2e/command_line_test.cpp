// The command line's definition against the real commands, through the built binary: every
// command and option it lists is one the commands accept; the bash, zsh and fish completions
// it generates parse and complete commands, words, options and provider ids; the man page
// has no roff warnings; `config init` and `version --json` do what they say.
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <sstream>
#include <sys/stat.h>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::string host = LLMHOST_TEST_HOST_BINARY;

// The commands and their options as `--help` lists them: "  name ..." then option lines.
std::vector<std::pair<std::string, std::vector<std::string>>> help_commands() {
    const auto help = run_host({"--help"});
    BOOST_REQUIRE_EQUAL(help.exit_code, 0);
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    bool in_commands = false;
    for (const auto& line : lines_of(help.out)) {
        if (line == "commands:")
            in_commands = true;
        else if (line.empty())
            in_commands = false;
        else if (in_commands && line.size() > 2 && line[2] != ' ')
            out.push_back({line.substr(2, line.find(' ', 2) - 2), {}});
        else if (in_commands && !out.empty()) {
            std::istringstream words(line);
            for (std::string w; words >> w;)
                if (w.starts_with("--")) out.back().second.push_back(w);
        }
    }
    return out;
}

std::optional<std::string> program(const std::string& name) {
    for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"})
        if (std::filesystem::exists(std::string(dir) + "/" + name)) return std::string(dir) + "/" + name;
    return std::nullopt;
}

// What bash's completion function offers for `words` (the last one being completed).
std::vector<std::string> bash_complete(const std::vector<std::string>& words) {
    std::string script = "source <(\"" + host + "\" completion bash)\nCOMP_WORDS=(\"" + host + "\"";
    for (const auto& w : words)
        script += " '" + w + "'";
    script += ")\nCOMP_CWORD=" + std::to_string(words.size()) + "\n_llmhost\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    const auto r = run_process({"/bin/bash", "-c", script}, {});
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    auto offered = lines_of(r.out);
    std::erase(offered, ""); // printf prints one empty line for no candidates
    return offered;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

} // namespace

BOOST_AUTO_TEST_CASE(every_listed_command_and_option_is_accepted) {
    IsolatedConfig iso;
    const auto commands = help_commands();
    BOOST_REQUIRE_GE(commands.size(), 10u);
    for (const auto& [command, options] : commands) {
        // Long-running or networked commands: accepted names are checked without running them.
        if (command == "serve" || command == "run" || command == "auth") continue;
        std::vector<std::string> base{"-p", "mock", command};
        if (command == "chat" || command == "tokens" || command == "embed") base.push_back("hi");
        if (command == "config") base.push_back("show");
        if (command == "completion") base.push_back("bash");
        const auto plain = run_host(base, iso.env());
        BOOST_TEST(!contains(plain.err, "unknown command"), command << ": " << plain.err);
        for (const auto& option : options) {
            if (command == "config" && (option == "--path" || option == "--force")) continue; // init only, below
            std::vector<std::string> args = base;
            args.push_back(option);
            if (option == "--schema" || option == "--tools" || option == "--image") continue; // need files
            if (option == "--system" || option == "--temperature" || option == "--max-tokens") args.push_back("1");
            const auto r = run_host(args, iso.env());
            BOOST_TEST(!contains(r.err, "unknown option"), command << " " << option << ": " << r.err);
        }
    }
    // And the ones not run above still exist as commands.
    for (const std::string command : {"serve", "run", "auth"}) {
        const auto r = run_host({command, "--no-such-option"}, iso.env());
        BOOST_TEST(!contains(r.err, "unknown command"), command << ": " << r.err);
    }
}

BOOST_AUTO_TEST_CASE(bash_completes_commands_words_options_and_providers) {
    BOOST_TEST(run_process({"/bin/bash", "-n", "-c", run_host({"completion", "bash"}).out}, {}).exit_code == 0);
    BOOST_TEST(bash_complete({"pro"}) == std::vector<std::string>{"providers"});
    const auto actions = bash_complete({"config", ""});
    BOOST_TEST((actions == std::vector<std::string>{"check", "show", "init"}), boost::test_tools::per_element());
    BOOST_TEST(has(bash_complete({"chat", "--sys"}), "--system"));
    BOOST_TEST(has(bash_complete({"chat", "--"}), "--provider")); // global options anywhere
    const auto providers = bash_complete({"-p", "moonshot-i"});
    BOOST_TEST(has(providers, "moonshot-intl"));
    BOOST_TEST(has(providers, "moonshot-intl-anthropic"));
    BOOST_TEST(has(bash_complete({"auth", "login", "cop"}), "copilot"));
    BOOST_TEST(bash_complete({"-m", ""}).empty()); // a model: nothing guessed
}

BOOST_AUTO_TEST_CASE(fish_completes_the_same) {
    const auto fish = program("fish");
    if (!fish) {
        BOOST_TEST_MESSAGE("skipped: fish is not installed (packaging/install-deps.sh installs it)");
        return;
    }
    TempDir dir;
    dir.write("llmhost.fish", run_host({"completion", "fish"}).out);
    BOOST_REQUIRE_EQUAL(run_process({*fish, "-n", dir.file("llmhost.fish")}, {}).exit_code, 0);
    const std::string bin_dir = std::filesystem::path(host).parent_path().string();
    auto complete = [&](const std::string& line) {
        const auto r = run_process(
            {*fish, "--no-config", "-c",
             "set -x PATH " + bin_dir + " $PATH; source " + dir.file("llmhost.fish") + "; complete -C '" + line + "'"},
            {});
        BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        std::vector<std::string> names;
        for (const auto& l : lines_of(r.out))
            names.push_back(l.substr(0, l.find('\t')));
        return names;
    };
    BOOST_TEST(has(complete("llmhost prov"), "providers"));
    BOOST_TEST(has(complete("llmhost config "), "init"));
    BOOST_TEST(has(complete("llmhost -p kimi-c"), "kimi-code"));
    BOOST_TEST(has(complete("llmhost chat --max"), "--max-tokens"));
}

BOOST_AUTO_TEST_CASE(zsh_script_parses) {
    const auto zsh = program("zsh");
    if (!zsh) {
        BOOST_TEST_MESSAGE("skipped: zsh is not installed (packaging/install-deps.sh installs it)");
        return;
    }
    TempDir dir;
    const std::string script = run_host({"completion", "zsh"}).out;
    BOOST_TEST(script.starts_with("#compdef llmhost\n"));
    dir.write("_llmhost", script);
    const auto r = run_process({*zsh, "-n", dir.file("_llmhost")}, {});
    BOOST_TEST(r.exit_code == 0, r.err);
    // Loads under compinit and registers itself.
    const auto loaded = run_process({*zsh, "-f", "-c",
                                     "autoload -Uz compinit && compinit -u -D && source " + dir.file("_llmhost") +
                                         " && print -r -- ${_comps[llmhost]}"},
                                    {});
    BOOST_TEST(loaded.exit_code == 0, loaded.err);
    BOOST_TEST(contains(loaded.out, "_llmhost"), loaded.out << loaded.err);
    BOOST_TEST(run_host({"completion", "tcsh"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(the_man_page_renders_without_warnings) {
    const auto page = run_host({"man"});
    BOOST_REQUIRE_EQUAL(page.exit_code, 0);
    for (const auto& [command, options] : help_commands())
        BOOST_TEST(contains(page.out, ".B " + command), command);
    const auto groff = program("groff");
    if (!groff) {
        BOOST_TEST_MESSAGE("skipped rendering: groff is not installed (packaging/install-deps.sh installs it)");
        return;
    }
    TempDir dir;
    dir.write("llmhost.1", page.out);
    const auto r = run_process({*groff, "-man", "-Tutf8", "-ww", "-z", dir.file("llmhost.1")}, {});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.err.empty(), r.err);
}

BOOST_AUTO_TEST_CASE(config_init_writes_a_starter_that_checks_and_refuses_to_overwrite) {
    IsolatedConfig iso;
    const auto first = run_host({"config", "init"}, iso.env());
    BOOST_REQUIRE_MESSAGE(first.exit_code == 0, first.err);
    const std::string path = iso.dir.file("llmhost/config.toml");
    BOOST_REQUIRE(std::filesystem::exists(path));
    struct stat st {};
    BOOST_REQUIRE_EQUAL(stat(path.c_str(), &st), 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    const auto check = run_host({"config", "check"}, iso.env());
    BOOST_TEST(check.exit_code == 0, check.err);
    BOOST_TEST(contains(check.out, path + ": ok"), check.out);
    BOOST_TEST(check.err.empty(), check.err); // no warnings either

    iso.dir.write("llmhost/config.toml", "# mine\n");
    const auto again = run_host({"config", "init"}, iso.env());
    BOOST_TEST(again.exit_code == 2);
    BOOST_TEST(contains(again.err, "already exists; pass --force"), again.err);
    BOOST_TEST(read_file(path) == "# mine\n");
    BOOST_TEST(run_host({"config", "init", "--force"}, iso.env()).exit_code == 0);
    BOOST_TEST(contains(read_file(path), "default_provider"));

    const std::string elsewhere = iso.dir.file("sub/dir/other.toml");
    BOOST_TEST(run_host({"config", "init", "--path", elsewhere}, iso.env()).exit_code == 0);
    BOOST_TEST(run_host({"--config", elsewhere, "config", "check"}, iso.env()).exit_code == 0);
    BOOST_TEST(run_host({"config", "show", "--force"}, iso.env()).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(version_json_lists_host_abi_and_plugins) {
    const auto r = run_host({"version", "--json"});
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("llmhost").as_string() == LLMHOST_VERSION);
    BOOST_TEST(doc.at("abi").at("major").to_number<int>() == 1);
    bool mock = false;
    for (const auto& p : doc.at("plugins").as_array())
        if (p.at("name") == "mock") {
            mock = true;
            BOOST_TEST(p.at("status") == "ok");
            BOOST_TEST(p.at("version").as_string() == LLMHOST_VERSION);
            BOOST_TEST(p.at("abi").at("minor").is_number());
        }
    BOOST_TEST(mock);
}
