#include "core/gateway/model_listing.hpp"

#include "core/fiber/fiber.hpp"
#include "core/fiber/fiber_wait.hpp"
#include "core/gateway/secret_scrub.hpp"
#include "core/registry/credentials.hpp"
#include "core/reliability/attempt_plan.hpp"
#include "core/reliability/provider_call.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <future>

namespace llmhost::gateway {
namespace {

struct Target {
    registry::ProviderDefinition provider;
    std::string key;
};

// Providers worth asking: their plugin is installed and they have a key or need none.
std::vector<Target> reachable_providers(const registry::ProviderRegistry& registry, const LogLine& log) {
    std::vector<Target> out;
    for (auto& provider : registry.all()) {
        if (!provider.file) continue;
        try {
            auto key = registry::resolve_key(provider);
            if (key.value.empty() && key.required) continue; // no key: not offered
            out.push_back({std::move(provider), std::move(key.value)});
        } catch (const std::exception& e) { // e.g. an unset ${VAR}
            log("/v1/models: skipping provider '" + provider.id + "': " + e.what());
        }
    }
    return out;
}

std::vector<ListedModel> list_one(const Target& target, reliability::ProviderPool& pool,
                                  std::chrono::milliseconds timeout) {
    const auto& p = target.provider;
    std::vector<ListedModel> out;
    auto add = [&](std::string_view id, std::string_view display_name) {
        if (!id.empty()) out.push_back({p.id + "/" + std::string(id), p.id, std::string(display_name)});
    };
    if (p.capabilities != 0 && !(p.capabilities & LLMH_CAP_MODEL_LISTING)) { // no listing API: what metadata knows
        add(p.default_model, {});
        return out;
    }
    reliability::Option option;
    option.provider = p;
    auto call = reliability::call_options_for(option, target.key, nullptr);
    call.total_timeout = timeout;
    const std::string json = pool.get(p).list_models(call);
    auto doc = openai_json::parse(json);
    const auto* models = doc && doc->is_object() ? openai_json::array_member(doc->get_object(), "models") : nullptr;
    if (!models) throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the model list has no 'models' array");
    for (const auto& m : *models)
        if (const auto* o = m.if_object())
            add(openai_json::string_member(*o, "id"), openai_json::string_member(*o, "display_name"));
    return out;
}

} // namespace

std::vector<ListedModel> gather_models(const registry::ProviderRegistry& registry, reliability::ProviderPool& pool,
                                       std::chrono::milliseconds timeout, const LogLine& log) {
    const auto targets = reachable_providers(registry, log);
    std::vector<std::future<std::vector<ListedModel>>> pending;
    for (const auto& t : targets)
        pending.push_back(std::async(std::launch::async, [&t, &pool, timeout] { return list_one(t, pool, timeout); }));
    std::vector<ListedModel> all;
    for (size_t i = 0; i < pending.size(); ++i) {
        try {
            auto models = pending[i].get();
            all.insert(all.end(), std::make_move_iterator(models.begin()), std::make_move_iterator(models.end()));
        } catch (const Error& e) {
            log("/v1/models: skipping provider '" + targets[i].provider.id + "' (" +
                std::string(error_class_name(e.error_class())) + "): " + scrub_secrets(e.what(), {targets[i].key}));
        } catch (const std::exception& e) {
            log("/v1/models: skipping provider '" + targets[i].provider.id +
                "': " + scrub_secrets(e.what(), {targets[i].key}));
        }
    }
    return all;
}

struct ModelCatalog::Refresh {
    bool done = false;      // the members below are guarded by ModelCatalog::mutex_
    unsigned forgotten = 0; // ModelCatalog::forgotten_ when it started
    Models models;
    std::exception_ptr failure;
    std::vector<fiber::Waker> waiters;
};

ModelCatalog::Models ModelCatalog::fresh() const {
    std::lock_guard lock(mutex_);
    if (models_ && std::chrono::steady_clock::now() - gathered_at_ < ttl_) return models_;
    return nullptr;
}

void ModelCatalog::forget() {
    std::lock_guard lock(mutex_);
    models_.reset();
    refreshing_.reset(); // the next caller gathers from the new providers rather than wait
    ++forgotten_;
}

ModelCatalog::Models ModelCatalog::models() {
    std::unique_lock lock(mutex_);
    if (models_ && std::chrono::steady_clock::now() - gathered_at_ < ttl_) return models_;
    if (const std::shared_ptr<Refresh> refresh = refreshing_) { // someone is gathering: wait for it
        wait_for(*refresh, lock, refreshed_);
        if (refresh->failure) std::rethrow_exception(refresh->failure);
        return refresh->models;
    }
    const auto refresh = refreshing_ = std::make_shared<Refresh>();
    refresh->forgotten = forgotten_;
    lock.unlock();
    Models gathered;
    std::exception_ptr failure;
    try {
        fiber::run_blocking([&] { gathered = std::make_shared<const std::vector<ListedModel>>(gather_()); });
    } catch (...) {
        failure = std::current_exception();
    }
    return publish(*refresh, std::move(gathered), failure);
}

ModelCatalog::Models ModelCatalog::publish(Refresh& refresh, Models gathered, std::exception_ptr failure) {
    std::vector<fiber::Waker> waiters;
    {
        std::lock_guard lock(mutex_);
        refresh.done = true;
        refresh.models = gathered;
        refresh.failure = failure;
        waiters.swap(refresh.waiters);
        if (refreshing_.get() == &refresh) refreshing_.reset();
        if (gathered && refresh.forgotten == forgotten_) {
            models_ = gathered;
            gathered_at_ = std::chrono::steady_clock::now();
        }
    }
    refreshed_.notify_all();
    for (const auto& waiter : waiters)
        waiter.wake_later();
    if (failure) std::rethrow_exception(failure);
    return gathered;
}

void ModelCatalog::wait_for(Refresh& refresh, std::unique_lock<std::mutex>& lock, std::condition_variable& done) {
    if (!fiber::in_fiber()) return done.wait(lock, [&] { return refresh.done; });
    // The loop must keep running while only the refreshing caller will wake this fiber.
    const auto busy = boost::asio::make_work_guard(fiber::current_io());
    while (!refresh.done) {
        refresh.waiters.push_back(fiber::current_waker());
        lock.unlock();
        fiber::suspend(); // a wake-up before this suspend is kept, not lost
        lock.lock();
    }
}

} // namespace llmhost::gateway
