// GET /v1/models: every provider the gateway can reach — configured or known from a plugin,
// with a key available or keyless — asked for its models, listed as `provider/model` (the
// form a request's `model` field selects them by). A provider that fails is skipped with a
// log line. The listing is cached for a short time: it fans out to every provider.
#pragma once

#include "core/config/config.hpp"
#include "core/registry/provider_registry.hpp"
#include "core/reliability/provider_pool.hpp"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llmhost::gateway {

struct ListedModel {
    std::string id;       // "provider/model"
    std::string provider; // the provider id
    std::string display_name;
};

using LogLine = std::function<void(const std::string& line)>;

// Asks every reachable provider at once (each on its own thread, `timeout` per listing).
std::vector<ListedModel> gather_models(const registry::ProviderRegistry& registry, reliability::ProviderPool& pool,
                                       std::chrono::milliseconds timeout, const LogLine& log);

class ModelCatalog {
  public:
    using Models = std::shared_ptr<const std::vector<ListedModel>>;
    using Gather = std::function<std::vector<ListedModel>()>;

    ModelCatalog(Gather gather, std::chrono::milliseconds ttl) : gather_(std::move(gather)), ttl_(ttl) {}

    // The cached listing, gathered again once older than the TTL. One refresh at a time:
    // callers that ask meanwhile wait for it and share its result (or its failure). On a
    // fiber the waits suspend the fiber, never its thread (the gathering runs on a pool
    // thread), so a provider that never answers holds up no event loop.
    Models models();

    // The cached listing while it is fresh, else nullptr (never blocks).
    Models fresh() const;

    // Drops the cached listing (the providers changed: a reload); a gathering still running
    // answers its callers but is not kept.
    void forget();

  private:
    struct Refresh; // a gathering in progress and who waits for it

    Models publish(Refresh& refresh, Models gathered, std::exception_ptr failure);
    static void wait_for(Refresh& refresh, std::unique_lock<std::mutex>& lock, std::condition_variable& done);

    Gather gather_;
    std::chrono::milliseconds ttl_;
    mutable std::mutex mutex_;          // guards the members below; never held across a wait or a gathering
    std::condition_variable refreshed_; // for callers that are not on a fiber
    Models models_;
    std::chrono::steady_clock::time_point gathered_at_;
    std::shared_ptr<Refresh> refreshing_; // null: no refresh in progress
    unsigned forgotten_ = 0;              // forget() calls: a gathering started before one is not kept
};

} // namespace llmhost::gateway
