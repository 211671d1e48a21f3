// The day's start of a replication: shifts and absences (sim/model/staffing.hpp), and the
// initial state of a day that starts mid-way (callers waiting, agents busy at time 0).
#include "sim/model/contact_center.hpp"
#include "sim/model/staffing_plan.hpp"

#include <limits>

namespace ccsim::model {

void ContactCenter::start_day() {
  if (staffing_.active()) {
    const auto& changes = staffing_.changes();
    for (std::uint32_t k = 0; k < changes.size(); ++k) {
      if (k == 0 || changes[k].at_s != changes[k - 1].at_s) calendar_.schedule(changes[k].at_s, kStaffChange, k);
    }
  }
  // Busy agents first: an absent agent on a call at time 0 finishes it, then leaves.
  start_busy_agents();
  if (staffing_.active()) {
    for (Id g = 0; g < pools_.size(); ++g) {
      pools_.schedule(g, staffing_.present(g, staffing_.at_start(g)));
      set_staffing(g);
    }
  }
  start_waiting_callers();
}

Caller ContactCenter::initial_caller(Id type) {
  const CallType& ct = sc_.call_types[type];
  auto* rng = &initial_rng_[std::size_t{3} * type];
  Caller c;
  c.service = ct.handle_time.sample(rng[0]) + (ct.wrap_up ? ct.wrap_up->sample(rng[2]) : 0.0);
  c.deadline = ct.patience ? ct.patience->sample(rng[1]) : std::numeric_limits<double>::infinity();
  c.interval = 0;
  for (Id s = 0; s < sc_.sites.size(); ++s) {
    const auto& outages = sc_.sites[s].outages;
    for (std::size_t k = 0; k < outages.size(); ++k) {
      if (outages[k].from_s <= 0.0 && 0.0 < outages[k].from_s + outages[k].for_s) {
        c.outage = static_cast<std::int32_t>(sites_.outage_index(s, k));
      }
    }
  }
  return c;
}

// Calls in service at time 0 keep their agents busy for a fresh handle time (and wrap-up);
// they are not counted.
void ContactCenter::start_busy_agents() {
  for (const auto& busy : sc_.initial_state.busy) {
    for (const auto& calls : busy.calls) {
      for (std::uint32_t n = 0; n < calls.count; ++n) {
        const double service = initial_caller(calls.call_type).service;
        pools_.start_call(busy.group, 0.0, service);
        calendar_.schedule(service, kAgentFree, busy.group);
      }
    }
  }
}

// Callers waiting at time 0 join their queue's line per call type in scenario order, their wait
// and patience counted from 0; they are arrivals at time 0 (counted when there is no warm-up).
// Idle agents then take them as they would any waiting caller.
void ContactCenter::start_waiting_callers() {
  for (const auto& waiting : sc_.initial_state.waiting) {
    for (const auto& callers : waiting.callers) {
      for (std::uint32_t n = 0; n < callers.count; ++n) {
        const Caller caller = initial_caller(callers.call_type);
        const Arrival arrival{0.0, callers.call_type, 0, caller.outage, window_.started(0.0)};
        tallies_.arrived(arrival);
        join_at_start(arrival, caller, waiting.queue);
      }
    }
  }
  for (Id g = 0; g < pools_.size(); ++g) {
    for (std::uint32_t i = pools_.idle(g); i > 0; --i) {
      if (!serve_next(g)) break;
    }
  }
}

void ContactCenter::on_staff_change(std::uint32_t first) {
  const auto& changes = staffing_.changes();
  for (std::size_t k = first; k < changes.size() && changes[k].at_s == changes[first].at_s; ++k) {
    const Id g = changes[k].group;
    pools_.schedule(g, staffing_.present(g, changes[k].agents));
    set_staffing(g);
  }
}

}  // namespace ccsim::model
