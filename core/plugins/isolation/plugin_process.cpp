#include "core/plugins/isolation/plugin_process.hpp"

#include "core/plugins/isolation/plugin_child.hpp"
#include "core/plugins/isolation/stand_in_plugin.hpp"
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <thread>

extern char** environ;

namespace llmhost::plugins::isolation {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kLoadTimeout{30000}; // loading and init in the child
constexpr milliseconds kFirstBackoff{100};  // after a crash, doubling up to kMaxBackoff
constexpr milliseconds kMaxBackoff{5000};
constexpr auto kStableLife = std::chrono::seconds(30); // a child that lived this long restarts at once
constexpr size_t kMaxIdleChannels = 16;

std::string self_executable() {
    char buffer[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string("/proc/self/exe");
}

std::string describe(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* abbrev = ::sigabbrev_np(sig);
        return "was killed by signal " + std::to_string(sig) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
    }
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    return "stopped";
}

// Waits for the child to end, killing it when it does not within a second (its sockets are
// closed, so it has no reason to linger); returns how it ended.
std::string reap(pid_t pid, bool kill_first) {
    if (kill_first) ::kill(pid, SIGKILL);
    int status = 0;
    const auto give_up = Clock::now() + milliseconds(1000);
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return describe(status);
        if (r < 0 && errno != EINTR) return "is gone";
        if (Clock::now() >= give_up) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return describe(status);
        }
        std::this_thread::sleep_for(milliseconds(5));
    }
}

// A socket pair: [0] stays here, [1] goes to the child.
std::pair<int, int> socket_pair() {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        throw Error(LLMH_ERR_PLUGIN_INTERNAL, std::string("cannot make a socket pair: ") + std::strerror(errno));
    return {sv[0], sv[1]};
}

} // namespace

PluginProcess::PluginProcess(const PluginFile& file, const HostServices& services)
    : file_(file), host_services_(services), services_{*services.table(), this} {
    std::lock_guard lock(mutex_);
    child_ = start();
}

PluginProcess::~PluginProcess() = default; // never destroyed: plugins are never unloaded

std::shared_ptr<Child> PluginProcess::start() {
    auto [here, there] = socket_pair();
    auto child = std::make_shared<Child>();
    child->control = std::make_unique<Channel>(here);
    Channel* const keep_here = child->control.get();
    if (there == 3) { // dup2(3, 3) would keep close-on-exec
        const int moved = ::fcntl(there, F_DUPFD_CLOEXEC, 10);
        ::close(there);
        there = moved;
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, there, 3);
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO); // stdout is the host's reply
    std::string program = self_executable();
    std::string command = kPluginChildCommand, path = file_.path, fd = "3";
    char* argv[] = {program.data(), command.data(), path.data(), fd.data(), nullptr};
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(there);
    if (rc != 0) throw PluginLoadError("cannot start a process for " + file_.path + ": " + std::strerror(rc));
    child->pid = pid;
    child->generation = ++generations_;
    child->started = Clock::now();

    std::string hello;
    FrameWriter w(hello);
    w.begin(FrameType::hello);
    const auto overrides = host_services_.env_overrides();
    w.u32(static_cast<uint32_t>(overrides.size()));
    for (const auto& [name, value] : overrides)
        w.bytes(name).bytes(value);
    w.end();
    keep_here->send(hello);

    const llmh_host_services& host = *host_services_.table();
    for (;;) {
        Frame f{};
        if (keep_here->read(f, kLoadTimeout) != Channel::ReadResult::frame) {
            const std::string how = reap(pid, true);
            throw PluginLoadError("cannot load " + file_.path + ": its process (isolation = \"process\") " + how +
                                  " while loading it");
        }
        FrameReader r(f.payload);
        if (f.type == FrameType::log) { // what init logged
            const int32_t level = r.i32();
            const llmh_str message = r.str();
            if (r.ok() && host.log) host.log(host.host, level, message);
            continue;
        }
        if (f.type == FrameType::load_error) {
            const std::string message(r.bytes());
            reap(pid, false);
            throw PluginLoadError(message);
        }
        if (f.type != FrameType::ready) continue;
        const std::string name(r.bytes()), version(r.bytes());
        const uint32_t abi_minor = r.u32();
        r.u32(); // the plugin's flags: its calls here block on a socket, so none apply
        const uint32_t offered = r.u32();
        if (name_.empty()) {
            name_ = name;
            table_ = {};
            table_.struct_size = sizeof table_;
            table_.abi_major = LLMH_ABI_MAJOR;
            table_.abi_minor = abi_minor;
            table_.name = {name_.data(), name_.size()};
            version_ = version;
            table_.version = {version_.data(), version_.size()};
            fill_stand_in_operations(table_, offered);
        }
        return child;
    }
}

void PluginProcess::send_fd(Child& child, int fd) {
    char byte = 0;
    iovec io{&byte, 1};
    alignas(cmsghdr) char space[CMSG_SPACE(sizeof(int))]{};
    msghdr msg{};
    msg.msg_iov = &io;
    msg.msg_iovlen = 1;
    msg.msg_control = space;
    msg.msg_controllen = sizeof space;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
    ssize_t n;
    do {
        n = ::sendmsg(child.control->fd(), &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n != 1) child.dead = true; // noticed by the call, which then finds the channel closed
}

Lease PluginProcess::acquire() {
    std::lock_guard lock(mutex_);
    if (!child_ || child_->dead) {
        const auto now = Clock::now();
        if (now < restart_at_) {
            const auto wait = std::chrono::duration_cast<milliseconds>(restart_at_ - now).count();
            throw Error(LLMH_ERR_PLUGIN_INTERNAL, "plugin '" + name_ + "': its process " + last_death_ +
                                                      "; it is restarted in " + std::to_string(wait) + " ms");
        }
        child_ = start();
    }
    Lease lease{child_, nullptr};
    if (!child_->idle.empty()) {
        lease.channel = std::move(child_->idle.back());
        child_->idle.pop_back();
        return lease;
    }
    auto [here, there] = socket_pair();
    lease.channel = std::make_unique<Channel>(here);
    send_fd(*child_, there);
    ::close(there);
    return lease;
}

void PluginProcess::release(Lease lease) {
    std::lock_guard lock(mutex_);
    if (lease.child == child_ && !child_->dead && lease.channel->open() && child_->idle.size() < kMaxIdleChannels)
        child_->idle.push_back(std::move(lease.channel));
}

std::string PluginProcess::lost(const Lease& lease, const char* operation, const std::string& kill_reason) {
    std::lock_guard lock(mutex_);
    Child& child = *lease.child;
    if (!child.dead || child.death.empty()) {
        child.dead = true;
        child.idle.clear();
        const std::string how = reap(child.pid, !kill_reason.empty());
        child.death = kill_reason.empty() ? how : kill_reason + ", so it was killed";
        const bool stable = Clock::now() - child.started >= kStableLife;
        backoff_ = stable ? milliseconds(0) : std::min(kMaxBackoff, std::max(kFirstBackoff, backoff_ * 2));
        restart_at_ = Clock::now() + backoff_;
        last_death_ = child.death;
        const std::string message = "plugin '" + name_ + "' (" + file_.path + ", process " + std::to_string(child.pid) +
                                    ") " + child.death + " during " + operation +
                                    "; the calls in flight failed; it is restarted on the next call (in " +
                                    std::to_string(backoff_.count()) + " ms at the earliest)";
        const llmh_host_services& host = *host_services_.table();
        if (host.log) host.log(host.host, LLMH_LOG_ERROR, {message.data(), message.size()});
    }
    return "plugin '" + name_ + "': its process " + child.death + " during " + operation +
           " (it is restarted for the next call)";
}

} // namespace llmhost::plugins::isolation
