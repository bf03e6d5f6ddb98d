#include "core/auth/copilot_token_store.hpp"

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace llmhost::auth {

namespace {

std::runtime_error file_error(const std::string& what, const std::string& path, int error) {
    return std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(error));
}

void create_private_directories(const std::filesystem::path& dir) {
    std::filesystem::path partial;
    for (const auto& part : dir) {
        partial /= part;
        struct stat info {};
        if (::stat(partial.c_str(), &info) == 0) continue; // existing directories keep their mode
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST)
            throw file_error("create directory", partial, errno);
    }
}

void write_all(int fd, const std::string& text, const std::string& path) {
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw file_error("write", path, errno);
        done += static_cast<size_t>(n);
    }
}

} // namespace

void save_llmhost_token(const std::string& path, const copilot_credentials::StoredToken& token) {
    const std::filesystem::path target(path);
    create_private_directories(target.parent_path());

    boost::json::object doc{{"host", token.host}};
    if (!token.user.empty()) doc["user"] = token.user;
    doc["oauth_token"] = token.oauth_token;
    const std::string text = boost::json::serialize(doc) + "\n";

    std::string temp = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data()); // created 0600
    if (fd < 0) throw file_error("create a temporary file for", path, errno);
    try {
        if (::fchmod(fd, 0600) != 0) throw file_error("set the mode of", temp, errno);
        write_all(fd, text, temp);
        if (::fsync(fd) != 0) throw file_error("flush", temp, errno);
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw file_error("close", temp, error);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw file_error("replace", path, error);
    }
}

bool remove_llmhost_token(const std::string& path) {
    if (::unlink(path.c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    throw file_error("remove", path, errno);
}

} // namespace llmhost::auth
