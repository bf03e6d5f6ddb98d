#include "host/cli_options.hpp"

namespace llmhost::cli {

CommandLine parse_command_line(int argc, char** argv) {
    CommandLine cl;
    auto& g = cl.global;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto take = [&](const std::string& name) -> std::string {
            if (i + 1 >= argc) throw UsageError(name + " needs a value");
            return argv[++i];
        };
        auto eq_value = [&](const std::string& prefix, std::string& out) {
            if (a.rfind(prefix + "=", 0) != 0) return false;
            out = a.substr(prefix.size() + 1);
            return true;
        };
        std::string v;
        if (options_done)
            cl.args.push_back(a);
        else if (a == "--") {
            options_done = true;
            cl.args.push_back(a);
        } else if (a == "--config")
            g.config_file = take(a);
        else if (eq_value("--config", v))
            g.config_file = v;
        else if (a == "--plugin-dir")
            g.plugin_dirs.push_back(take(a));
        else if (eq_value("--plugin-dir", v))
            g.plugin_dirs.push_back(v);
        else if (a == "-p" || a == "--provider")
            g.provider = take(a);
        else if (eq_value("--provider", v))
            g.provider = v;
        else if (a == "-m" || a == "--model")
            g.model = take(a);
        else if (eq_value("--model", v))
            g.model = v;
        else if (a == "-v" || a == "--verbose")
            g.verbosity = 1;
        else if (a == "-q" || a == "--quiet")
            g.verbosity = -1;
        else if (a == "-h" || a == "--help")
            g.help = true;
        else if (cl.command.empty() && !a.empty() && a[0] != '-')
            cl.command = a;
        else if (cl.command.empty())
            throw UsageError("unknown option '" + a + "' (see `llmhost --help`)");
        else
            cl.args.push_back(a);
    }
    return cl;
}

bool ArgReader::flag(const std::string& name) {
    bool found = false;
    for (auto it = args_.begin(); it != args_.end() && *it != "--";) {
        if (*it == name) {
            found = true;
            it = args_.erase(it);
        } else
            ++it;
    }
    return found;
}

bool ArgReader::value(const std::string& name, std::string& out) {
    auto all = values(name);
    if (all.empty()) return false;
    out = all.back();
    return true;
}

std::vector<std::string> ArgReader::values(const std::string& name) {
    std::vector<std::string> out;
    for (auto it = args_.begin(); it != args_.end() && *it != "--";) {
        if (*it == name) {
            if (it + 1 == args_.end()) throw UsageError(name + " needs a value");
            out.push_back(*(it + 1));
            it = args_.erase(it, it + 2);
        } else if (it->rfind(name + "=", 0) == 0) {
            out.push_back(it->substr(name.size() + 1));
            it = args_.erase(it);
        } else
            ++it;
    }
    return out;
}

std::vector<std::string> ArgReader::positional(const std::string& command) const {
    std::vector<std::string> out;
    bool done = false;
    for (const auto& a : args_) {
        if (!done && a == "--") {
            done = true;
            continue;
        }
        if (!done && a.size() > 1 && a[0] == '-')
            throw UsageError("unknown option '" + a + "' for `" + command + "` (see `llmhost --help`)");
        out.push_back(a);
    }
    return out;
}

} // namespace llmhost::cli
