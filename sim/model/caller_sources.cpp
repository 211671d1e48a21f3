#include "sim/model/caller_sources.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ccsim::model {

CallerSources::CallerSources(const Scenario& sc, std::uint32_t replication, const Sites& sites)
    : sc_(sc), replication_(replication), intervals_(sc.interval_count()),
      last_interval_(static_cast<double>(intervals_ - 1)) {
  sources_.reserve(sc.call_types.size());
  // Busyness: one factor per replication, from a stream of its own, on every Poisson rate.
  // The arrivals keep their draws: a factor B divides each inter-arrival time by B.
  double busyness = 1.0;
  if (sc.busyness) {
    engine::RandomStream rng{sc.seed, replication, "busyness"};
    busyness = sc.busyness->sample(rng);
  }
  for (const auto& ct : sc.call_types) {
    const std::string base = "call_type/" + ct.name + "/";
    std::vector<double> rates = ct.arrivals.per_second;
    if (sc.busyness) {
      for (double& r : rates) r *= busyness;
    }
    sources_.push_back(Source{engine::PoissonProcess(std::move(rates), sc.interval_s, sc.horizon_s),
                              {sc.seed, replication, base + "arrivals"},
                              {sc.seed, replication, base + "handle_time"},
                              {sc.seed, replication, base + "patience"},
                              {sc.seed, replication, base + "wrap_up"},
                              0,
                              {},
                              ct.arrivals.trace.get(),
                              0,
                              std::nullopt});
  }
  for (Id s = 0; s < sc.sites.size(); ++s) {
    const auto& outages = sc.sites[s].outages;
    for (std::size_t k = 0; k < outages.size(); ++k) {
      outages_.push_back(OutageSpan{outages[k].from_s, outages[k].from_s + outages[k].for_s,
                                    static_cast<std::int32_t>(sites.outage_index(s, k))});
    }
  }
}

void CallerSources::start(engine::Calendar& calendar, std::uint32_t kind) {
  kind_ = kind;
  slotted_ = sources_.size() <= kMaxSlots;
  for (Id t = 0; t < sources_.size(); ++t) {
    draw_ahead(t, 0.0);
    if (!slotted_) {
      if (sources_[t].ahead.size > 0) calendar.schedule(sources_[t].ahead.at[0], kind, t);
      continue;
    }
    sources_[t].slot = calendar.add_slot();
    if (sources_[t].ahead.size > 0) calendar.arm_slot(sources_[t].slot, sources_[t].ahead.at[0], kind, t);
  }
}

void CallerSources::schedule_next(Id type, engine::Calendar& calendar) {
  const CallersAhead& ahead = sources_[type].ahead;
  calendar.schedule(ahead.at[ahead.next], kind_, type);
}

void CallerSources::draw_ahead(Id type, double t) {
  Source& s = sources_[type];
  const auto& ct = sc_.call_types[type];
  auto& ahead = s.ahead;
  const std::size_t first = s.trace_next;
  const std::size_t n =
      s.trace ? replay_arrivals(s) : s.arrivals.next_n(t, s.arrival_rng, ahead.at.data(), CallersAhead::kBlock);
  ahead.ended = n < CallersAhead::kBlock;
  ahead.next = 0;
  ahead.size = n;
  std::array<double, CallersAhead::kBlock> drawn{};
  ct.handle_time.sample_n(s.handle_rng, ahead.service.data(), n);
  if (s.trace) replay_handle(s, first, n);
  if (ct.wrap_up) {
    ct.wrap_up->sample_n(s.wrap_rng, drawn.data(), n);
    for (std::size_t i = 0; i < n; ++i) ahead.service[i] += drawn[i];
  } else {
    for (std::size_t i = 0; i < n; ++i) ahead.service[i] += 0.0;  // as handle + 0.0: -0.0 turns +0.0
  }
  if (ct.patience) {
    ct.patience->sample_n(s.patience_rng, drawn.data(), n);
    for (std::size_t i = 0; i < n; ++i) ahead.deadline[i] = ahead.at[i] + drawn[i];
  } else {
    ahead.deadline.fill(std::numeric_limits<double>::infinity());
  }
  if (s.trace) replay_patience(type, first, n);
  // With one reporting interval the formula gives 0 whatever the time: skip the division.
  if (intervals_ == 1) {
    ahead.interval.fill(0);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      ahead.interval[i] =
          static_cast<std::uint32_t>(std::min<double>(std::floor(ahead.at[i] / sc_.interval_s), last_interval_));
    }
  }
  // A caller arriving during two outages (of two sites) belongs to the later one in order.
  ahead.outage.fill(-1);
  for (const OutageSpan& o : outages_) {
    for (std::size_t i = 0; i < n; ++i) {
      if (ahead.at[i] >= o.from_s && ahead.at[i] < o.to_s) ahead.outage[i] = o.index;
    }
  }
}

void CallerSources::locate(double t, Caller& caller) const {
  caller.interval = intervals_ == 1
                        ? 0
                        : static_cast<std::uint32_t>(std::min<double>(std::floor(t / sc_.interval_s), last_interval_));
  caller.outage = -1;
  for (const OutageSpan& o : outages_) {
    if (t >= o.from_s && t < o.to_s) caller.outage = o.index;
  }
}

std::size_t CallerSources::replay_arrivals(Source& s) {
  const auto& at = s.trace->at;
  const std::size_t n = std::min(CallersAhead::kBlock, at.size() - s.trace_next);
  std::copy_n(at.begin() + static_cast<std::ptrdiff_t>(s.trace_next), n, s.ahead.at.begin());
  s.trace_next += n;
  return n;
}

void CallerSources::replay_handle(Source& s, std::size_t first, std::size_t n) {
  const auto& handle = s.trace->handle_s;
  if (handle.empty()) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isnan(handle[first + i])) s.ahead.service[i] = handle[first + i];
  }
}

void CallerSources::replay_patience(Id type, std::size_t first, std::size_t n) {
  Source& s = sources_[type];
  const Trace& tr = *s.trace;
  const auto& ct = sc_.call_types[type];
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = first + i;
    if (!tr.patience_s.empty() && !std::isnan(tr.patience_s[c])) {
      s.ahead.deadline[i] = s.ahead.at[i] + tr.patience_s[c];
    } else if (ct.patience && !tr.wait_s.empty() && tr.wait_s[c] > 0.0 &&
               s.ahead.deadline[i] - s.ahead.at[i] <= tr.wait_s[c]) {
      if (!s.given_wait_rng)
        s.given_wait_rng.emplace(sc_.seed, replication_, "call_type/" + ct.name + "/patience_given_wait");
      double p = 0.0;
      for (int tries = 0; tries < 1000 && p <= tr.wait_s[c]; ++tries) ct.patience->sample_n(*s.given_wait_rng, &p, 1);
      if (p <= tr.wait_s[c]) {  // the distribution hardly reaches past this wait: wait + a fresh draw
        ct.patience->sample_n(*s.given_wait_rng, &p, 1);
        p += tr.wait_s[c];
      }
      s.ahead.deadline[i] = s.ahead.at[i] + p;
    }
  }
}

}  // namespace ccsim::model
