// The canonical request's JSON codec: what crosses the plugin boundary.
#include <llmhost/chat.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost;

BOOST_AUTO_TEST_CASE(a_full_request_round_trips) {
    ChatRequest r;
    r.model = "m";
    r.stream = false;
    r.messages.push_back({Role::system, {ContentPart::make_text("be terse")}, {}, {}, {}});
    Message user{Role::user, {ContentPart::make_text("what is this?")}, {}, {}, {}};
    ContentPart image;
    image.kind = ContentPart::Kind::image;
    image.media_type = "image/png";
    image.data = "iVBORw0KGgo=";
    user.content.push_back(image);
    r.messages.push_back(user);
    Message assistant{Role::assistant, {}, {{"call_1", "lookup", "{\"q\":\"x\"}"}}, {}, {}};
    r.messages.push_back(assistant);
    r.messages.push_back({Role::tool, {ContentPart::make_text("42")}, {}, "call_1", "lookup"});
    r.tools.push_back({"lookup", "Looks up", boost::json::object{{"type", "object"}}});
    r.tool_choice = "auto";
    ResponseFormat f;
    f.kind = ResponseFormat::Kind::json_schema;
    f.name = "answer";
    f.schema = {{"type", "object"}};
    r.response_format = f;
    r.temperature = 0.25;
    r.max_tokens = 100;
    r.stop = {"END"};
    r.reasoning = ReasoningOptions{"high", 2048};

    const std::string text = canonical_json(r);
    BOOST_TEST(text.find(R"("temperature":0.25,"max_tokens":100,"stop":["END"],)") != std::string::npos);
    BOOST_TEST(text.find(R"("reasoning":{"effort":"high","budget_tokens":2048}})") != std::string::npos);
    const ChatRequest back = parse_chat_request(text);
    BOOST_TEST(canonical_json(back) == text);
    BOOST_TEST(back.messages[1].content[1].media_type == "image/png");
    BOOST_TEST(back.messages[2].tool_calls[0].arguments == "{\"q\":\"x\"}");
    BOOST_TEST(back.messages[3].tool_call_id == "call_1");
    BOOST_TEST(*back.reasoning->budget_tokens == 2048);
    BOOST_TEST(back.has_images());
}

BOOST_AUTO_TEST_CASE(string_content_and_developer_role_are_accepted) {
    const auto r = parse_chat_request(R"({"model":"m","messages":[{"role":"developer","content":"hi"}]})");
    BOOST_TEST((r.messages[0].role == Role::system));
    BOOST_TEST(r.messages[0].text() == "hi");
    BOOST_TEST(r.stream); // default
}

BOOST_AUTO_TEST_CASE(bad_requests_are_typed_bad_request_errors) {
    for (const char* bad : {"not json", R"({"messages":[{"role":"wizard","content":"x"}]})",
                            R"({"messages":[{"role":"user","content":[{"type":"audio"}]}]})", R"({"messages":"nope"})",
                            R"({"response_format":{"type":"yaml"}})"}) {
        try {
            parse_chat_request(bad);
            BOOST_FAIL("accepted: " << bad);
        } catch (const Error& e) {
            BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
        }
    }
}

BOOST_AUTO_TEST_CASE(embed_requests_accept_a_string_or_an_array) {
    BOOST_TEST(parse_embed_request(R"({"model":"e","input":"one"})").input.size() == 1u);
    BOOST_TEST(parse_embed_request(R"({"model":"e","input":["a","b"]})").input.size() == 2u);
}

BOOST_AUTO_TEST_CASE(canonical_text_escapes_what_json_needs_and_reads_back_unchanged) {
    ChatRequest r;
    r.model = "m";
    Message m;
    m.role = Role::user;
    m.content.push_back(ContentPart::make_text("quote \" backslash \\ newline \n tab \t bell \x07 caf\xc3\xa9"));
    r.messages.push_back(m);
    const std::string text = canonical_json(r);
    BOOST_TEST(text.find(R"(quote \" backslash \\ newline \n tab \t bell \u0007 caf)") != std::string::npos);
    const auto parsed = boost::json::parse(text); // valid JSON, whatever the content
    BOOST_TEST(parse_chat_request(text).messages[0].content[0].text == r.messages[0].content[0].text);
    BOOST_TEST(parsed.at("stream").as_bool() == r.stream);
}
