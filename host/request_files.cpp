#include "host/request_files.hpp"

#include "host/cli_options.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <unistd.h>

namespace llmhost::cli {
namespace {

std::string read_whole_file(const std::string& path, const std::string& option) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(option + ": cannot read '" + path + "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

boost::json::value read_json_file(const std::string& path, const std::string& option) {
    boost::system::error_code ec;
    auto v = boost::json::parse(read_whole_file(path, option), ec);
    if (ec) throw UsageError(option + ": '" + path + "' is not valid JSON (" + ec.message() + ")");
    return v;
}

std::string base64(const std::string& bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t n = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out.push_back(alphabet[(n >> s) & 63]);
    }
    if (i < bytes.size()) {
        uint32_t n = uint8_t(bytes[i]) << 16;
        if (i + 1 < bytes.size()) n |= uint8_t(bytes[i + 1]) << 8;
        out.push_back(alphabet[(n >> 18) & 63]);
        out.push_back(alphabet[(n >> 12) & 63]);
        out.push_back(i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

} // namespace

std::string read_prompt(const std::vector<std::string>& words, const std::string& command) {
    std::string prompt;
    for (const auto& w : words)
        prompt += (prompt.empty() ? "" : " ") + w;
    if (!prompt.empty()) return prompt;
    if (isatty(STDIN_FILENO)) throw UsageError(command + " needs a PROMPT argument or text on stdin");
    prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    while (!prompt.empty() && (prompt.back() == '\n' || prompt.back() == '\r'))
        prompt.pop_back();
    if (prompt.empty()) throw UsageError(command + " got an empty prompt on stdin");
    return prompt;
}

double parse_number(const std::string& text, const std::string& option) {
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw UsageError(option + " needs a number, got '" + text + "'");
}

ContentPart load_image(const std::string& path) {
    auto ext = std::filesystem::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string type;
    if (ext == ".png")
        type = "image/png";
    else if (ext == ".jpg" || ext == ".jpeg")
        type = "image/jpeg";
    else if (ext == ".gif")
        type = "image/gif";
    else if (ext == ".webp")
        type = "image/webp";
    else
        throw UsageError("--image: '" + path + "' is not a .png, .jpg, .gif or .webp file");
    ContentPart part;
    part.kind = ContentPart::Kind::image;
    part.media_type = type;
    part.data = base64(read_whole_file(path, "--image"));
    return part;
}

ResponseFormat load_schema(const std::string& path) {
    const auto v = read_json_file(path, "--schema");
    if (!v.is_object()) throw UsageError("--schema: '" + path + "' must hold a JSON Schema object");
    ResponseFormat f;
    f.kind = ResponseFormat::Kind::json_schema;
    f.name = std::filesystem::path(path).stem().string();
    f.schema = v.get_object();
    return f;
}

std::vector<ToolDefinition> load_tools(const std::string& path) {
    const auto v = read_json_file(path, "--tools");
    if (!v.is_array()) throw UsageError("--tools: '" + path + "' must hold a JSON array of tool definitions");
    std::vector<ToolDefinition> tools;
    for (const auto& item : v.get_array()) {
        if (!item.is_object()) throw UsageError("--tools: every tool must be a JSON object");
        const auto* o = &item.get_object();
        if (auto it = o->find("function"); it != o->end() && it->value().is_object()) o = &it->value().get_object();
        ToolDefinition t;
        auto str = [&](const char* k) {
            auto it = o->find(k);
            return it != o->end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
        };
        t.name = str("name");
        t.description = str("description");
        if (t.name.empty()) throw UsageError("--tools: a tool has no \"name\"");
        for (const char* key : {"parameters", "input_schema"})
            if (auto it = o->find(key); it != o->end() && it->value().is_object())
                t.parameters = it->value().get_object();
        if (t.parameters.empty()) t.parameters = {{"type", "object"}, {"properties", boost::json::object()}};
        tools.push_back(std::move(t));
    }
    return tools;
}

} // namespace llmhost::cli
