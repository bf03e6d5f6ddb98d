// load_plugin: dlopen (through Boost.DLL) of the one selected plugin, ABI negotiation, init.
#include "core/plugins/plugin_loader.hpp"

#include "core/fiber/activity.hpp"
#include "core/plugins/abi_copy.hpp"
#include "core/plugins/plugin_errors.hpp"
#include "core/plugins/plugin_trace.hpp"

#include <llmhost/error.hpp>

// Boost.DLL with std::filesystem, so the host does not need boost_filesystem.
#define BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>

#include <dlfcn.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>

namespace llmhost::plugins {

namespace {

// The plugin table as ABI 1.0 defined it; a 1.x plugin sends at least this much.
constexpr size_t kPluginTableSizeV1_0 = offsetof(llmh_plugin, capabilities) + sizeof(void*);

struct LoadedEntry {
    boost::dll::shared_library library;
    llmh_plugin table{}; // host-side, full-size copy of the plugin's table
};

// Process-wide and never destroyed: plugins are never unloaded, not even at exit (their
// threads or atexit handlers may still run code from them).
struct LoaderRegistry {
    std::mutex mutex; // held for a whole load: init is never concurrent with another call
    std::map<std::string, std::unique_ptr<LoadedPlugin>> by_path;
    std::vector<std::unique_ptr<LoadedEntry>> opened;
    std::vector<boost::dll::shared_library> unusable; // opened but refused; kept mapped too
};

LoaderRegistry& registry() {
    static auto* r = new LoaderRegistry();
    return *r;
}

std::string abi_version(uint32_t major, uint32_t minor) { return std::to_string(major) + "." + std::to_string(minor); }

std::string registry_key(const std::string& path) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : canonical.string();
}

[[noreturn]] void refuse(const std::string& message) {
    if (plugin_tracing_enabled()) trace_plugins("load failed: " + message);
    throw PluginLoadError(message);
}

// Checks what the entry point returned and copies it into `out`, zero-filling what an older
// minor did not send.
void adopt_table(const std::string& path, const llmh_plugin* table, llmh_plugin& out) {
    if (!table)
        refuse(path +
               ": " LLMH_ENTRY_POINT_NAME
               " returned no plugin table (the plugin cannot serve a host speaking plugin ABI " +
               abi_version(LLMH_ABI_MAJOR, LLMH_ABI_MINOR) + ")");
    if (table->struct_size < kPluginTableSizeV1_0)
        refuse(path + ": its plugin table is too small (" + std::to_string(table->struct_size) + " bytes; plugin ABI " +
               abi_version(LLMH_ABI_MAJOR, 0) + " needs at least " + std::to_string(kPluginTableSizeV1_0) + ")");
    const std::string host = abi_version(LLMH_ABI_MAJOR, LLMH_ABI_MINOR);
    const std::string plugin = abi_version(table->abi_major, table->abi_minor);
    if (table->abi_major != LLMH_ABI_MAJOR)
        refuse(path + ": its plugin table is for plugin ABI " + plugin + "; this host speaks " + host +
               " — rebuild the plugin against this SDK");
    if (table->abi_minor > LLMH_ABI_MINOR)
        refuse(path + ": its plugin table is for plugin ABI " + plugin + ", newer than this host's " + host +
               " — upgrade llmhost to use this plugin");
    out = copy_abi_struct(table);
}

void run_init(const std::string& path, const llmh_plugin& table, const llmh_host_services* services) {
    if (!table.init) return;
    llmh_error error = make_empty_error();
    const std::string subject = "plugin '" + plugin_display_name(table) + "'";
    const fiber::ActivityScope activity(subject.c_str(), "init");
    const int32_t rc = table.init(services, &error);
    if (rc == LLMH_OK) return;
    error.message[LLMH_ERROR_MESSAGE_CAPACITY - 1] = '\0';
    const std::string message = error.message[0] ? error.message : "no message";
    refuse(path + ": plugin initialisation failed (" + std::string(error_class_name(rc)) + "): " + message);
}

} // namespace

const llmh_plugin& open_plugin_library(const std::string& path, const llmh_host_services* services) {
    auto entry = std::make_unique<LoadedEntry>();
    boost::dll::fs::error_code ec;
    entry->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
    if (ec || !entry->library.is_loaded()) {
        const char* reason = ::dlerror(); // Boost.DLL leaves dlopen's own message pending
        refuse("cannot load " + path + ": " + (reason ? std::string(reason) : ec.message()));
    }
    if (plugin_tracing_enabled()) trace_plugins(path + ": loaded");

    auto& reg = registry();
    try {
        if (!entry->library.has(LLMH_ENTRY_POINT_NAME))
            refuse(path + " has llmhost metadata but no " LLMH_ENTRY_POINT_NAME " entry point");
        const auto entry_point = entry->library.get<const llmh_plugin*(uint32_t)>(LLMH_ENTRY_POINT_NAME);
        adopt_table(path, entry_point(LLMH_ABI_MINOR), entry->table);
        run_init(path, entry->table, services);
    } catch (const PluginLoadError&) {
        reg.unusable.push_back(std::move(entry->library));
        throw;
    }
    const llmh_plugin& table = entry->table;
    reg.opened.push_back(std::move(entry));
    return table;
}

const LoadedPlugin& load_plugin(const PluginFile& file, const HostServices& services) {
    if (file.status != PluginStatus::ok) refuse("cannot load " + file.path + ": " + file.error);

    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    const std::string key = registry_key(file.path);
    if (auto it = reg.by_path.find(key); it != reg.by_path.end()) return *it->second;

    const llmh_plugin& table = open_plugin_library(file.path, services.table());
    return *reg.by_path.emplace(key, std::make_unique<LoadedPlugin>(file, &table, services)).first->second;
}

const PluginFile* loaded_plugin_file(const std::string& path) {
    auto& reg = registry();
    std::lock_guard lock(reg.mutex);
    const auto it = reg.by_path.find(registry_key(path));
    return it == reg.by_path.end() ? nullptr : &it->second->file();
}

std::unique_ptr<ProviderInstance> LoadedPlugin::create(std::string_view provider_id,
                                                       std::string_view config_json) const {
    const std::string name = plugin_display_name(*table_);
    if (!table_->create) throw Error(LLMH_ERR_UNSUPPORTED, name + " does not support creating providers");
    llmh_provider* provider = nullptr;
    llmh_error error = make_empty_error();
    const std::string subject = "plugin '" + name + "'";
    const fiber::ActivityScope activity(subject.c_str(), "create");
    const int32_t rc = table_->create(create_services_, to_str(provider_id), to_str(config_json), &provider, &error);
    throw_if_failed(rc, error, name, "create");
    if (!provider)
        throw Error(LLMH_ERR_PLUGIN_INTERNAL,
                    name + " reported success but created no provider for '" + std::string(provider_id) + "'");
    return std::make_unique<ProviderInstance>(*table_, provider, &services_);
}

} // namespace llmhost::plugins
