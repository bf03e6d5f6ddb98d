// Runs one backend operation with the ChatGPT login: on a 401 the login is refreshed (or
// re-read, when another process refreshed it) and the operation runs once more, never twice.
// No token may appear in an error message, whatever an upstream echoed.
#pragma once

#include "codex_login_keeper.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/key_redaction.hpp>

#include <string>
#include <type_traits>

namespace llmhost::codex_plugin {

template <class Operation, class MayRetry>
std::invoke_result_t<Operation&, const CodexAuth&> with_codex_auth(CodexLoginKeeper& keeper, const Call& call,
                                                                   Operation&& operation, MayRetry&& may_retry) {
    CodexAuth auth;
    std::string first_token;
    try {
        auth = keeper.current(call);
        first_token = auth.access_token;
        try {
            return operation(auth);
        } catch (const Error& e) {
            if (e.http_status() != 401 || !may_retry()) throw;
        }
        auth = keeper.after_unauthorized(call, auth);
        try {
            return operation(auth);
        } catch (const Error& e) {
            if (e.http_status() != 401) throw;
            throw Error(LLMH_ERR_AUTHENTICATION,
                        std::string(e.what()) + " (a freshly refreshed ChatGPT login was rejected too; " +
                            std::string(login_hint) + ")",
                        e.http_status());
        }
    } catch (const Error& e) {
        throw redact_secret(redact_secret(e, first_token), auth.access_token);
    }
}

} // namespace llmhost::codex_plugin
