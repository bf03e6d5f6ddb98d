#include "core/plugins/host_services.hpp"

#include "core/plugins/host_http.hpp"

#include <llmhost/error.hpp>

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_set>

namespace llmhost::plugins {

namespace {

// What the table's `host` pointer leads to.
struct ServicesState {
    explicit ServicesState(transport::HttpClient& client) : http(client) {}

    llmh_host_services table{};
    transport::HttpClient& http;

    std::mutex mutex;                       // guards the members below
    std::shared_ptr<const LogFunction> log; // null: stderr
    llmh_log_level min_level = LLMH_LOG_WARN;
    std::map<std::string, std::string, std::less<>> env_overrides;
};

ServicesState& impl(void* host) { return *static_cast<ServicesState*>(host); }

llmh_log_level clamp_level(int32_t level) {
    return level <= LLMH_LOG_DEBUG   ? LLMH_LOG_DEBUG
           : level >= LLMH_LOG_ERROR ? LLMH_LOG_ERROR
                                     : static_cast<llmh_log_level>(level);
}

void write_stderr(std::string_view message) {
    std::string line = "llmhost: ";
    line.append(message);
    line.push_back('\n');
    for (size_t done = 0; done < line.size();) {
        const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

// get_env promises memory valid until exit; values are interned in a pool that is never
// freed (it only grows by distinct values).
const std::string& intern(std::string value) {
    static std::mutex mutex;
    static auto* pool = new std::unordered_set<std::string>();
    std::lock_guard lock(mutex);
    return *pool->insert(std::move(value)).first;
}

void host_log(void* host, int32_t level_in, llmh_str message) {
    try {
        auto& s = impl(host);
        const llmh_log_level level = clamp_level(level_in);
        std::shared_ptr<const LogFunction> log;
        {
            std::lock_guard lock(s.mutex);
            if (level < s.min_level) return;
            log = s.log;
        }
        if (log)
            (*log)(level, view(message));
        else
            write_stderr(view(message));
    } catch (...) {
        // A failing logger must not take a plugin call down.
    }
}

void* host_alloc(void*, size_t size) { return std::malloc(size ? size : 1); }
void host_free(void*, void* ptr) { std::free(ptr); }

int64_t host_monotonic_ns(void*) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int64_t host_wall_clock_ms(void*) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool host_get_env(void* host, llmh_str name_in, llmh_str* value) {
    try {
        if (!value) return false;
        const std::string name(view(name_in));
        if (name.empty() || name.find('\0') != std::string::npos) return false;
        auto& s = impl(host);
        std::string found;
        {
            std::lock_guard lock(s.mutex);
            if (auto it = s.env_overrides.find(name); it != s.env_overrides.end())
                found = it->second;
            else if (const char* env = std::getenv(name.c_str()))
                found = env;
            else
                return false;
        }
        const std::string& kept = intern(std::move(found));
        *value = to_str(kept);
        return true;
    } catch (...) {
        return false;
    }
}

bool host_is_cancelled(const llmh_call_context* call) {
    const auto* state = call ? static_cast<const CallState*>(call->host_call) : nullptr;
    return state && state->cancel && state->cancel->load(std::memory_order_relaxed);
}

} // namespace

struct HostServices::Impl : ServicesState {
    using ServicesState::ServicesState;
    HttpScript script;
};

HostServices::HostServices(transport::HttpClient& http) : impl_(std::make_unique<Impl>(http)) {
    auto& t = impl_->table;
    t.struct_size = sizeof t;
    t.abi_minor = LLMH_ABI_MINOR;
    t.host = static_cast<ServicesState*>(impl_.get());
    t.log = &host_log;
    t.http_request = &host_http_request;
    t.alloc = &host_alloc;
    t.free = &host_free;
    t.monotonic_ns = &host_monotonic_ns;
    t.wall_clock_ms = &host_wall_clock_ms;
    t.get_env = &host_get_env;
    t.is_cancelled = &host_is_cancelled;
}

HostServices::~HostServices() = default;

const llmh_host_services* HostServices::table() const { return &impl_->table; }

transport::HttpClient& HostServices::http_client() const { return impl_->http; }

void HostServices::set_logger(LogFunction log, llmh_log_level min_level) {
    std::lock_guard lock(impl_->mutex);
    impl_->log = log ? std::make_shared<const LogFunction>(std::move(log)) : nullptr;
    impl_->min_level = min_level;
}

void HostServices::set_http_script(HttpScript script) { impl_->script = std::move(script); }

const HttpScript* HostServices::http_script() const { return impl_->script ? &impl_->script : nullptr; }

void HostServices::set_env_override(std::string name, std::string value) {
    std::lock_guard lock(impl_->mutex);
    impl_->env_overrides.insert_or_assign(std::move(name), std::move(value));
}

std::map<std::string, std::string, std::less<>> HostServices::env_overrides() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->env_overrides;
}

} // namespace llmhost::plugins
