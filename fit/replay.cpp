#include "fit/replay.hpp"

#include "fit/calibrate.hpp"
#include "fit/observed.hpp"
#include "fit/presence.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ccsim::fit {

Json shift_staffing(const std::vector<double>& agents, double interval_s) {
  Json shifts = Json::array();
  auto at = [](double t) { return fmt::format("{}s", std::round(t * 1000.0) / 1000.0); };
  for (std::size_t k = 0; k < agents.size(); ++k) {
    const double from = static_cast<double>(k) * interval_s;
    const double whole = std::floor(agents[k]);
    const double part = std::round((agents[k] - whole) * interval_s);
    if (whole >= 1.0) shifts.push_back({{"from", at(from)}, {"to", at(from + interval_s)}, {"agents", whole}});
    if (part >= 1.0) shifts.push_back({{"from", at(from)}, {"to", at(from + part)}, {"agents", 1}});
  }
  return {{"shifts", shifts}};
}

std::vector<std::unique_ptr<plan::Simulation>> replay_days(const Json& scenario, const Sample& sample,
                                                           const Selection& sel,
                                                           const std::vector<std::vector<double>>& agents,
                                                           std::uint32_t replications, unsigned threads,
                                                           bool replay_handle) {
  std::vector<Json> days;
  for (std::size_t d = 0; d < sample.days.size(); ++d) {
    Json day_json = scenario;
    day_json["replications"] = replications;
    day_json["agent_groups"][0]["agents"] = shift_staffing(agents[d], sel.interval_s);
    day_json.erase("busyness");                                  // the day's own arrivals: its level is in them
    for (auto& ct : day_json["call_types"]) ct.erase("redial");  // the records hold the redials
    days.push_back(std::move(day_json));
  }
  // Each day's callers arrive when the records say (and keep their handle times).
  const auto recorded_day = [&](std::size_t d, model::Scenario& sc) {
    const std::string& day = sample.days[d];
    sc.source = "fit: replay of " + day;
    sc.description = "replay of " + day;
    for (auto& ct : sc.call_types) {
      auto trace = std::make_shared<model::Trace>();
      std::vector<double> counts(sc.interval_count(), 0.0);
      for (const CallRecord* r : sample.calls) {
        if (r->day != day || r->call_type != ct.name) continue;
        const double t = r->arrival_s - sel.from_s;
        trace->at.push_back(t);
        if (replay_handle) {
          trace->handle_s.push_back(
              r->outcome == CallRecord::Outcome::Answered ? r->handle_s : std::numeric_limits<double>::quiet_NaN());
        }
        counts[std::min(static_cast<std::size_t>(t / sc.interval_s), counts.size() - 1)] += 1.0 / sc.interval_s;
      }
      ct.arrivals.per_second = std::move(counts);
      ct.arrivals.trace = std::move(trace);
    }
  };
  return simulate_json(days, "fit: replay", threads, recorded_day);
}

namespace {

// Pooled over the days and replications: abandoned / offered and answered within 20 s / offered.
std::pair<double, double> pooled_sim(const std::vector<std::unique_ptr<plan::Simulation>>& sims) {
  double offered = 0.0;
  double abandoned = 0.0;
  double within = 0.0;
  for (const auto& s : sims) {
    const auto& sum = s->summary();
    const auto& o = sum.values({"totals", "", -1, "offered"});
    const auto& a = sum.values({"totals", "", -1, "abandoned"});
    const auto& sl = sum.values({"totals", "", -1, "service_level/20"});
    for (std::size_t r = 0; r < o.size(); ++r) {
      offered += o[r];
      abandoned += a[r];
      within += sl[r] * o[r];
    }
  }
  return {offered > 0 ? abandoned / offered : 0.0, offered > 0 ? within / offered : 0.0};
}

std::vector<std::vector<double>> scaled(const std::vector<std::uint32_t>& calibrated,
                                        const std::vector<double>& factors, double level) {
  std::vector<std::vector<double>> out;
  for (double f : factors) {
    std::vector<double> agents;
    for (std::uint32_t a : calibrated) agents.push_back(std::max(1.0, level * f * a));
    out.push_back(std::move(agents));
  }
  return out;
}

}  // namespace

DayStaffing staff_days(const FitResult& fit, const FitOptions& o, const Sample& sample) {
  DayStaffing s;
  const Sample train = select(fit.records, o.selection, o.train);
  const Presence before = measure_presence(train, o.selection);
  const Presence during = measure_presence(sample, o.selection);
  double mean = 0.0;
  for (const auto& day : train.days) mean += before.hours(day, o.selection.interval_s);
  mean /= static_cast<double>(train.days.size());
  const bool by_presence = o.staffing == "presence" && before.known() && during.known() && mean > 0.0;
  auto factors = [&](const Sample& days, const Presence& p) {
    std::vector<double> f;
    for (const auto& day : days.days) f.push_back(by_presence ? p.hours(day, o.selection.interval_s) / mean : 1.0);
    return f;
  };
  // The level: replaying the training days reproduces their pooled abandonment and SL20.
  Counts seen;
  seen.within.assign(kThresholds.size(), 0.0);
  for (const auto& d : observe(train, o.selection, kThresholds)) seen.add(d.total);
  const auto train_factors = factors(train, before);
  double best = 1e300;
  for (int step = -8; step <= 8; ++step) {
    const double level = 1.0 + 0.05 * step;
    const auto sims =
        replay_days(fit.scenario, train, o.selection, scaled(fit.calibration.agents, train_factors, level), 10,
                    o.threads, o.replay == "handle");
    const auto [ab, sl] = pooled_sim(sims);
    const double da = ab - seen.abandon_rate();
    const double ds = sl - seen.service_level(kSl20);
    const double loss = da * da + ds * ds;
    s.levels_tried.push_back(level);
    s.losses.push_back(loss);
    if (loss < best - 1e-12) best = loss, s.level = level;
  }
  s.method = by_presence ? "calibrated, times each day's agent-hours present, times a level fitted on the training days"
                         : "calibrated, times a level fitted on the training days";
  s.agents = scaled(fit.calibration.agents, factors(sample, during), s.level);
  for (const auto& day : sample.days) s.presence_hours.push_back(during.hours(day, o.selection.interval_s));
  return s;
}

}  // namespace ccsim::fit
