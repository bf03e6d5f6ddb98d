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

// Canonical request 2: every new field is written only when set, and reads back as written.
BOOST_AUTO_TEST_CASE(request_2_fields_round_trip) {
    ChatRequest r;
    r.model = "m";
    ContentPart system = ContentPart::make_text("rules");
    system.cache = CacheMark{"1h"};
    r.messages.push_back({Role::system, {system}, {}, {}, {}});
    Message assistant{Role::assistant, {}, {{"c1", "read", "{}", {"gemini", "sig", "", ""}, CacheMark{}}}, {}, {}};
    r.messages.push_back(assistant);
    Message result{Role::tool, {ContentPart::make_text("no such file")}, {}, "c1", "read"};
    result.is_error = true;
    result.cache = CacheMark{"5m"};
    r.messages.push_back(result);
    r.tools.push_back({"read", "Reads", boost::json::object{{"type", "object"}}, CacheMark{}});
    r.top_p = 0.5;
    r.top_k = 40;
    r.parallel_tool_calls = false;
    r.user = "u-1";
    r.service_tier = "flex";
    r.prompt_cache_key = "session-1";
    r.extension = {"anthropic-messages", R"({"context_management":{"edits":[]}})", {{"anthropic-beta", "a,b"}}};

    const std::string text = canonical_json(r);
    const auto doc = boost::json::parse(text).as_object();
    BOOST_TEST(doc.at("messages").at(0).at("content").at(0).at("cache").at("ttl") == "1h");
    BOOST_TEST(doc.at("messages").at(1).at("tool_calls").at(0).at("cache").as_object().empty());
    BOOST_TEST(doc.at("messages").at(2).at("is_error") == true);
    BOOST_TEST(doc.at("extension").at("fields").at("context_management").at("edits").as_array().empty());
    BOOST_TEST(doc.at("extension").at("headers").at(0).at(1) == "a,b");

    const ChatRequest back = parse_chat_request(text);
    BOOST_TEST(back.messages.at(0).content.at(0).cache->ttl == "1h");
    BOOST_TEST(back.messages.at(1).tool_calls.at(0).cache.has_value());
    BOOST_TEST(back.messages.at(1).tool_calls.at(0).state.signature == "sig");
    BOOST_TEST(back.messages.at(2).is_error);
    BOOST_TEST(back.messages.at(2).cache->ttl == "5m");
    BOOST_TEST(back.tools.at(0).cache.has_value());
    BOOST_TEST(*back.top_p == 0.5);
    BOOST_TEST(*back.top_k == 40);
    BOOST_TEST(*back.parallel_tool_calls == false);
    BOOST_TEST(back.user == "u-1");
    BOOST_TEST(back.service_tier == "flex");
    BOOST_TEST(back.prompt_cache_key == "session-1");
    BOOST_TEST(back.extension.protocol == "anthropic-messages");
    BOOST_TEST(!doc.at("tools").at(0).as_object().contains("type")); // a function tool, as in request 1
    BOOST_TEST(back.extension.fields == R"({"context_management":{"edits":[]}})");
    BOOST_TEST(back.extension.headers.at(0).first == "anthropic-beta");
    BOOST_TEST(canonical_json(back) == text);

    // A request 1 reader's view: none of it appears when unset.
    ChatRequest plain;
    plain.model = "m";
    BOOST_TEST(canonical_json(plain) == R"({"model":"m","stream":true,"messages":[]})");
}

BOOST_AUTO_TEST_CASE(request_3_custom_tools_round_trip_with_their_format) {
    ChatRequest r;
    r.model = "m";
    ToolDefinition patch{"apply_patch", "Edit files", boost::json::object{{"type", "object"}}};
    patch.kind = ToolDefinition::Kind::custom;
    patch.format = {{"type", "grammar"}, {"syntax", "lark"}, {"definition", "start: \"x\""}};
    r.tools.push_back(patch);
    ToolDefinition note{"note", "", {}};
    note.kind = ToolDefinition::Kind::custom; // no format: any text
    r.tools.push_back(note);

    const std::string text = canonical_json(r);
    const auto doc = boost::json::parse(text).as_object();
    BOOST_TEST(doc.at("tools").at(0).at("type") == "custom");
    BOOST_TEST(doc.at("tools").at(0).at("format").at("syntax") == "lark");
    BOOST_TEST(!doc.at("tools").at(1).as_object().contains("format"));

    const ChatRequest back = parse_chat_request(text);
    BOOST_TEST((back.tools.at(0).kind == ToolDefinition::Kind::custom));
    BOOST_TEST(back.tools.at(0).format == patch.format);
    BOOST_TEST(back.tools.at(0).parameters == patch.parameters); // what function-only providers offer
    BOOST_TEST((back.tools.at(1).kind == ToolDefinition::Kind::custom));
    BOOST_TEST(back.tools.at(1).format.empty());
}
