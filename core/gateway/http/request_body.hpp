// The body type of the requests the gateway reads: a std::string, as Beast's string_body, read
// by appending each piece as it arrives. string_body's reader resizes the string before it
// copies into it, which zero-fills every byte of an agent's request (tens of KB) only to
// overwrite it at once.
#pragma once

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/optional/optional.hpp>

#include <cstdint>
#include <string>

namespace llmhost::gateway {

struct RequestBody {
    using value_type = std::string;
    using writer = boost::beast::http::string_body::writer; // the same value type, written as is

    static std::uint64_t size(const value_type& body) { return body.size(); }

    class reader {
      public:
        template <bool isRequest, class Fields>
        reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

        // The parser's body limit is checked before this; a declared length is reserved at once.
        void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
            ec = {};
            if (!length) return;
            if (*length > body_.max_size()) {
                ec = boost::beast::http::error::buffer_overflow;
                return;
            }
            body_.reserve(static_cast<size_t>(*length));
        }

        template <class ConstBufferSequence>
        std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
            ec = {};
            const size_t before = body_.size();
            for (const auto piece : boost::beast::buffers_range_ref(buffers))
                body_.append(static_cast<const char*>(piece.data()), piece.size());
            return body_.size() - before;
        }

        void finish(boost::beast::error_code& ec) { ec = {}; }

      private:
        value_type& body_;
    };
};

} // namespace llmhost::gateway
