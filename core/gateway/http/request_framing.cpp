#include "core/gateway/http/request_framing.hpp"

#include <boost/beast/core/string.hpp>

#include <vector>

namespace llmhost::gateway {
namespace {

namespace http = boost::beast::http;

bool is_token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Every coding of every Transfer-Encoding field, in order; false when one is not a token
// (parameters are allowed after ';' and ignored).
bool transfer_codings(const Request& head, std::vector<std::string_view>& codings) {
    const auto [first, end] = head.equal_range(http::field::transfer_encoding);
    for (auto field = first; field != end; ++field) {
        std::string_view rest = field->value();
        while (true) {
            const size_t comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            item = item.substr(0, item.find(';'));
            while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
                item.remove_prefix(1);
            while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
                item.remove_suffix(1);
            if (!item.empty()) { // empty list elements are allowed and mean nothing
                for (char c : item)
                    if (!is_token_char(c)) return false;
                codings.push_back(item);
            }
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return true;
}

std::string transfer_encoding_problem(const Request& head) {
    if (head.find(http::field::transfer_encoding) == head.end()) return {};
    if (head.find(http::field::content_length) != head.end())
        return "a request may not carry both Transfer-Encoding and Content-Length";
    std::vector<std::string_view> codings;
    if (!transfer_codings(head, codings) || codings.empty()) return "the Transfer-Encoding header is malformed";
    for (size_t i = 0; i < codings.size(); ++i) {
        const bool chunked = boost::beast::iequals(codings[i], "chunked");
        const bool last = i + 1 == codings.size();
        if (chunked && !last) return "Transfer-Encoding: chunked must be the last coding, and only once";
        if (!chunked && last) return "a request's Transfer-Encoding must end in chunked";
        if (!chunked)
            return "the transfer coding '" + std::string(codings[i]) + "' is not supported (send chunked only)";
    }
    return {};
}

} // namespace

std::string framing_problem(const Request& head) {
    const std::string_view target = head.target();
    if (target.empty() || target.front() != '/')
        return "the request target must be a path such as /v1/chat/completions (this server is not a proxy)";
    return transfer_encoding_problem(head);
}

} // namespace llmhost::gateway
