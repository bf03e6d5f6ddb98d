// The AWS event-stream framing (plugins/bedrock/event_stream_decoder.hpp): the docs/protocols/bedrock.md
// check vectors, every header type, input split at every byte offset, every single byte of a
// frame corrupted, and hostile lengths — always a message or a typed error, never a crash,
// hang or huge allocation.
#include "plugins/bedrock/crc32.hpp"
#include "plugins/bedrock/event_stream_decoder.hpp"
#include "support/bedrock/event_stream_encoder.hpp"

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;

namespace {

std::string from_hex(std::string_view hex) {
    std::string out;
    int pending = -1;
    for (char c : hex) {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) continue;
        if (pending < 0)
            pending = v;
        else {
            out.push_back(static_cast<char>(pending * 16 + v));
            pending = -1;
        }
    }
    return out;
}

// The complete messageStart event of docs/protocols/bedrock.md (118 bytes).
const std::string message_start_vector =
    from_hex("00 00 00 76 00 00 00 52 96 d5 fa de 0b 3a 65 76 65 6e 74 2d 74 79 70 65 07 00 0c 6d 65 73 73 61"
             "67 65 53 74 61 72 74 0d 3a 63 6f 6e 74 65 6e 74 2d 74 79 70 65 07 00 10 61 70 70 6c 69 63 61 74"
             "69 6f 6e 2f 6a 73 6f 6e 0d 3a 6d 65 73 73 61 67 65 2d 74 79 70 65 07 00 05 65 76 65 6e 74 7b 22"
             "72 6f 6c 65 22 3a 22 61 73 73 69 73 74 61 6e 74 22 7d 6f a8 c5 99");

uint32_t be32(const std::string& s, size_t at) {
    return (uint32_t(uint8_t(s[at])) << 24) | (uint32_t(uint8_t(s[at + 1])) << 16) |
           (uint32_t(uint8_t(s[at + 2])) << 8) | uint32_t(uint8_t(s[at + 3]));
}

struct Decoded {
    std::vector<EventStreamMessage> messages;
    std::optional<Error> error;
    bool partial = false;
};

// Feeds `chunks` in order, collecting messages until the first error.
Decoded decode(const std::vector<std::string_view>& chunks) {
    Decoded out;
    EventStreamDecoder decoder("test stream");
    try {
        for (auto c : chunks)
            decoder.feed(c, [&](EventStreamMessage&& m) { out.messages.push_back(std::move(m)); });
    } catch (const Error& e) {
        out.error = e;
    }
    out.partial = decoder.has_partial_message();
    return out;
}

Decoded decode(std::string_view whole) { return decode(std::vector<std::string_view>{whole}); }

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values)
        out.push_back(static_cast<char>(v));
    return out;
}

// A frame whose CRCs are right for whatever prelude and body it is given.
std::string frame_with_valid_crcs(uint32_t total, uint32_t headers_length, const std::string& rest_without_crc) {
    std::string out;
    put_be(out, total, 4);
    put_be(out, headers_length, 4);
    put_be(out, crc32(out), 4);
    out += rest_without_crc;
    put_be(out, crc32(out), 4);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(crc32_is_the_ieee_zlib_crc) {
    BOOST_TEST(crc32("") == 0u);
    BOOST_TEST(crc32("123456789") == 0xCBF43926u);
    BOOST_TEST(crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
    BOOST_TEST(crc32_update(crc32("1234"), "56789") == 0xCBF43926u);
}

BOOST_AUTO_TEST_CASE(protocols_message_start_vector_decodes) {
    BOOST_REQUIRE_EQUAL(message_start_vector.size(), 118u);
    const auto d = decode(message_start_vector);
    BOOST_REQUIRE(!d.error);
    BOOST_REQUIRE_EQUAL(d.messages.size(), 1u);
    const auto& m = d.messages[0];
    BOOST_REQUIRE_EQUAL(m.headers.size(), 3u);
    BOOST_TEST(m.headers[0].name == ":event-type");
    BOOST_TEST(m.string_header(":event-type") == "messageStart");
    BOOST_TEST(m.string_header(":content-type") == "application/json");
    BOOST_TEST(m.string_header(":message-type") == "event");
    BOOST_TEST(m.payload == R"({"role":"assistant"})");
    BOOST_TEST(!d.partial);
}

BOOST_AUTO_TEST_CASE(encoder_reproduces_both_protocols_vectors) {
    BOOST_TEST(event_frame("messageStart", R"({"role":"assistant"})") == message_start_vector);
    const std::string delta = event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})");
    BOOST_TEST(delta.size() == 148u);
    BOOST_TEST(be32(delta, 8) == 0xb4ab9aeeu);
    BOOST_TEST(be32(delta, delta.size() - 4) == 0x1f944657u);
}

BOOST_AUTO_TEST_CASE(every_header_type_round_trips) {
    EventStreamUuid uuid;
    for (uint8_t i = 0; i < 16; ++i)
        uuid.bytes[i] = static_cast<uint8_t>(0xF0 + i);
    const std::vector<EventStreamHeader> headers{
        {"t", true},
        {"f", false},
        {"byte", int8_t{-5}},
        {"short", int16_t{-1234}},
        {"int", int32_t{-123456789}},
        {"long", int64_t{-1234567890123456789}},
        {"bytes", EventStreamBytes{std::string("\0\xff\x01", 3)}},
        {"string", std::string("héllo")},
        {"time", EventStreamTimestamp{1700000000123}},
        {"uuid", uuid},
        {"empty", std::string()},
    };
    const auto d = decode(encode_message(headers, "payload"));
    BOOST_REQUIRE(!d.error);
    BOOST_REQUIRE_EQUAL(d.messages.size(), 1u);
    const auto& got = d.messages[0].headers;
    BOOST_REQUIRE_EQUAL(got.size(), headers.size());
    for (size_t i = 0; i < headers.size(); ++i) {
        BOOST_TEST(got[i].name == headers[i].name);
        BOOST_TEST((got[i].value == headers[i].value), "header " << headers[i].name);
        BOOST_TEST(got[i].value.index() == headers[i].value.index(), "header " << headers[i].name);
    }
    BOOST_TEST(d.messages[0].payload == "payload");
    BOOST_TEST(d.messages[0].header("missing") == nullptr);
    BOOST_TEST(d.messages[0].string_header("int").empty()); // not a string header
}

BOOST_AUTO_TEST_CASE(empty_headers_and_payload_make_a_16_byte_message) {
    const std::string bare = encode_message({}, {});
    BOOST_TEST(bare.size() == 16u);
    const auto d = decode(bare);
    BOOST_REQUIRE(!d.error);
    BOOST_REQUIRE_EQUAL(d.messages.size(), 1u);
    BOOST_TEST(d.messages[0].headers.empty());
    BOOST_TEST(d.messages[0].payload.empty());
}

BOOST_AUTO_TEST_CASE(a_stream_split_at_every_offset_gives_the_same_messages) {
    const std::string stream = event_frame("messageStart", R"({"role":"assistant"})") +
                               event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})") +
                               encode_message({}, {}) + exception_frame("throttlingException", R"({"message":"slow"})");
    const auto whole = decode(stream);
    BOOST_REQUIRE(!whole.error);
    BOOST_REQUIRE_EQUAL(whole.messages.size(), 4u);
    const std::string_view view = stream;
    for (size_t a = 0; a <= stream.size(); ++a) {
        for (size_t b = a; b <= stream.size(); b += 7) { // two cuts: every first offset, many second ones
            const auto d = decode({view.substr(0, a), view.substr(a, b - a), view.substr(b)});
            BOOST_TEST_INFO("cuts at " << a << " and " << b);
            BOOST_REQUIRE(!d.error);
            BOOST_REQUIRE_EQUAL(d.messages.size(), 4u);
            for (size_t i = 0; i < 4; ++i) {
                BOOST_TEST(d.messages[i].payload == whole.messages[i].payload);
                BOOST_TEST(d.messages[i].headers.size() == whole.messages[i].headers.size());
            }
            BOOST_TEST(!d.partial);
        }
    }
    // Byte by byte.
    std::vector<std::string_view> bytes;
    for (size_t i = 0; i < stream.size(); ++i)
        bytes.push_back(view.substr(i, 1));
    BOOST_TEST(decode(bytes).messages.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_truncated_stream_leaves_a_partial_message_and_no_error) {
    const std::string frame = event_frame("messageStart", R"({"role":"assistant"})");
    for (size_t n = 1; n < frame.size(); ++n) {
        const auto d = decode(std::string_view(frame).substr(0, n));
        BOOST_TEST(!d.error, "truncated at " << n);
        BOOST_TEST(d.messages.empty());
        BOOST_TEST(d.partial);
    }
}

BOOST_AUTO_TEST_CASE(corrupting_any_single_byte_is_a_typed_error) {
    const std::string good = event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})");
    for (size_t i = 0; i < good.size(); ++i) {
        for (unsigned flip : {0x01u, 0x80u, 0xFFu}) {
            std::string bad = good;
            bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ flip);
            // Alone, and followed by a good frame (which must not be reached).
            for (const std::string& stream : {bad, bad + good}) {
                const auto d = decode(stream);
                BOOST_TEST_INFO("byte " << i << " xor " << flip);
                BOOST_REQUIRE(d.error);
                BOOST_TEST(d.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
                BOOST_TEST(d.messages.empty());
                const std::string what = d.error->what();
                BOOST_TEST(what.starts_with("test stream: "), what);
                if (i < 12)
                    BOOST_TEST(what.find("prelude CRC mismatch") != std::string::npos, what);
                else
                    BOOST_TEST(what.find("message CRC mismatch") != std::string::npos, what);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(hostile_lengths_fail_at_once_without_waiting_or_allocating) {
    // Valid prelude CRCs, impossible lengths: refused after 12 bytes, before any payload.
    struct Case {
        uint32_t total, headers;
        const char* says;
    };
    for (const auto& c : std::vector<Case>{{0xFFFFFFFFu, 0, "exceeds the limit"},
                                           {15, 0, "below the minimum"},
                                           {0, 0, "below the minimum"},
                                           {100, 200, "does not fit"},
                                           {16 + 200 * 1024, 200 * 1024, "headers length"},
                                           {16 + 25 * 1024 * 1024, 0, "exceeds the limit"}}) {
        std::string prelude;
        put_be(prelude, c.total, 4);
        put_be(prelude, c.headers, 4);
        put_be(prelude, crc32(prelude), 4);
        const auto d = decode(prelude);
        BOOST_REQUIRE_MESSAGE(d.error, "total " << c.total << " headers " << c.headers);
        BOOST_TEST(d.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
        BOOST_TEST(std::string(d.error->what()).find(c.says) != std::string::npos, d.error->what());
    }
}

BOOST_AUTO_TEST_CASE(bad_header_blocks_with_valid_crcs_are_typed_errors) {
    struct Case {
        std::string headers;
        const char* says;
    };
    // Header blocks as bytes: name length, name, value type, value.
    const std::vector<Case> cases{
        {bytes({1, 'a', 10}), "unknown value type 10"},                // type 10 does not exist
        {bytes({5, 'a', 'b'}), "header name runs past"},               // name longer than the block
        {bytes({1, 'a', 7, 0, 9, 'a', 'b', 'c'}), "string runs past"}, // string longer than the block
        {bytes({1, 'a', 5, 0, 0}), "integer value runs past"},         // int64 cut short
        {bytes({1, 'a', 9, '0', '1', '2', '3'}), "uuid runs past"},    // uuid cut short
        {bytes({1, 'a', 6, 0}), "byte array runs past"},               // length cut short
        {bytes({1, 'a'}), "value type runs past"},                     // no type byte
    };
    for (const auto& c : cases) {
        const std::string frame = frame_with_valid_crcs(static_cast<uint32_t>(16 + c.headers.size()),
                                                        static_cast<uint32_t>(c.headers.size()), c.headers);
        const auto d = decode(frame);
        BOOST_REQUIRE_MESSAGE(d.error, c.says);
        BOOST_TEST(d.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
        BOOST_TEST(std::string(d.error->what()).find(c.says) != std::string::npos, d.error->what());
    }
}

BOOST_AUTO_TEST_CASE(a_failed_decoder_stays_failed) {
    EventStreamDecoder decoder;
    std::string bad = event_frame("messageStart", "{}");
    bad[20] ^= 0x10;
    int messages = 0;
    BOOST_CHECK_THROW(decoder.feed(bad, [&](EventStreamMessage&&) { ++messages; }), Error);
    BOOST_CHECK_THROW(decoder.feed(event_frame("messageStart", "{}"), [&](EventStreamMessage&&) { ++messages; }),
                      Error);
    BOOST_TEST(messages == 0);
}

BOOST_AUTO_TEST_CASE(an_exception_from_the_handler_stops_decoding) {
    EventStreamDecoder decoder;
    const std::string two = event_frame("a", "{}") + event_frame("b", "{}");
    int seen = 0;
    BOOST_CHECK_THROW(decoder.feed(two,
                                   [&](EventStreamMessage&&) {
                                       ++seen;
                                       throw Error(LLMH_ERR_RATE_LIMITED, "from the handler");
                                   }),
                      Error);
    BOOST_TEST(seen == 1);
}
