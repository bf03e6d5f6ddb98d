// Files only their owner may read — stored logins and tokens — written so that no other user
// can read them at any moment and no reader ever sees half a file.
#pragma once

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace llmhost {

namespace private_file_detail {

inline std::runtime_error file_error(const std::string& what, const std::string& path, int error) {
    return std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(error));
}

} // namespace private_file_detail

// Creates the missing directories of `dir` with mode 0700; existing ones keep their mode.
// Throws std::runtime_error naming the directory.
inline void create_private_directories(const std::filesystem::path& dir) {
    std::filesystem::path partial;
    for (const auto& part : dir) {
        partial /= part;
        struct stat info {};
        if (::stat(partial.c_str(), &info) == 0) continue;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
            throw private_file_detail::file_error("create directory", partial, errno);
    }
}

// Writes `text` to `path` with mode 0600 (its missing directories 0700) through a temporary
// file in the same directory and a rename. Throws std::runtime_error naming the path, never
// the contents.
inline void write_private_file(const std::string& path, const std::string& text) {
    using private_file_detail::file_error;
    const std::filesystem::path target(path);
    create_private_directories(target.parent_path());
    std::string temp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) throw file_error("create a temporary file for", path, errno);
    auto fail = [&](const std::string& what) {
        const int error = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return file_error(what, path, error);
    };
    if (::fchmod(fd, 0600) != 0) throw fail("set the mode of");
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw fail("write");
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0) throw fail("flush");
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw file_error("close", path, error);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw file_error("replace", path, error);
    }
}

} // namespace llmhost
