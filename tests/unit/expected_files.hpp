// The checked-in documents unit tests compare against, in tests/expected/<folder>/.
#pragma once

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace llmhost::testing {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string expected_text(std::string_view folder, const std::string& name) {
    return read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/" + std::string(folder) + "/" + name);
}

inline boost::json::value expected_json(std::string_view folder, const std::string& name) {
    return boost::json::parse(expected_text(folder, name));
}

} // namespace llmhost::testing
