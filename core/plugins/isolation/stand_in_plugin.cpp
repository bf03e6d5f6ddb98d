// The stand-in's operations, and load_isolated_plugin.
#include "core/plugins/isolation/stand_in_plugin.hpp"

#include "core/plugins/isolation/remote_call.hpp"
#include "core/plugins/plugin_errors.hpp"

#include "core/plugins/plugin_loader.hpp"
#include <llmhost/error.hpp>

#include <filesystem>
#include <map>
#include <mutex>

namespace llmhost::plugins::isolation {

namespace {

// A provider instance living in the child; made again there after the child restarts.
struct RemoteProvider {
    PluginProcess* process;
    std::string id, config_json;
    std::mutex mutex;        // guards the two below
    uint64_t generation = 0; // the child that holds `handle`
    uint64_t handle = 0;
};

RemoteProvider& remote(llmh_provider* provider) { return *reinterpret_cast<RemoteProvider*>(provider); }

// A failure of the relay itself (an exception on this side), as the call's error.
int32_t relay_failure(llmh_error* error, const std::exception* e) {
    if (const auto* typed = dynamic_cast<const Error*>(e)) {
        fill_error(error, *typed);
        return typed->error_class();
    }
    fill_error(error, LLMH_ERR_PLUGIN_INTERNAL,
               e ? e->what() : "unexpected failure relaying a call to the plugin's process");
    return LLMH_ERR_PLUGIN_INTERNAL;
}

// Makes the instance in `lease`'s child unless that child already has it; `handle` is its
// handle there.
int32_t ensure_created(RemoteProvider& p, Lease& lease, llmh_error* error, uint64_t& handle) {
    std::lock_guard lock(p.mutex);
    handle = p.handle;
    if (p.generation == lease.child->generation) return LLMH_OK;
    std::string frame;
    FrameWriter(frame).begin(FrameType::create).bytes(p.id).bytes(p.config_json).end();
    RemoteCall call(*p.process, lease, "create", nullptr);
    const int32_t result = call.run(frame, error, &handle);
    if (result == LLMH_OK) {
        p.generation = lease.child->generation;
        p.handle = handle;
    }
    return result;
}

// One operation of `provider` in the child.
int32_t run_remote(llmh_provider* provider, Operation op, const char* name, const llmh_call_context* call,
                   llmh_str protocol, llmh_str wire_body, llmh_str request, const llmh_event_sink* sink,
                   const llmh_json_sink* json, llmh_error* error, uint64_t* value = nullptr) {
    try {
        RemoteProvider& p = remote(provider);
        Lease lease = p.process->acquire();
        uint64_t handle = 0;
        int32_t result = ensure_created(p, lease, error, handle);
        if (result != LLMH_OK) return result;
        std::string frame;
        FrameWriter(frame)
            .begin(FrameType::call)
            .u8(static_cast<uint8_t>(op))
            .u64(handle)
            .str(call ? call->api_key : llmh_str{})
            .str(protocol)
            .str(wire_body)
            .str(request)
            .end();
        RemoteCall remote_call(*p.process, lease, name, call, sink, json);
        result = remote_call.run(frame, error, value);
        if (remote_call.reusable()) p.process->release(std::move(lease));
        return result;
    } catch (const std::exception& e) {
        return relay_failure(error, &e);
    } catch (...) {
        return relay_failure(error, nullptr);
    }
}

int32_t stand_in_create(const llmh_host_services* services, llmh_str id, llmh_str config, llmh_provider** out,
                        llmh_error* error) {
    try {
        const auto* process_services = reinterpret_cast<const ProcessServices*>(services);
        auto p = std::make_unique<RemoteProvider>();
        p->process = process_services->process;
        p->id = std::string(view(id));
        p->config_json = std::string(view(config));
        Lease lease = p->process->acquire();
        uint64_t handle = 0;
        const int32_t result = ensure_created(*p, lease, error, handle);
        p->process->release(std::move(lease));
        if (result != LLMH_OK) return result;
        *out = reinterpret_cast<llmh_provider*>(p.release());
        return LLMH_OK;
    } catch (const std::exception& e) {
        return relay_failure(error, &e);
    }
}

void stand_in_destroy(llmh_provider* provider) {
    std::unique_ptr<RemoteProvider> p(&remote(provider));
    try {
        Lease lease = p->process->acquire();
        if (p->generation != lease.child->generation) return; // that child is gone, and the instance with it
        std::string frame;
        FrameWriter(frame).begin(FrameType::destroy).u64(p->handle).end();
        RemoteCall call(*p->process, lease, "destroy", nullptr);
        llmh_error error = make_empty_error();
        call.run(frame, &error);
        if (call.reusable()) p->process->release(std::move(lease));
    } catch (...) { // nothing to tell: the instance is gone either way
    }
}

int32_t stand_in_chat(llmh_provider* provider, const llmh_call_context* call, llmh_str request,
                      const llmh_event_sink* sink, llmh_error* error) {
    return run_remote(provider, Operation::chat, "chat", call, {}, {}, request, sink, nullptr, error);
}

int32_t stand_in_chat_wire(llmh_provider* provider, const llmh_call_context* call, llmh_str protocol,
                           llmh_str wire_body, llmh_str request, const llmh_event_sink* sink, llmh_error* error) {
    return run_remote(provider, Operation::chat_wire, "chat", call, protocol, wire_body, request, sink, nullptr, error);
}

int32_t stand_in_embed(llmh_provider* provider, const llmh_call_context* call, llmh_str request,
                       const llmh_json_sink* out, llmh_error* error) {
    return run_remote(provider, Operation::embed, "embed", call, {}, {}, request, nullptr, out, error);
}

int32_t stand_in_list_models(llmh_provider* provider, const llmh_call_context* call, const llmh_json_sink* out,
                             llmh_error* error) {
    return run_remote(provider, Operation::list_models, "list_models", call, {}, {}, {}, nullptr, out, error);
}

int32_t stand_in_count_tokens(llmh_provider* provider, const llmh_call_context* call, llmh_str request,
                              const llmh_json_sink* out, llmh_error* error) {
    return run_remote(provider, Operation::count_tokens, "count_tokens", call, {}, {}, request, nullptr, out, error);
}

uint32_t stand_in_capabilities(llmh_provider* provider, llmh_str model) {
    llmh_error error = make_empty_error();
    uint64_t bits = 0;
    const int32_t result = run_remote(provider, Operation::capabilities, "capabilities", nullptr, {}, {}, model,
                                      nullptr, nullptr, &error, &bits);
    return result == LLMH_OK ? static_cast<uint32_t>(bits) : 0;
}

struct IsolatedEntry {
    std::unique_ptr<PluginProcess> process;
    std::unique_ptr<LoadedPlugin> plugin;
};

} // namespace

void fill_stand_in_operations(llmh_plugin& table, uint32_t offered) {
    const auto offers = [&](Operation op) { return (offered >> static_cast<unsigned>(op)) & 1u; };
    table.create = &stand_in_create;
    table.destroy = &stand_in_destroy;
    table.chat = offers(Operation::chat) ? &stand_in_chat : nullptr;
    table.chat_wire = offers(Operation::chat_wire) ? &stand_in_chat_wire : nullptr;
    table.embed = offers(Operation::embed) ? &stand_in_embed : nullptr;
    table.list_models = offers(Operation::list_models) ? &stand_in_list_models : nullptr;
    table.count_tokens = offers(Operation::count_tokens) ? &stand_in_count_tokens : nullptr;
    table.capabilities = offers(Operation::capabilities) ? &stand_in_capabilities : nullptr;
}

} // namespace llmhost::plugins::isolation

namespace llmhost::plugins {

const LoadedPlugin& load_isolated_plugin(const PluginFile& file, const HostServices& services) {
    using isolation::IsolatedEntry;
    if (file.status != PluginStatus::ok) throw PluginLoadError("cannot load " + file.path + ": " + file.error);
    static std::mutex mutex;
    static auto* by_path = new std::map<std::string, IsolatedEntry>(); // never unloaded
    std::lock_guard lock(mutex);
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(file.path, ec);
    const std::string key = ec ? file.path : canonical.string();
    if (auto it = by_path->find(key); it != by_path->end()) return *it->second.plugin;
    auto process = std::make_unique<isolation::PluginProcess>(file, services);
    auto plugin = std::make_unique<LoadedPlugin>(file, &process->table(), services, process->create_services());
    const LoadedPlugin& loaded = *plugin;
    by_path->emplace(key, IsolatedEntry{std::move(process), std::move(plugin)});
    return loaded;
}

} // namespace llmhost::plugins
