// A program run as a child process by the e2e tests of real clients (the SDK scripts, the
// coding agents): its exit code and everything it printed.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gateway_e2e {

struct ProgramRun {
    int exit_code = -1; // 128+signal when killed
    std::string out;
    std::string err;

    std::vector<std::string> lines() const {
        std::vector<std::string> result;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);)
            result.push_back(line);
        return result;
    }
};

// Runs `argv` (argv[0] a path) in `cwd` ("" for this directory) with only `env` in its
// environment and /dev/null as stdin; the process and its children are killed after
// `timeout`. Collects stdout and stderr.
inline ProgramRun run_program(std::vector<std::string> argv_strings, std::vector<std::string> env_strings,
                              const std::string& cwd, std::chrono::milliseconds timeout) {
    std::vector<char*> argv, envp;
    for (auto& a : argv_strings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t pid = fork();
    if (pid == 0) { // only async-signal-safe calls before execve
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        setpgid(0, 0); // a group of its own, so that a timeout kills what it started too
        dup2(devnull, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(devnull);
    close(out[1]);
    close(err[1]);
    if (pid < 0) throw std::runtime_error("cannot start " + argv_strings[0]);

    ProgramRun run;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string* sinks[2] = {&run.out, &run.err};
    const auto until = std::chrono::steady_clock::now() + timeout;
    int open_pipes = 2;
    while (open_pipes > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            kill(-pid, SIGKILL);
            run.err += "\n(killed after " + std::to_string(timeout.count()) + " ms)";
            break;
        }
        if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[4096];
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_pipes;
            }
        }
    }
    for (const auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    kill(-pid, SIGKILL); // anything it left behind
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

} // namespace gateway_e2e
