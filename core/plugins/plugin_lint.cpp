#include "core/plugins/plugin_lint.hpp"

#include "core/plugins/elf_file.hpp"

#include <string_view>

namespace llmhost::plugins {

namespace {
#define LLMH_STRINGIFY_NAME(x) #x
#define LLMH_NAME_OF(x) LLMH_STRINGIFY_NAME(x)
constexpr std::string_view entry_point = LLMH_NAME_OF(LLMH_ENTRY_POINT);
} // namespace

std::vector<std::string> lint_plugin(const PluginFile& file, const llmh_plugin& table) {
    std::vector<std::string> problems;
    try {
        std::vector<std::string> extra;
        for (auto& symbol : ElfFile::open(file.path).exported_symbols())
            if (symbol != entry_point) extra.push_back(std::move(symbol));
        if (!extra.empty()) {
            std::string line =
                "exports " + std::to_string(extra.size()) + " symbol(s) besides " + std::string(entry_point) + " (";
            for (size_t i = 0; i < extra.size() && i < 3; ++i)
                line += (i ? ", " : "") + extra[i];
            line += extra.size() > 3 ? ", ...)" : ")";
            line += ", which may bind to another plugin's code in the same process; link it with the SDK's version "
                    "script (llmhost_add_provider does, or the linker flags from `pkg-config --libs llmhost-sdk`)";
            problems.push_back(std::move(line));
        }
    } catch (const ElfError& e) {
        problems.push_back(std::string("cannot read its symbols: ") + e.what());
    }
    const std::string_view table_name(table.name.data ? table.name.data : "", table.name.data ? table.name.size : 0);
    if (file.metadata && table_name != file.metadata->name)
        problems.push_back("its table is named '" + std::string(table_name) + "' but its metadata '" +
                           file.metadata->name +
                           "': listings (from the metadata) and errors (from the table) will disagree; give both "
                           "the same name (LLMH_PLUGIN_METADATA's \"name\" and the table's)");
    return problems;
}

} // namespace llmhost::plugins
