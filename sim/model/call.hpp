// A call of the contact center, and the pool of call records.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/staffing_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace ccsim::model {

// What a call's arrival fixed for its whole life: when, its call type, the reporting interval
// and the site outage it arrived in, and whether it is counted (arrived at or after the
// warm-up). They say where its figures land (Tallies).
struct Arrival {
  double time = 0.0;
  Id type = 0;
  std::uint32_t interval = 0;
  std::int32_t outage = -1;  // index in ReplicationTally::outages, -1 for none
  bool counted = false;
};

// Where a call is: waiting in a queue's line, hearing a queue's announcement (in the queue,
// not yet answerable), or in transit between a rule and its destination.
enum class CallState : std::uint8_t { Free, Waiting, Listening, Transit };

struct Call {
  Arrival arrival;
  double entered_queue = 0.0;
  double patience_deadline = 0.0;     // absolute time; +inf if the caller never abandons
  double service = 0.0;               // handle time + wrap-up, seconds the agent is busy
  double pending_announcement = 0.0;  // a rule's announcement, heard on joining the destination
  std::uint64_t serial = 0;           // arrival number: breaks ties between equal deadlines
  std::uint32_t redials = 0;          // earlier attempts of the same caller (0: a first attempt)
  Id queue = 0;                       // current queue (or the one it left, in transit)
  Target transit_to;                  // destination while in transit
  std::uint32_t stamp = 0;            // bumped whenever the call leaves a queue; stale events see a mismatch
  std::uint16_t level = 0;            // line in a queue: priority level (0 = highest), head start
  std::uint16_t hops = 0;             // transfers so far
  CallState state = CallState::Free;
  bool rerouted = false;  // sent on by an outage
  bool callback = false;  // a keep_place callback request holding the caller's place (hung up)

  [[nodiscard]] bool in_queue() const { return state == CallState::Waiting || state == CallState::Listening; }
  // Whether the caller has a patience deadline (then it is on a patience clock while it waits).
  [[nodiscard]] bool may_abandon() const { return patience_deadline < std::numeric_limits<double>::infinity(); }
};

// The records of the calls alive (waiting, hearing an announcement or in transit), by id; a
// released record is reused. A caller answered on arrival never takes one. Events and line
// entries name a call by id and stamp: once the call has left, the stamp no longer matches.
class CallPool {
public:
  // Callers alive at once beyond which a run is unstable (see unstable_bound): a million,
  // whatever the staffing, so that a replication's records stay below about 220 MB per thread
  // (ten million were allowed once: 2.2 GB per thread, times the threads).
  static constexpr std::size_t kMinUnstable = 1'000'000;

  // The scenario's bound on callers alive at once. No real center holds a million callers;
  // a queue whose load exceeds what its agents answer, with callers who never abandon, grows
  // by the excess rate for the whole horizon instead.
  [[nodiscard]] static std::size_t unstable_bound(const Scenario& /*sc*/) { return kMinUnstable; }

  explicit CallPool(std::size_t unstable_bound) : bound_(unstable_bound) { calls_.reserve(1024); }

  Call& operator[](std::uint32_t id) { return calls_[id]; }
  const Call& operator[](std::uint32_t id) const { return calls_[id]; }
  // Records ever made, alive or released: ids are below it.
  [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(calls_.size()); }

  // Whether the line entry (id, stamp) is still a caller waiting in that line.
  [[nodiscard]] bool waiting(std::uint32_t id, std::uint32_t stamp) const {
    const Call& c = calls_[id];
    return c.stamp == stamp && c.state == CallState::Waiting;
  }

  // A record for a new caller: a released one, else a new one. Every record alive and the
  // pool at the bound (checked from the floor on, every 1024 new records): calls
  // `unstable()`, which throws.
  template <class Unstable>
  std::uint32_t allocate(Unstable&& unstable) {
    if (!free_.empty()) {
      const std::uint32_t id = free_.back();
      free_.pop_back();
      return id;
    }
    if (calls_.size() >= bound_ && (calls_.size() - kMinUnstable) % 1024 == 0) unstable();
    calls_.emplace_back();
    return static_cast<std::uint32_t>(calls_.size() - 1);
  }

  // The call has had its outcome: its record is free, and every event about it stale.
  void release(std::uint32_t id) {
    Call& c = calls_[id];
    c.state = CallState::Free;
    ++c.stamp;
    free_.push_back(id);
  }

private:
  std::vector<Call> calls_;
  std::vector<std::uint32_t> free_;
  std::size_t bound_;
};

}  // namespace ccsim::model
