#include "sim/model/tallies.hpp"

#include <utility>

namespace ccsim::model {

Tallies::Tallies(const Scenario& sc, std::size_t outages)
    : wait_classes_(sc.thresholds_s), one_interval_(sc.interval_count() == 1), interval_s_(sc.interval_s),
      last_interval_(static_cast<double>(sc.interval_count() - 1)), calls_of_type_(sc.queues.size()) {
  const std::size_t thresholds = sc.thresholds_s.size();
  tally_.call_types.assign(sc.call_types.size(), CallTally(thresholds));
  tally_.intervals.assign(sc.interval_count() * sc.call_types.size(), CallTally(thresholds));
  for (const auto& q : sc.queues) {
    tally_.queues.emplace_back(thresholds, q.overflow.size());
    if (!one_interval_) tally_.queues.back().intervals.assign(sc.interval_count(), QueueIntervalTally{});
  }
  tally_.groups.assign(sc.agent_groups.size(), GroupTally{});
  tally_.outages.assign(outages, OutageTally(thresholds));

  // A queue entered by the arrivals of one call type only, that no rule sends calls to, that
  // sends none on and belongs to no site (so no outage reroutes or drops its callers), holds
  // each of that type's calls from arrival to outcome: its call tally receives exactly the
  // type's updates, with the same waits, in the same order.
  std::vector<std::uint32_t> entering(sc.queues.size(), 0);
  std::vector<bool> targeted(sc.queues.size(), false);
  for (const auto& ct : sc.call_types) ++entering[ct.enters];
  for (const auto& q : sc.queues) {
    for (const auto& rule : q.overflow) {
      if (rule.to.kind == Target::Kind::Queue) targeted[rule.to.id] = true;
    }
  }
  for (Id t = 0; t < sc.call_types.size(); ++t) {
    const Id q = sc.call_types[t].enters;
    if (entering[q] == 1 && !targeted[q] && sc.queues[q].overflow.empty() && !sc.queues[q].site) {
      calls_of_type_[q] = t;
    }
  }
}

ReplicationTally Tallies::finish(std::uint64_t events) {
  // A shared scope received exactly the updates of the one it shares, in the same order:
  // the result is a copy.
  if (one_interval_) tally_.intervals = tally_.call_types;
  for (Id q = 0; q < calls_of_type_.size(); ++q) {
    if (const auto t = calls_of_type_[q]) tally_.queues[q].calls = tally_.call_types[*t];
  }
  tally_.events = events;
  return std::move(tally_);
}

}  // namespace ccsim::model
