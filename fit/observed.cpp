#include "fit/observed.hpp"

#include <algorithm>

namespace ccsim::fit {

void Counts::add(const CallRecord& r, const std::vector<double>& thresholds) {
  within.resize(thresholds.size(), 0.0);
  offered += 1.0;
  if (r.outcome == CallRecord::Outcome::Abandoned) abandoned += 1.0;
  if (r.outcome != CallRecord::Outcome::Answered) return;
  answered += 1.0;
  answered_wait += r.wait_s;
  for (std::size_t k = 0; k < thresholds.size(); ++k) within[k] += r.wait_s <= thresholds[k] ? 1.0 : 0.0;
}

void Counts::add(const Counts& c) {
  within.resize(c.within.size(), 0.0);
  offered += c.offered;
  answered += c.answered;
  abandoned += c.abandoned;
  answered_wait += c.answered_wait;
  for (std::size_t k = 0; k < c.within.size(); ++k) within[k] += c.within[k];
}

std::vector<DayCounts> observe(const Sample& sample, const Selection& sel, const std::vector<double>& thresholds) {
  std::vector<DayCounts> days;
  const std::size_t n = sel.intervals();
  for (const CallRecord* r : sample.calls) {
    if (days.empty() || days.back().day != r->day) {
      days.push_back(DayCounts{r->day, {}, {}, std::vector<Counts>(n), std::vector<std::map<std::string, Counts>>(n)});
      days.back().total.within.assign(thresholds.size(), 0.0);
      for (auto& c : days.back().intervals) c.within.assign(thresholds.size(), 0.0);
    }
    DayCounts& d = days.back();
    const auto k = std::min(static_cast<std::size_t>((r->arrival_s - sel.from_s) / sel.interval_s), n - 1);
    d.total.add(*r, thresholds);
    d.types[r->call_type].add(*r, thresholds);
    d.intervals[k].add(*r, thresholds);
    d.type_intervals[k][r->call_type].add(*r, thresholds);
  }
  return days;
}

}  // namespace ccsim::fit
