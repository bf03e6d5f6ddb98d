// `llmhost providers [--json|--markdown]`: every provider id, grouped by vendor family, with
// its plugin, base URL, default model and whether its key is set. Nothing is loaded.
#include "core/plugins/discovery.hpp"
#include "core/registry/credentials.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <boost/json.hpp>

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace llmhost::cli {
namespace {

using registry::ProviderDefinition;

boost::json::array string_array(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& s : items)
        out.push_back(boost::json::string(s));
    return out;
}

// Providers in display order: by family (or id, for a provider without one), a family's own
// id first, then its variants by id. `grouped` says which rows belong to a family of two or more.
struct Row {
    const ProviderDefinition* provider;
    std::string family_heading; // set on the first row of a family of two or more
    bool in_family = false;
};

std::vector<Row> family_rows(const std::vector<ProviderDefinition>& providers) {
    std::map<std::string, std::vector<const ProviderDefinition*>> groups;
    for (const auto& p : providers)
        groups[p.family.empty() ? p.id : p.family].push_back(&p);
    std::vector<Row> rows;
    for (auto& [name, members] : groups) {
        std::stable_partition(members.begin(), members.end(),
                              [&name](const ProviderDefinition* p) { return p->id == name; });
        const bool family = members.size() > 1;
        for (size_t i = 0; i < members.size(); ++i)
            rows.push_back({members[i], family && i == 0 ? name : std::string(), family});
    }
    return rows;
}

struct KeyStatus {
    std::string env; // the variable that is set, else the first documented one
    bool set = false;
    bool in_config = false;
};

KeyStatus key_status(const ProviderDefinition& p) {
    KeyStatus k;
    const auto vars = registry::key_variables(p);
    for (const auto& v : vars)
        if (const char* value = std::getenv(v.c_str()); value && *value) {
            k.env = v;
            k.set = true;
            break;
        }
    if (!k.set && !vars.empty()) k.env = vars.front();
    k.in_config = p.entry && !p.entry->api_key.empty();
    k.set = k.set || k.in_config;
    return k;
}

std::string key_text(const ProviderDefinition& p) {
    const KeyStatus k = key_status(p);
    // Keyless providers may still take an optional key (Azure via its plugin, local servers).
    if (k.in_config) return "key in config";
    if (k.set) return k.env + " set";
    if (p.keyless && !p.key_env.empty()) return p.key_env.front() + " not set (optional)";
    if (p.keyless) return "no key needed";
    return k.env + " missing";
}

boost::json::object provider_json(const ProviderDefinition& p) {
    const KeyStatus k = key_status(p);
    boost::json::object key{{"env", k.env.empty() ? boost::json::value(nullptr) : boost::json::value(k.env)},
                            {"set", k.set},
                            {"required", !p.keyless}};
    if (k.in_config) key["config"] = true;
    return {{"id", p.id},
            {"aliases", string_array(p.aliases)},
            {"family", p.family.empty() ? boost::json::value(nullptr) : boost::json::value(p.family)},
            {"plugin", p.plugin},
            {"source", p.source},
            {"base_url", p.base_url},
            {"default_model", p.default_model},
            {"installed", p.file != nullptr},
            {"capabilities", string_array(plugins::capability_names(p.capabilities))},
            {"key", std::move(key)},
            {"responses_models", string_array(p.responses_models)}};
}

// ---- the table for people ---------------------------------------------------------------

// Columns as wide as their widest value; in a terminal too narrow for them, the long ones
// (base URL, model, key) are cut with "..." like `gh` does. Full values: not a terminal, --json.
class Table {
  public:
    explicit Table(std::vector<std::string> headings) : headings_(std::move(headings)) {}

    void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    void add_heading(std::string text) { rows_.push_back({std::move(text)}); }

    void print(size_t terminal_width, const std::vector<size_t>& shrinkable) const {
        std::vector<size_t> widths(headings_.size());
        for (size_t c = 0; c < headings_.size(); ++c)
            widths[c] = headings_[c].size();
        for (const auto& row : rows_)
            if (row.size() == headings_.size())
                for (size_t c = 0; c < row.size(); ++c)
                    widths[c] = std::max(widths[c], row[c].size());
        if (terminal_width) fit(widths, terminal_width, shrinkable);
        const bool headed = terminal_width != 0;
        if (headed) print_row(headings_, widths);
        for (const auto& row : rows_) {
            if (row.size() == 1)
                std::printf("%s\n", row[0].c_str());
            else
                print_row(row, widths);
        }
    }

  private:
    static void fit(std::vector<size_t>& widths, size_t terminal_width, const std::vector<size_t>& shrinkable) {
        constexpr size_t narrowest = 12;
        size_t total = 2 * (widths.size() - 1);
        for (size_t w : widths)
            total += w;
        while (total > terminal_width) {
            size_t* widest = nullptr;
            for (size_t c : shrinkable)
                if (widths[c] > narrowest && (!widest || widths[c] > *widest)) widest = &widths[c];
            if (!widest) return; // as narrow as it gets; the terminal wraps the rest
            --*widest;
            --total;
        }
    }

    static void print_row(const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
        std::string line;
        for (size_t c = 0; c < cells.size(); ++c) {
            std::string cell = cells[c];
            if (cell.size() > widths[c]) cell = cell.substr(0, widths[c] - 3) + "...";
            if (c + 1 < cells.size()) cell.resize(widths[c] + 2, ' ');
            line += cell;
        }
        std::printf("%s\n", line.c_str());
    }

    std::vector<std::string> headings_;
    std::vector<std::vector<std::string>> rows_;
};

// The terminal's width when stdout is one, else 0 (no header, nothing cut).
size_t terminal_width() {
    if (!isatty(STDOUT_FILENO)) return 0;
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) return std::strtoul(columns, nullptr, 10);
    return 80;
}

void print_table(const std::vector<ProviderDefinition>& providers) {
    enum Column : size_t { id, plugin, source, base_url, model, key };
    Table table({"ID", "PLUGIN", "SOURCE", "BASE URL", "DEFAULT MODEL", "KEY"});
    for (const auto& row : family_rows(providers)) {
        const auto& p = *row.provider;
        if (!row.family_heading.empty()) table.add_heading(row.family_heading + " family:");
        table.add({(row.in_family ? "  " : "") + p.id, p.plugin, p.source, p.base_url.empty() ? "-" : p.base_url,
                   p.default_model.empty() ? "-" : p.default_model, key_text(p)});
    }
    table.print(terminal_width(), {base_url, model, key});
}

// ---- the README's provider table, from the plugins' metadata alone -------------------------

std::string code_list(const std::vector<std::string>& names, std::string_view separator) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : std::string(separator)) + "`" + n + "`";
    return out;
}

std::string markdown_key(const plugins::ProviderMetadata& p) {
    if (!p.credentials.empty()) return p.credentials;
    if (p.key_env.empty()) return p.keyless ? "none" : "`<ID>_API_KEY`";
    return (p.keyless ? "optional " : "") + code_list(p.key_env, ", then ");
}

std::string markdown_model(const plugins::ProviderMetadata& p) {
    if (!p.default_model.empty()) return "`" + p.default_model + "`";
    return p.keyless ? "(the served model)" : "pass `-m`";
}

// Rows by plugin name, each plugin's providers in its metadata's order; the environment and
// the config file play no part, so the README can be checked against it.
void print_markdown(const plugins::PluginCatalog& catalog) {
    std::vector<const plugins::PluginFile*> files;
    for (const auto& f : catalog.files())
        if (f.metadata && f.status == plugins::PluginStatus::ok && catalog.find_plugin(f.metadata->name) == &f)
            files.push_back(&f);
    std::sort(files.begin(), files.end(),
              [](const auto* a, const auto* b) { return a->metadata->name < b->metadata->name; });
    std::printf("| id | family | plugin | aliases | key variable | default model |\n|---|---|---|---|---|---|\n");
    for (const auto* f : files)
        for (const auto& p : f->metadata->providers)
            std::printf("| `%s` | %s | %s | %s | %s | %s |\n", p.id.c_str(), p.family.c_str(),
                        f->metadata->name.c_str(), code_list(p.aliases, ", ").c_str(), markdown_key(p).c_str(),
                        markdown_model(p).c_str());
    std::printf("| `custom:<URL>` | | openai | | optional `CUSTOM_API_KEY` | pass `-m` |\n");
    std::printf("| `anthropic-custom:<URL>` | | anthropic | | optional `ANTHROPIC_CUSTOM_API_KEY` | pass `-m` |\n");
}

} // namespace

int run_providers(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    const bool markdown = args.flag("--markdown");
    args.positional("providers");
    if (json && markdown) throw UsageError("`providers` takes --json or --markdown, not both");
    if (markdown) {
        print_markdown(app.catalog());
        return exit_ok;
    }
    const auto providers = app.registry().all();
    if (!json) {
        print_table(providers);
        return exit_ok;
    }
    boost::json::array list;
    boost::json::object families;
    for (const auto& p : providers) {
        list.push_back(provider_json(p));
        if (p.family.empty()) continue;
        auto& members = families[p.family];
        if (!members.is_array()) members.emplace_array();
        members.get_array().push_back(boost::json::string(p.id));
    }
    print_json(boost::json::object{{"providers", std::move(list)}, {"families", std::move(families)}});
    return exit_ok;
}

} // namespace llmhost::cli
