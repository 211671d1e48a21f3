#include "fit/presence.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace ccsim::fit {

double Presence::hours(const std::string& day, double interval_s) const {
  const auto it = per_day.find(day);
  if (it == per_day.end()) return 0.0;
  double sum = 0.0;
  for (double a : it->second) sum += a;
  return sum * interval_s / 3600.0;
}

Presence measure_presence(const Sample& sample, const Selection& sel, double gap_s) {
  Presence p;
  p.gap_s = gap_s;
  // day -> agent -> (start, end) of each call answered, seconds after midnight
  std::map<std::string, std::map<std::string, std::vector<std::pair<double, double>>>> calls;
  std::set<std::string> agents;
  for (const CallRecord* r : sample.calls) {
    if (r->outcome != CallRecord::Outcome::Answered || r->agent.empty()) continue;
    const double start = r->arrival_s + r->wait_s;
    calls[r->day][r->agent].emplace_back(start, start + r->handle_s);
    agents.insert(r->agent);
  }
  p.agents = agents.size();
  const std::size_t n = sel.intervals();
  for (const std::string& day : sample.days) p.per_day[day].assign(n, 0.0);
  auto add_session = [&](std::vector<double>& present, double from, double to) {
    for (std::size_t k = 0; k < n; ++k) {
      const double lo = sel.from_s + static_cast<double>(k) * sel.interval_s;
      const double overlap = std::min(to, lo + sel.interval_s) - std::max(from, lo);
      if (overlap > 0.0) present[k] += overlap / sel.interval_s;
    }
  };
  for (auto& [day, by_agent] : calls) {
    auto& present = p.per_day[day];
    for (auto& [agent, spans] : by_agent) {
      std::sort(spans.begin(), spans.end());
      double from = spans.front().first;
      double to = spans.front().second;
      for (const auto& [s, e] : spans) {
        if (s - to > gap_s) {
          add_session(present, from, to);
          from = s;
        }
        to = std::max(to, e);
      }
      add_session(present, from, to);
    }
  }
  return p;
}

}  // namespace ccsim::fit
