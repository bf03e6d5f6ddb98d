#include "core/auth/copilot_token_store.hpp"

#include <llmhost/support/private_file.hpp>

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

namespace llmhost::auth {

namespace {

std::runtime_error file_error(const std::string& what, const std::string& path, int error) {
    return std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(error));
}

} // namespace

void save_llmhost_token(const std::string& path, const copilot_credentials::StoredToken& token) {
    boost::json::object doc{{"host", token.host}};
    if (!token.user.empty()) doc["user"] = token.user;
    doc["oauth_token"] = token.oauth_token;
    write_private_file(path, boost::json::serialize(doc) + "\n");
}

bool remove_llmhost_token(const std::string& path) {
    if (::unlink(path.c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    throw file_error("remove", path, errno);
}

} // namespace llmhost::auth
