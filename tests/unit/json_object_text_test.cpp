// JsonObjectText: a client's body with a few top-level members set, everything else kept as
// written — values with brackets and quotes inside strings, escapes, nesting — and anything
// that is not one JSON object refused.
#include <llmhost/support/json_object_text.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using llmhost::Error;
using llmhost::JsonObjectText;

BOOST_AUTO_TEST_CASE(members_set_come_first_and_the_others_stay_as_written) {
    const std::string body = R"( { "model" : "a", "messages": [ {"content": "} ] { \" \\"} ],)"
                             R"( "n": 1.50e0 ,"flag":true, "none" :null, "deep": {"a": [[{"b": "]"}]]} } )";
    JsonObjectText text(body);
    text.set("model", R"("b")");
    text.set("stream", "true");
    BOOST_TEST(text.text() == R"({"model":"b","stream":true,"messages": [ {"content": "} ] { \" \\"} ],)"
                              R"("n": 1.50e0,"flag":true,"none" :null,"deep": {"a": [[{"b": "]"}]]}})");
    BOOST_TEST(boost::json::parse(text.text()).at("deep").at("a").at(0).at(0).at("b") == "]");
}

BOOST_AUTO_TEST_CASE(raw_gives_a_value_as_written_and_the_last_of_a_name) {
    const JsonObjectText text(R"({"max_tokens": 64 ,"x":{"y":[1]},"max_tokens":128})");
    BOOST_TEST(text.raw("x").value() == R"({"y":[1]})");
    BOOST_TEST(text.raw("max_tokens").value() == "128");
    BOOST_TEST(!text.raw("missing"));
}

BOOST_AUTO_TEST_CASE(setting_a_name_replaces_every_member_of_that_name_however_escaped) {
    JsonObjectText text(R"({"model":"a","mo\u0064el":"b","\u006dodel":"c","other":1})");
    text.set("model", R"("mine")");
    BOOST_TEST(text.text() == R"({"model":"mine","other":1})");
}

BOOST_AUTO_TEST_CASE(erase_removes_members_and_earlier_changes) {
    JsonObjectText text(R"({"a":1,"b":2})");
    text.set("c", "3");
    text.erase("c");
    text.erase("a");
    BOOST_TEST(text.text() == R"({"b":2})");
    JsonObjectText empty("{ }");
    BOOST_TEST(empty.text() == "{}");
    empty.set("k", "[]");
    BOOST_TEST(empty.text() == R"({"k":[]})");
}

BOOST_AUTO_TEST_CASE(what_is_not_one_object_is_refused) {
    for (const std::string bad : {"", "[]", "\"s\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":\"open}",
                                  "{\"a\":[1,2}", "{\"a\":1} x", "{a:1}", "{\"a\":1 \"b\":2}", "{\"a\\"})
        BOOST_CHECK_THROW(JsonObjectText{bad}, Error);
}

// Values long enough to be looked at 16 bytes at a time, with quotes, brackets and escapes at
// every offset: each member is found whole, wherever its text crosses a block.
BOOST_AUTO_TEST_CASE(members_are_found_whole_at_every_offset_of_long_values) {
    const std::string tricky = R"(a\"[{b\\}]\\\"c])";
    for (size_t pad = 0; pad < 40; ++pad) {
        const std::string filler(pad, 'x');
        const std::string nested = R"({"s":")" + filler + tricky + R"(","list":[[1,{"k":"]}"}],")" + filler +
                                   R"("],"deep":{"a":{"b":["{",")" + tricky + R"("]}}})";
        const std::string text = R"({"first":")" + filler + tricky + R"(" , "second":)" + nested + R"(,"third":[)" +
                                 nested + "," + nested + R"(],"last":true})";
        const JsonObjectText object{text};
        const auto& members = object.members();
        BOOST_TEST_REQUIRE(members.size() == 4u, pad);
        const auto parsed = boost::json::parse(text).as_object();
        for (const auto& m : members)
            BOOST_TEST(boost::json::parse(m.value) == parsed.at(m.key), m.key << " at pad " << pad);
        // The same text cut short anywhere inside a value is refused, not read past its end.
        BOOST_CHECK_THROW(JsonObjectText{text.substr(0, text.size() - 2 - pad % 7)}, Error);
    }
}

BOOST_AUTO_TEST_CASE(a_closing_bracket_of_the_wrong_kind_is_refused_deep_in_a_long_value) {
    const std::string filler(100, 'y');
    BOOST_CHECK_THROW(JsonObjectText{R"({"a":[{"b":")" + filler + R"("}}]})"}, Error);
    BOOST_CHECK_THROW(JsonObjectText{R"({"a":[")" + filler + R"(\"]})"}, Error);
}
