// Virtual hold: the callback offer on joining a queue, keep_place requests in the line and
// when_idle requests apart (sim/model/callbacks.hpp), and the agent calling back.
#include "sim/model/contact_center.hpp"

#include <limits>

namespace ccsim::model {

bool ContactCenter::take_callback(std::uint32_t id, Id queue, double listen) {
  // Joining to hear an announcement while an agent is idle: not a caller who found none.
  if (listen > 0.0 && answers_at_once(queue)) return false;
  if (!policy_.offers_callback(queue, now_)) return false;
  Call& c = calls_[id];
  const bool took = callbacks_.accepts(queue);
  tallies_.callback_offered(c.arrival, queue, took);
  if (!took) return false;
  tallies_.entered(c.arrival, queue, now_);
  if (callbacks_.when_idle(queue)) {
    callbacks_.push(queue, CallbackRequest{c.arrival, now_, c.service}, now_);
    calls_.release(id);
    offer_requests(queue);
    return true;
  }
  // keep_place: the request holds the caller's place in the line, where an agent reaches it
  // as a caller; it never abandons, hears no announcement and no `waited` timer moves it.
  c.callback = true;
  c.patience_deadline = std::numeric_limits<double>::infinity();
  QueueState& qs = queues_[queue];
  queues_.add_caller(queue, now_);
  if (!qs.tiers.empty()) calendar_.schedule(now_ + qs.tiers.front(), kEligible, id, c.stamp, 0);
  qs.wait_in_line(id, c, calls_);
  return true;
}

bool ContactCenter::serve_request(Id group) {
  for (const Id q : pools_[group].serves) {
    if (callbacks_.pending(q) == 0) continue;
    const CallbackRequest r = callbacks_.take(q);
    call_back(r.arrival, q, group, r.service, r.requested_at);
    return true;
  }
  return false;
}

void ContactCenter::offer_requests(Id queue) {
  for (const auto& r : queues_[queue].groups) {
    while (callbacks_.pending(queue) > 0 && pools_.idle(r.group) > 0) {
      if (!serve_next(r.group)) break;
    }
  }
}

void ContactCenter::call_back(const Arrival& arrival, Id queue, Id group, double service, double requested_at) {
  pools_.start_call(group, now_, service);
  calendar_.schedule(now_ + service, kAgentFree, group);
  tallies_.callback_taken(arrival, queue, now_ - requested_at, now_);
}

}  // namespace ccsim::model
