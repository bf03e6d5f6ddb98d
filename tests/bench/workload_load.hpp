// Load that wrk cannot make: many connections held open at once (streams the upstream keeps
// open, idle keep-alive connections) and a constant-rate soak.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace llmhost::bench {

struct OpenConnections {
    std::vector<int> fds;
    int answered = 0;    // connections that got `expected`
    std::string failure; // what the first that did not answered, if one did not
};

// Opens up to `count` connections to `port` one after the other, sends `request` on each and
// reads until `expected` (a held stream's first frame, or a whole response's text); the
// connections stay open. Stops at the first that does not answer within 5 s.
OpenConnections open_connections(uint16_t port, int count, const std::string& request, const std::string& expected,
                                 bool whole_response);
void close_all(OpenConnections& open);

struct SoakSample {
    double seconds = 0, rss_mib = 0;
    int descriptors = 0;
};

struct SoakResult {
    long answered = 0, failed = 0;
    std::vector<SoakSample> samples;
};

// Constant-rate load: `connections` keep-alive connections to `port`, each sending one of
// `requests` (in turn) every `interval` and checking that its answer holds the matching
// `expected`; samples the gateway `pid`'s RSS and descriptors every `sample_every`.
SoakResult soak(uint16_t port, const std::vector<std::string>& requests, const std::vector<std::string>& expected,
                int connections, std::chrono::milliseconds interval, std::chrono::seconds duration, pid_t pid,
                std::chrono::seconds sample_every);

} // namespace llmhost::bench
