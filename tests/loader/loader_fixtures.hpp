// Helpers shared by the loader tests: fixture paths, patched copies of fixture plugins, and
// capturing this process's stderr.
#pragma once

#include "support/test_env.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

namespace llmhost::testing {

inline std::string fixture(const std::string& file) { return std::string(LLMHOST_TEST_FIXTURE_DIR) + "/" + file; }

// Copies fixture `from` to `dir`/`to`, replacing `find` (which must occur) by `replace` of the
// same length everywhere — e.g. a metadata header or a DT_NEEDED name.
inline std::string patched_copy(const TempDir& dir, const std::string& from, const std::string& to,
                                const std::string& find = {}, const std::string& replace = {}) {
    if (find.size() != replace.size()) throw std::logic_error("patched_copy: lengths differ");
    std::string bytes = read_file(fixture(from));
    size_t hits = 0;
    for (size_t at = find.empty() ? std::string::npos : bytes.find(find); at != std::string::npos;
         at = bytes.find(find, at + find.size()), ++hits)
        bytes.replace(at, find.size(), replace);
    if (!find.empty() && hits == 0) throw std::logic_error("patched_copy: '" + find + "' not in " + from);
    dir.write(to, bytes);
    return dir.file(to);
}

// Everything written to file descriptor 2 while `body` runs.
inline std::string capture_stderr(const std::function<void()>& body) {
    std::fflush(stderr);
    std::FILE* sink = std::tmpfile();
    const int saved = ::dup(2);
    ::dup2(::fileno(sink), 2);
    try {
        body();
    } catch (...) {
        std::fflush(stderr);
        ::dup2(saved, 2);
        ::close(saved);
        std::fclose(sink);
        throw;
    }
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::string out;
    std::rewind(sink);
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, sink)) > 0;)
        out.append(buf, n);
    std::fclose(sink);
    return out;
}

// Sets an environment variable for one scope.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

} // namespace llmhost::testing
