// The callers' sources: per call type, the arrival process and the streams of its callers'
// attributes, drawn ahead in blocks, and the calendar slot of its next arrival.
#pragma once

#include "sim/engine/calendar.hpp"
#include "sim/engine/poisson_process.hpp"
#include "sim/engine/random.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/sites.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::model {

// A caller as its source draws it: what is known of it before it arrives.
struct Caller {
  double service = 0.0;   // handle time + wrap-up
  double deadline = 0.0;  // arrival + patience; +inf without a patience distribution
  std::uint32_t interval = 0;
  std::int32_t outage = -1;  // index in ReplicationTally::outages, -1 for none
};

// The next callers of a call type, drawn ahead in blocks: arrival times and attributes.
// Each comes from its own stream in the order drawing one caller at a time would give, so
// the callers are the very same; a block amortises the streams' and samplers' overhead.
// What depends on the arrival time alone (the deadline, the reporting interval, the outage)
// is worked out for the block too, off the path of the events.
struct CallersAhead {
  static constexpr std::size_t kBlock = 64;
  std::array<double, kBlock> at{};
  std::array<double, kBlock> service{};
  std::array<double, kBlock> deadline{};
  std::array<std::uint32_t, kBlock> interval{};
  std::array<std::int32_t, kBlock> outage{};
  std::size_t next = 0;  // the caller to arrive next
  std::size_t size = 0;
  bool ended = false;  // the arrival process has no caller after at[size - 1]
};

class CallerSources {
public:
  CallerSources(const Scenario& sc, std::uint32_t replication, const Sites& sites);

  // Gives each call type a calendar slot and arms it with the type's first caller: an event
  // of `kind` whose target is the call type.
  void start(engine::Calendar& calendar, std::uint32_t kind);

  // The caller of `type` whose arrival is now. The type's slot is armed again with the next
  // one, drawing the next block when this one is used up. Inline: it runs once per arrival.
  Caller next(Id type, engine::Calendar& calendar) {
    Source& s = sources_[type];
    CallersAhead& ahead = s.ahead;
    const std::size_t self = ahead.next++;
    const Caller caller{ahead.service[self], ahead.deadline[self], ahead.interval[self], ahead.outage[self]};
    if (ahead.next == ahead.size && !ahead.ended) draw_ahead(type, ahead.at[self]);
    if (ahead.next < ahead.size) {
      if (slotted_) [[likely]]
        calendar.rearm_slot(s.slot, ahead.at[ahead.next]);
      else schedule_next(type, calendar);
    }
    return caller;
  }

  // Up to this many call types, each has a calendar slot (re-arming one costs a scan of the
  // slots); past it, arrivals are ordinary calendar events (log time), so that a scenario
  // with thousands of call types does not scan them all at every arrival. Both give the
  // same events in the same order: slot and heap events share one sequence counter.
  static constexpr std::size_t kMaxSlots = 16;

  // The reporting interval and the outage of a caller arriving at `t`, worked out as for the
  // callers drawn ahead (for attempts that come from elsewhere: redials).
  void locate(double t, Caller& caller) const;

private:
  // One call type's callers. A caller's attributes come from the call type's own streams,
  // one stream per attribute: two scenarios that differ only in routing see the very same
  // callers.
  struct Source {
    engine::PoissonProcess arrivals;
    engine::RandomStream arrival_rng;
    engine::RandomStream handle_rng;
    engine::RandomStream patience_rng;
    engine::RandomStream wrap_rng;
    std::uint32_t slot = 0;  // calendar slot holding the next arrival
    CallersAhead ahead;
    const Trace* trace = nullptr;  // trace arrivals: the next caller to replay is trace_next
    std::size_t trace_next = 0;
    std::optional<engine::RandomStream> given_wait_rng;  // patience above an observed wait
  };
  // A site outage as arrivals see it: callers arriving in [from_s, to_s) arrived during it.
  struct OutageSpan {
    double from_s = 0.0;
    double to_s = 0.0;
    std::int32_t index = 0;
  };

  // Schedules the type's next arrival as a calendar event (without slots).
  [[gnu::noinline]] void schedule_next(Id type, engine::Calendar& calendar);
  // Draws the type's next block of callers, arriving after `t`.
  void draw_ahead(Id type, double t);
  // A trace's next block of arrival times into `ahead`; returns how many.
  static std::size_t replay_arrivals(Source& s);
  // Puts the trace's own handle times over the drawn ones, then its patience over the drawn
  // deadlines (a caller with unknown patience who was seen to wait w gets a patience drawn
  // given that it exceeds w). `first` is the trace index of the block's first caller.
  static void replay_handle(Source& s, std::size_t first, std::size_t n);
  void replay_patience(Id type, std::size_t first, std::size_t n);

  const Scenario& sc_;
  std::uint32_t replication_ = 0;
  std::vector<Source> sources_;
  std::vector<OutageSpan> outages_;  // sites in order, each site's outages in time order
  // Reporting intervals, and the last one's index as a double (as a caller's is computed).
  std::size_t intervals_ = 0;
  double last_interval_ = 0.0;
  bool slotted_ = true;     // arrivals in calendar slots (at most kMaxSlots call types)
  std::uint32_t kind_ = 0;  // event kind of arrivals
};

}  // namespace ccsim::model
