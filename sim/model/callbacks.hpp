// Virtual hold (a queue's `callback`): which queues offer it, the draw of who takes it (one
// stream per queue), and the requests of `when_idle` queues, which wait apart from the line.
// `keep_place` requests wait in the line itself, as call records (Call::callback).
#pragma once

#include "sim/engine/random.hpp"
#include "sim/model/call.hpp"
#include "sim/model/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace ccsim::model {

// A when_idle request: the caller hung up at `requested_at` and is called back for `service`
// seconds (handle time and wrap-up) by the first agent who has no caller waiting.
struct CallbackRequest {
  Arrival arrival;
  double requested_at = 0.0;
  double service = 0.0;
};

class Callbacks {
public:
  Callbacks(const Scenario& sc, std::uint32_t replication);

  // Whether the scenario has a callback on any queue, and one in when_idle mode.
  [[nodiscard]] bool any() const { return any_; }
  [[nodiscard]] bool any_when_idle() const { return any_when_idle_; }
  [[nodiscard]] bool when_idle(Id queue) const { return sc_.queues[queue].callback->mode == Callback::Mode::WhenIdle; }
  // A caller offered the queue's callback takes it: a draw of its own stream.
  bool accepts(Id queue);

  // when_idle requests, oldest first, per queue; pending() counts them over every queue.
  // Throws ccsim::InputError once more requests wait than CallPool::unstable_bound allows
  // callers: the load exceeds what the agents answer, and memory would grow with arrivals.
  void push(Id queue, const CallbackRequest& r, double now) {
    if (pending_ >= bound_) throw_unstable(queue, now);
    requests_[queue].push_back(r);
    ++pending_;
  }
  [[nodiscard]] std::size_t pending() const { return pending_; }
  [[nodiscard]] std::size_t pending(Id queue) const { return requests_[queue].size(); }
  CallbackRequest take(Id queue) {
    const CallbackRequest r = requests_[queue].front();
    requests_[queue].pop_front();
    --pending_;
    return r;
  }

private:
  [[noreturn]] void throw_unstable(Id queue, double now) const;

  const Scenario& sc_;
  std::size_t bound_;
  std::vector<engine::RandomStream> accept_rng_;  // per queue (unused without a callback)
  std::vector<std::deque<CallbackRequest>> requests_;
  std::size_t pending_ = 0;
  bool any_ = false;
  bool any_when_idle_ = false;
};

}  // namespace ccsim::model
