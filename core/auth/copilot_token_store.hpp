// llmhost's own copy of the GitHub login for Copilot (<config>/llmhost/copilot.json, see
// llmhost/support/copilot_credentials.hpp): written so that no other user can read it at any moment,
// and replaced whole so that a reader never sees half a file.
#pragma once

#include <llmhost/support/copilot_credentials.hpp>

#include <string>

namespace llmhost::auth {

// Writes {"host","user","oauth_token"} to `path` with mode 0600 through a temporary file in
// the same directory and a rename. Missing directories are created with mode 0700 (existing
// ones are left as they are). Throws std::runtime_error naming the path on failure.
void save_llmhost_token(const std::string& path, const copilot_credentials::StoredToken& token);

// Removes the file; false when there was none. Throws std::runtime_error on other failures.
bool remove_llmhost_token(const std::string& path);

} // namespace llmhost::auth
