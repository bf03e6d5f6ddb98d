// Command-line parsing: global options (accepted anywhere before `--`), the command and
// its own arguments.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace llmhost::cli {

class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct GlobalOptions {
    std::string config_file;
    std::vector<std::string> plugin_dirs;
    std::string provider;
    std::string model;
    int verbosity = 0; // -1 quiet, 0 normal, 1 verbose
    bool help = false;
};

struct CommandLine {
    GlobalOptions global;
    std::string command;
    std::vector<std::string> args; // the command's own arguments and options, in order
};

CommandLine parse_command_line(int argc, char** argv);

// Pulls `--name VALUE` / `--name=VALUE` options out of a command's args.
class ArgReader {
  public:
    explicit ArgReader(std::vector<std::string> args) : args_(std::move(args)) {}
    bool flag(const std::string& name);                       // removes it; true if present
    bool value(const std::string& name, std::string& out);    // removes it; last one wins
    std::vector<std::string> values(const std::string& name); // every occurrence
    // What is left; throws UsageError on a leftover --option.
    std::vector<std::string> positional(const std::string& command) const;

  private:
    std::vector<std::string> args_;
};

} // namespace llmhost::cli
