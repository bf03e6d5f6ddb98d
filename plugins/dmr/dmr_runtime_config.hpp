// Docker Model Runner's runtime configuration (docs/protocols/dmr.md "_configure"): context size,
// runtime flags and speculative decoding are not request fields but are set per model with
// POST {base without /v1}/_configure, which answers 202 Accepted.
//
// Sent once per process per (provider instance, model), before that model's first chat or
// embeddings request; concurrent first requests wait for the one call in flight.
//
// A refusal (400, 404, 409 "already running with another configuration", 500; the body is
// plain text) fails the request with LLMH_ERR_INVALID_CONFIG (exit 2) quoting the status and
// body. That is a deliberate difference from cagent, which only logs it: the user asked for
// these settings explicitly, and a model silently running without them (a smaller context, no
// draft model) is harder to diagnose than an error. A refusal is not remembered, so the next
// request tries again (after, say, `docker model unload`); a success is.
#pragma once

#include "dmr_options.hpp"

#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace llmhost::dmr_plugin {

// {"model","context-size","runtime-flags","speculative":{"draft_model","num_tokens",
// "min_acceptance_rate"}} with only what is set.
boost::json::object configure_body(const std::string& model, const RuntimeConfiguration& config);

class RuntimeConfigurator {
  public:
    RuntimeConfigurator(std::string provider_id, std::string url, RuntimeConfiguration config, int64_t timeout_ms,
                        Headers headers);

    // Applies the configuration to `model` unless that already succeeded; throws when the
    // runner refuses it or cannot be reached.
    void ensure_configured(const std::string& model, const Call& call);

  private:
    struct ModelState {
        std::mutex mutex;
        bool configured = false;
    };

    ModelState& state_for(const std::string& model);
    void post(const std::string& model, const Call& call) const;

    std::string provider_id_;
    std::string url_;
    RuntimeConfiguration config_;
    int64_t timeout_ms_;
    Headers headers_;
    std::mutex states_mutex_;
    std::map<std::string, std::unique_ptr<ModelState>> states_;
};

} // namespace llmhost::dmr_plugin
