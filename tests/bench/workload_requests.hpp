// The workloads of the workload bench: each a request that the gateway, nginx and the
// upstream itself all get as the client sends it (nginx relays the client's own body to the
// upstream path of the client's format, which the upstream speaks), and what the issue
// expects of the gateway on it.
#pragma once

#include <string>
#include <vector>

namespace llmhost::bench {

struct Workload {
    std::string id;      // "a", "b1-whole", "c-500-spaced" (--only takes the first letter)
    std::string title;   // what it is, for the tables
    std::string path;    // the client's face: /v1/chat/completions, /v1/messages, /v1/responses
    std::string headers; // complete lines the client sends besides Content-Type
    std::string body;
    int frames = 0;              // text frames of the streamed answer; 0: a whole answer
    bool spaced = false;         // the frames come 2 ms apart
    double cpu_ratio_target = 0; // gateway CPU per request / nginx's, at most
    double added_p50_target = 0; // ms the gateway adds at 1 connection (the whole stream's), at most
    std::string expected;        // text the client must receive
    char group() const { return id.front(); }
};

// Workloads a (small chat request), b (agent-size, whole and streamed, four ways) and c
// (streams of 35 and 500 frames, together and spaced). The recorded agent requests are read
// from tests/data/agents; `model` and `stream` are set here.
std::vector<Workload> workloads();

// The small chat request (2 messages) with `model`, streamed or not.
std::string small_chat_body(const std::string& model, bool stream);

// wrk's Lua script posting `w`'s body (kept in a file beside it in `dir`) with its headers.
std::string write_wrk_script(const std::string& dir, const Workload& w);

} // namespace llmhost::bench
