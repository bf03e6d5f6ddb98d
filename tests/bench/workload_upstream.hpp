// The workload bench's upstream: a fast loopback provider that answers in the OpenAI chat
// (POST .../chat/completions), Anthropic Messages (POST .../messages) and OpenAI Responses
// (POST .../responses, for nginx relaying a Responses client) formats, whole or streamed.
// The answer is chosen by the request's model, the part after its last '/' (nginx passes
// "oai/stream-35-together" unchanged, the gateway strips the provider: both get the same):
//   m                       a short answer; streamed: 3 frames
//   stream-N-together       N text frames, all written at once (a fast model's burst)
//   stream-N-spaced         N text frames, one write each, 2 ms apart
//   hold                    a stream that sends a frame every 100 ms until release_holds()
// One asio thread; keep-alive; request bodies read to their Content-Length.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace llmhost::bench {

class WorkloadUpstream {
  public:
    WorkloadUpstream();
    ~WorkloadUpstream();
    uint16_t port() const;
    // Text frames written so far, of every stream (held ones included); whole answers so far.
    // Counted as written, so a contender's CPU can be divided by what it relayed in a window.
    long frames_written() const;
    long whole_answers_written() const;
    // Ends the streams held open now (those opened later are held again).
    void release_holds();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The text of the whole answers, and of text frame `i` (from 1) of a stream: what a client
// of any face must receive.
inline constexpr const char* upstream_answer_text = "Hello from the workload upstream.";
std::string frame_text(int i);

} // namespace llmhost::bench
