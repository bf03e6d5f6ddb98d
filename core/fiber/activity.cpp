#include "core/fiber/activity.hpp"

#include <utility>

namespace llmhost::fiber {
namespace {
thread_local Activity t_activity;
} // namespace

Activity current_activity() noexcept { return t_activity; }

ActivityScope::ActivityScope(const char* subject, const char* action) noexcept : outer_(t_activity) {
    t_activity = {subject, action};
}

ActivityScope::~ActivityScope() { t_activity = outer_; }

namespace detail {
void swap_activity(Activity& other) noexcept { std::swap(t_activity, other); }
} // namespace detail

} // namespace llmhost::fiber
