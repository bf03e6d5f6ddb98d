// Paths and helpers shared by the tests.
#pragma once

#include <string>
#include <vector>

namespace llmhost::testing {

// A fresh, empty temporary directory, removed when the object dies.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    void write(const std::string& name, const std::string& content) const;

  private:
    std::string path_;
};

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the built llmhost binary with `args` and `env` (NAME=VALUE entries added to a clean
// environment holding only PATH and HOME), feeding `stdin_text`, and collects its output.
ProcessResult run_host(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                       const std::string& stdin_text = {});

// Runs any program the same way.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& stdin_text = {});

std::string read_file(const std::string& path);

// `text` split at newlines (without them).
std::vector<std::string> lines_of(const std::string& text);

// A config home of its own (XDG_CONFIG_HOME), empty, so that no user config is picked up.
struct IsolatedConfig {
    TempDir dir;
    // `more` with XDG_CONFIG_HOME added, for run_host's env.
    std::vector<std::string> env(std::vector<std::string> more = {}) const {
        more.push_back("XDG_CONFIG_HOME=" + dir.path());
        return more;
    }
};

} // namespace llmhost::testing
