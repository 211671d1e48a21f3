#include "analysis/analytic/ctmc_state_space.hpp"

#include "sim/error.hpp"
#include "sim/model/conditions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace ccsim::analysis::ctmc {

namespace {

// The value of a condition's metric in state s, as the simulator measures it.
double metric(const Model& m, const Cond& c, const State& s) {
  const auto& qi = m.queues[c.queue];
  std::uint64_t agents = 0;
  std::uint64_t busy = 0;
  for (const Id g : qi.route) {
    agents += m.groups[g].agents;
    busy += s.busy_in[g];
  }
  switch (c.kind) {
    case CondKind::QueueLength: return s.waiting[c.queue];
    case CondKind::AvailableAgents: return static_cast<double>(agents - busy);
    case CondKind::Occupancy:
      // Nobody logged in counts as fully occupied: no agent is free.
      return agents == 0 ? 1.0 : static_cast<double>(busy) / static_cast<double>(agents);
    case CondKind::ExpectedWait:
      if (busy < agents) return 0.0;
      if (agents == 0) return infinity;
      return (s.waiting[c.queue] + 1.0) * qi.mean_service_s / static_cast<double>(agents);
    default: CCSIM_ASSERT(false);
  }
  return 0.0;
}

// Evaluates as the simulator does: every child of all/any is evaluated (so each hysteresis sees
// every entry); a hysteresis flag changes only when its condition is evaluated. Switches are
// recorded against the rule being evaluated.
bool holds(const Model& m, const Cond& c, State& s, Route& r, Id q, std::size_t rule) {
  if (c.kind == CondKind::All || c.kind == CondKind::Any) {
    bool all = true;
    bool any = false;
    for (const auto& child : c.children) {
      const bool h = holds(m, child, s, r, q, rule);
      all = all && h;
      any = any || h;
    }
    return c.kind == CondKind::All ? all : any;
  }
  const double v = metric(m, c, s);
  // The hysteresis step shared with the simulator (sim/model/conditions.hpp).
  if (c.flag < 0) return model::step_metric_condition(c, v, false).on;
  auto& on = s.flag[static_cast<std::size_t>(c.flag)];
  const model::HysteresisStep step = model::step_metric_condition(c, v, on != 0);
  if (step.switched != 0) r.switches.push_back({q, rule, step.on});
  on = step.on ? 1 : 0;
  return step.on;
}

// n choose k for a real n.
long double binomial(long double n, std::size_t k) {
  long double c = 1.0L;
  for (std::size_t i = 1; i <= k; ++i) {
    const auto il = static_cast<long double>(i);
    c = c * (n - static_cast<long double>(k) + il) / il;
  }
  return c;
}

}  // namespace

void route(const Model& m, State& s, std::size_t cls, Route& r) {
  r.entered.clear();
  r.fired.clear();
  r.switches.clear();
  const auto& c = m.classes[cls];
  Id q = c.enters;
  std::uint32_t transfers = 0;
  for (;;) {
    r.entered.push_back(q);
    const auto& qi = m.queues[q];
    bool moved = false;
    for (std::size_t i = 0; i < qi.rules.size(); ++i) {
      const auto& rule = qi.rules[i];
      if (!holds(m, rule.when, s, r, q, i)) continue;
      if (rule.to_exit) {
        r.fired.emplace_back(q, i);
        r.end = Route::End::OverflowedOut;
        r.queue = q;
        return;
      }
      if (++transfers > m.sc->max_hops) {  // the simulator's ping-pong guard: blocked at q, not sent
        r.end = Route::End::Blocked;
        r.queue = q;
        return;
      }
      r.fired.emplace_back(q, i);
      q = rule.to;
      moved = true;
      break;
    }
    if (moved) continue;
    for (const Id g : qi.route) {
      const auto& gi = m.groups[g];
      if (s.busy_in[g] < gi.agents) {
        ++s.busy[gi.first_digit + static_cast<std::size_t>(gi.rate_of_class[cls])];
        ++s.busy_in[g];
        r.end = Route::End::Answered;
        r.queue = q;
        r.group = g;
        return;
      }
    }
    const int line = qi.line_of_level.empty() ? -1 : qi.line_of_level[c.level];
    if (line < 0 || s.waiting[q] >= qi.bound) {
      r.end = Route::End::Blocked;
      r.queue = q;
      return;
    }
    const auto l = static_cast<std::size_t>(line);
    const auto& li = m.lines[l];
    const auto symbol =
        static_cast<std::size_t>(std::find(li.classes.begin(), li.classes.end(), cls) - li.classes.begin());
    r.end = Route::End::Joined;
    r.queue = q;
    r.line = l;
    r.ahead = s.len[l];
    push_tail(m, s, l, symbol);
    return;
  }
}

std::optional<std::size_t> take(const Model& m, State& s, Id g, std::size_t& cls) {
  const auto& gi = m.groups[g];
  for (const Id q : gi.serves) {
    if (s.waiting[q] == 0) continue;
    for (const std::size_t l : m.queues[q].lines) {
      if (s.len[l] == 0) continue;
      cls = m.lines[l].classes[symbol_at(m, s, l, 0)];
      remove_at(m, s, l, 0);
      ++s.busy[gi.first_digit + static_cast<std::size_t>(gi.rate_of_class[cls])];
      ++s.busy_in[g];
      return l;
    }
  }
  return std::nullopt;
}

long double structural_states(const Model& m) {
  const std::size_t ng = m.groups.size();
  if (ng > 24) return -1.0L;  // not worth 2^G terms; the search's cap decides
  std::vector<long double> full(ng);
  std::vector<long double> not_full(ng);
  for (std::size_t g = 0; g < ng; ++g) {
    const long double a = m.groups[g].agents;
    const std::size_t r = m.groups[g].mu.size();
    if (r == 0) {
      full[g] = m.groups[g].agents == 0 ? 1.0L : 0.0L;
      not_full[g] = m.groups[g].agents == 0 ? 0.0L : 1.0L;
    } else {
      full[g] = binomial(a + static_cast<long double>(r) - 1.0L, r - 1);  // busy counts summing to a
      not_full[g] = binomial(a - 1.0L + static_cast<long double>(r), r);  // summing to less than a
    }
  }
  std::vector<long double> configs(m.queues.size(), 1.0L);
  std::vector<std::uint64_t> served_by(m.queues.size(), 0);
  for (std::size_t q = 0; q < m.queues.size(); ++q) {
    const auto& qi = m.queues[q];
    for (const Id g : qi.route) served_by[q] |= std::uint64_t{1} << g;
    if (qi.lines.empty()) continue;
    const std::size_t bound = qi.bound;
    if (qi.lines.size() == 1) {
      configs[q] = static_cast<long double>(m.lines[qi.lines.front()].offset.back());
      if (m.lines[qi.lines.front()].offset.back() >= key_limit) configs[q] = 1e30L;
      continue;
    }
    if (bound > 20'000) {  // at least the compositions of `bound` callers over the lines
      configs[q] = binomial(static_cast<long double>(bound + qi.lines.size()), qi.lines.size());
      continue;
    }
    std::vector<long double> poly(bound + 1, 0.0L);
    poly[0] = 1.0L;
    for (const std::size_t l : qi.lines) {
      std::vector<long double> next(bound + 1, 0.0L);
      const auto mm = static_cast<long double>(m.lines[l].m);
      for (std::size_t a = 0; a <= bound; ++a) {
        if (poly[a] == 0.0L) continue;
        long double w = 1.0L;
        for (std::size_t b = 0; a + b <= bound; ++b) {
          next[a + b] = std::min(next[a + b] + poly[a] * w, 1e30L);
          w = std::min(w * mm, 1e30L);
        }
      }
      poly.swap(next);
    }
    configs[q] = std::min(std::accumulate(poly.begin(), poly.end(), 0.0L), 1e30L);
  }
  long double total = 0.0L;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << ng); ++mask) {
    long double term = 1.0L;
    for (std::size_t g = 0; g < ng && term > 0.0L; ++g) term *= (mask >> g & 1U) ? full[g] : not_full[g];
    if (term == 0.0L) continue;
    for (std::size_t q = 0; q < m.queues.size(); ++q) {
      if ((served_by[q] & ~mask) == 0) term *= configs[q];
    }
    total = std::min(total + term, 1e30L);
  }
  for (const std::uint32_t b : m.orbit_bound) total = std::min(total * (static_cast<long double>(b) + 1.0L), 1e30L);
  return std::min(total * std::pow(2.0L, static_cast<long double>(m.flags)), 1e30L);
}

// nullopt when more than max_states states are reachable.
std::optional<Chain> build_chain(const Model& m, std::size_t max_states) {
  Chain c;
  std::unordered_map<std::uint64_t, std::uint32_t> index;
  index.reserve(std::min<std::size_t>(max_states, std::size_t{1} << 16));
  State s(m);
  State t(m);
  Route r;
  const std::uint64_t start = encode(m, s);
  c.keys.push_back(start);
  index.emplace(start, 0);
  std::vector<std::pair<std::uint32_t, double>> column;
  bool too_many = false;
  for (std::size_t i = 0; i < c.keys.size() && !too_many; ++i) {
    decode(m, c.keys[i], s);
    column.clear();
    double out = 0.0;
    explore(m, s, t, r, [&](const State& target, double rate, const Event&) {
      if (rate <= 0.0 || too_many) return;
      const std::uint64_t key = encode(m, target);
      if (key == c.keys[i]) return;  // a blocked arrival: no change
      auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(c.keys.size()));
      if (fresh) {
        if (c.keys.size() >= max_states) {
          too_many = true;
          return;
        }
        c.keys.push_back(key);
      }
      out += rate;
      column.emplace_back(it->second, rate);
    });
    if (too_many) break;
    column.emplace_back(static_cast<std::uint32_t>(i), -out);
    std::sort(column.begin(), column.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t first = c.inner.size();
    for (const auto& [row, value] : column) {
      if (c.inner.size() > first && c.inner.back() == static_cast<int>(row)) {
        c.values.back() += value;  // two events leading to the same state
        continue;
      }
      c.inner.push_back(static_cast<int>(row));
      c.values.push_back(value);
    }
    c.outer.push_back(static_cast<int>(c.inner.size()));
    c.outflow.push_back(out);
    if (c.inner.size() > static_cast<std::size_t>(std::numeric_limits<int>::max() / 2)) too_many = true;
  }
  if (too_many) return std::nullopt;
  return c;
}

}  // namespace ccsim::analysis::ctmc
