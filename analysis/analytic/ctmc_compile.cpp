#include "analysis/analytic/ctmc_compile.hpp"

#include "sim/error.hpp"
#include "sim/model/conditions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace ccsim::analysis::ctmc {

namespace {

std::string distribution_name(engine::Distribution::Kind kind) {
  using K = engine::Distribution::Kind;
  switch (kind) {
    case K::Constant: return "constant";
    case K::Exponential: return "exponential";
    case K::Lognormal: return "lognormal";
    case K::Gamma: return "gamma";
    case K::Erlang: return "erlang";
    case K::Weibull: return "weibull";
    case K::Uniform: return "uniform";
    case K::Empirical: return "empirical";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------
// Refusals: everything that makes the routing non-Markovian, all reported at once.

void check_condition(const model::Condition& c, const std::string& when_ptr, std::vector<std::string>& problems,
                     const std::string& source) {
  const model::ConditionKindInfo& kind = model::condition_kind(c.kind);
  const std::string p = when_ptr + "/" + std::string(kind.name);
  if (kind.value == model::ConditionValue::Combinator) {
    for (std::size_t i = 0; i < c.children.size(); ++i) {
      check_condition(c.children[i], p + "/" + std::to_string(i), problems, source);
    }
  } else if (!kind.state_metric) {
    problems.push_back(source + ": " + p + ": " + std::string(kind.why_not_state) +
                       "; ccsim exact needs a Markovian scenario");
  }
}

Cond compile_condition(const model::Condition& c, Id own_queue, std::size_t& flags, bool& expected_wait) {
  Cond out;
  out.kind = c.kind;
  out.at_least = c.at_least;
  out.at_most = c.at_most;
  out.until_below = c.until_below;
  out.until_above = c.until_above;
  out.queue = c.queue.value_or(own_queue);
  if (c.kind == CondKind::ExpectedWait) expected_wait = true;
  if (c.until_below || c.until_above) out.flag = static_cast<int>(flags++);
  for (const auto& child : c.children) {
    out.children.push_back(compile_condition(child, own_queue, flags, expected_wait));
  }
  return out;
}

}  // namespace

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string count_text(double n) { return n < 1e15 ? fmt::format("{:.0f}", n) : fmt::format("{:.3g}", n); }

CtmcResult result_for(const model::Scenario& sc) {
  CtmcResult result;
  result.scenario = sc.name;
  result.source = sc.source;
  result.seed = sc.seed;
  result.horizon_s = sc.horizon_s;
  result.warmup_s = sc.warmup_s;
  result.interval_s = sc.interval_s;
  result.start_clock_s = sc.start_clock_s;
  result.thresholds_s = sc.thresholds_s;
  return result;
}

void check_markovian(const model::Scenario& sc) {
  std::vector<std::string> problems;
  const auto refuse = [&](const std::string& ptr, const std::string& what) {
    problems.push_back(sc.source + ": " + ptr + ": " + what + "; ccsim exact needs a Markovian scenario");
  };
  for (std::size_t i = 0; i < sc.call_types.size(); ++i) {
    const auto& ct = sc.call_types[i];
    const std::string p = "/call_types/" + std::to_string(i);
    if (ct.arrivals.trace) {
      refuse(p + "/arrivals", "trace arrivals (not a Poisson process)");
    } else if (ct.arrivals.per_second.size() != 1) {
      refuse(p + "/arrivals", "per-interval arrival rates (the rate must be constant)");
    }
    if (!ct.handle_time.is_exponential()) {
      refuse(p + "/handle_time", "not exponential (" + distribution_name(ct.handle_time.kind()) + ")");
    }
    if (ct.patience && !ct.patience->is_exponential()) {
      refuse(p + "/patience", "not exponential (" + distribution_name(ct.patience->kind()) + ")");
    }
    if (ct.wrap_up) refuse(p + "/wrap_up", "wrap-up time (" + distribution_name(ct.wrap_up->kind()) + ")");
    for (const auto& other : sc.call_types) {
      if (other.priority == ct.priority && other.head_start_s != ct.head_start_s) {
        refuse(p + "/head_start", "a head start other types of its priority do not share (the order depends on ages)");
        break;
      }
    }
    if (ct.redial && !ct.redial->delay.is_exponential()) {
      refuse(p + "/redial/delay", "not exponential (" + distribution_name(ct.redial->delay.kind()) + ")");
    }
    if (ct.redial && ct.redial->max) refuse(p + "/redial/max", "a max on redials (each caller's redials counted)");
  }
  if (!sc.initial_state.empty()) refuse("/initial_state", "an initial state (the chain gives the stationary regime)");
  if (sc.busyness) refuse("/busyness", "busyness (a random factor per replication)");
  for (std::size_t i = 0; i < sc.sites.size(); ++i) {
    if (!sc.sites[i].outages.empty()) refuse("/sites/" + std::to_string(i) + "/outages", "site outages");
  }
  for (std::size_t q = 0; q < sc.queues.size(); ++q) {
    const auto& queue = sc.queues[q];
    const std::string p = "/queues/" + std::to_string(q);
    if (queue.announcement) refuse(p + "/announcement", "an announcement");
    for (std::size_t r = 0; r < queue.overflow.size(); ++r) {
      const auto& rule = queue.overflow[r];
      const std::string rp = p + "/overflow/" + std::to_string(r);
      if (rule.delay) refuse(rp + "/delay", "a transfer delay");
      if (rule.announcement) refuse(rp + "/announcement", "an announcement");
      check_condition(rule.when, rp + "/when", problems, sc.source);
    }
  }
  for (std::size_t g = 0; g < sc.agent_groups.size(); ++g) {
    const auto& group = sc.agent_groups[g];
    const std::string p = "/agent_groups/" + std::to_string(g);
    if (!group.shifts.empty()) refuse(p + "/agents", "shifts (the number of agents must be constant)");
    else if (group.agents.size() != 1)
      refuse(p + "/agents", "per-interval staffing (the number of agents must be constant)");
    for (std::size_t k = 0; k < group.serves.size(); ++k) {
      if (group.serves[k].after_s > 0.0) {
        refuse(p + "/serves/" + std::to_string(k) + "/after",
               "an \"after\" tier (eligibility depends on each caller's own wait)");
      }
    }
  }
  if (!problems.empty()) throw InputError(problems);
}

namespace {

// Call types merged into classes (ClassInfo), with their priority levels.
void compile_classes(const model::Scenario& sc, Model& m) {
  std::vector<int> priorities;
  for (const auto& ct : sc.call_types) priorities.push_back(ct.priority);
  std::sort(priorities.begin(), priorities.end(), std::greater<>());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
  m.levels = priorities.size();

  for (Id t = 0; t < sc.call_types.size(); ++t) {
    const auto& ct = sc.call_types[t];
    const double handle = ct.handle_time.mean();
    const bool patient = !ct.patience.has_value();
    const double theta = patient ? 0.0 : 1.0 / ct.patience->mean();
    const auto level =
        static_cast<std::size_t>(std::find(priorities.begin(), priorities.end(), ct.priority) - priorities.begin());
    std::size_t k = 0;
    for (; k < m.classes.size(); ++k) {
      const auto& c = m.classes[k];
      if (c.enters == ct.enters && c.level == level && c.handle_mean == handle && c.patient == patient &&
          c.theta == theta && c.orbit < 0 && !ct.redial)
        break;
    }
    if (k == m.classes.size()) {
      ClassInfo c;
      c.enters = ct.enters;
      c.level = level;
      c.handle_mean = handle;
      c.mu = 1.0 / handle;
      c.theta = theta;
      c.patient = patient;
      if (ct.redial) {  // a class of its own, with an orbit
        c.orbit = static_cast<int>(m.orbits.size());
        c.nu = 1.0 / ct.redial->delay.mean();
        c.p_abandon = ct.redial->after_abandon;
        c.p_blocked = ct.redial->after_blocked;
        m.orbits.push_back(m.classes.size());
        m.orbit_bound.push_back(kInitialOrbitBound);
      }
      m.classes.push_back(std::move(c));
    }
    m.classes[k].types.push_back(t);
    m.classes[k].rate += ct.arrivals.per_second.front();
    m.type_class.push_back(k);
  }
}

// Each queue's overflow rules, and the groups that answer it in answering order.
void compile_queues(const model::Scenario& sc, Model& m) {
  const std::size_t nq = sc.queues.size();
  m.queues.resize(nq);
  for (Id q = 0; q < nq; ++q) {
    for (const auto& rule : sc.queues[q].overflow) {
      RuleInfo r;
      const std::size_t flags_before = m.flags;
      r.when = compile_condition(rule.when, q, m.flags, m.uses_expected_wait);
      r.hysteresis = m.flags > flags_before;
      r.to_exit = rule.to.kind == model::Target::Kind::Exit;
      r.to = rule.to.id;
      r.target = r.to_exit ? sc.exits[r.to].name : sc.queues[r.to].name;
      r.text = rule.text.empty() ? rule.when.text + " -> " + r.target : rule.text;
      m.queues[q].rules.push_back(std::move(r));
      m.has_rules = true;
    }
    // Answering order: earliest position in the serves list, then group order (as the simulator).
    std::vector<std::pair<std::size_t, Id>> candidates;
    for (Id g = 0; g < sc.agent_groups.size(); ++g) {
      const auto& serves = sc.agent_groups[g].serves;
      for (std::size_t pos = 0; pos < serves.size(); ++pos) {
        if (serves[pos].queue == q) {
          candidates.emplace_back(pos, g);
          break;
        }
      }
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& c : candidates) m.queues[q].route.push_back(c.second);
  }
}

// Whether queue `to` is at most max_hops rule transfers from `from` (breadth first).
bool within_hops(const Model& m, Id from, Id to) {
  std::vector<Id> level{from};
  std::vector<bool> seen(m.queues.size(), false);
  seen[from] = true;
  for (std::uint32_t depth = 0; !level.empty(); ++depth) {
    if (std::find(level.begin(), level.end(), to) != level.end()) return true;
    if (depth == m.sc->max_hops) return false;
    std::vector<Id> next;
    for (const Id q : level) {
      for (const auto& r : m.queues[q].rules) {
        if (!r.to_exit && !seen[r.to]) {
          seen[r.to] = true;
          next.push_back(r.to);
        }
      }
    }
    level = std::move(next);
  }
  return false;
}

// The queues each class can reach through the rules, the classes with arrivals, and each
// queue's rate-weighted mean handle time (for expected_wait).
void compile_reach(Model& m) {
  const std::size_t nq = m.queues.size();
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    auto& c = m.classes[k];
    c.reaches.assign(nq, false);
    std::vector<Id> todo{c.enters};
    c.reaches[c.enters] = true;
    while (!todo.empty()) {
      const Id q = todo.back();
      todo.pop_back();
      for (const auto& r : m.queues[q].rules) {
        if (!r.to_exit && !c.reaches[r.to]) {
          c.reaches[r.to] = true;
          todo.push_back(r.to);
        }
      }
    }
    if (c.rate > 0.0) m.active.push_back(k);
  }
  // expected_wait's mean busy time counts, as the simulator does, the classes that can be in
  // the queue: at most max_hops transfers from their entry (one more blocks the call).
  for (Id q = 0; q < nq; ++q) {
    double weight = 0.0;
    double busy = 0.0;
    for (const auto& c : m.classes) {
      if (!within_hops(m, c.enters, q)) continue;
      weight += c.rate;
      busy += c.rate * c.handle_mean;
    }
    m.queues[q].mean_service_s = weight > 0.0 ? busy / weight : 0.0;
  }
}

// Agent groups, with one busy digit per distinct completion rate of the classes they serve.
void compile_groups(const model::Scenario& sc, Model& m) {
  for (const auto& group : sc.agent_groups) {
    GroupInfo gi;
    gi.agents = group.agents.front();
    for (const auto& s : group.serves) gi.serves.push_back(s.queue);
    gi.rate_of_class.assign(m.classes.size(), -1);
    for (const std::size_t k : m.active) {
      const auto& c = m.classes[k];
      const bool served = std::any_of(gi.serves.begin(), gi.serves.end(), [&](Id q) { return c.reaches[q]; });
      if (!served) continue;
      auto it = std::find(gi.mu.begin(), gi.mu.end(), c.mu);
      if (it == gi.mu.end()) {
        gi.mu.push_back(c.mu);
        it = gi.mu.end() - 1;
      }
      gi.rate_of_class[k] = static_cast<int>(it - gi.mu.begin());
    }
    gi.first_digit = m.busy_digits;
    m.busy_digits += gi.mu.size();
    m.groups.push_back(std::move(gi));
  }
}

}  // namespace

Model compile(const model::Scenario& sc) {
  Model m;
  m.sc = &sc;
  compile_classes(sc, m);
  compile_queues(sc, m);
  compile_reach(m);
  compile_groups(sc, m);
  return m;
}

void layout(Model& m, const std::vector<std::uint32_t>& bounds, const std::vector<bool>& truncated) {
  m.lines.clear();
  for (Id q = 0; q < m.queues.size(); ++q) {
    auto& qi = m.queues[q];
    qi.bound = bounds[q];
    qi.truncated = truncated[q];
    qi.lines.clear();
    qi.line_of_level.assign(m.levels, -1);
    if (qi.bound == 0) continue;
    for (std::size_t level = 0; level < m.levels; ++level) {
      LineInfo line;
      line.queue = q;
      line.level = level;
      for (const std::size_t k : m.active) {
        if (m.classes[k].level == level && m.classes[k].reaches[q]) line.classes.push_back(k);
      }
      if (line.classes.empty()) continue;
      line.m = line.classes.size();
      line.bound = qi.bound;
      line.power.assign(std::size_t{line.bound} + 1, 1);
      line.offset.assign(std::size_t{line.bound} + 2, 0);
      for (std::size_t i = 1; i <= line.bound; ++i) line.power[i] = mul_sat(line.power[i - 1], line.m);
      for (std::size_t t = 0; t <= line.bound; ++t) {
        line.offset[t + 1] = std::min(line.offset[t] + line.power[t], key_limit);
      }
      qi.line_of_level[level] = static_cast<int>(m.lines.size());
      qi.lines.push_back(m.lines.size());
      m.lines.push_back(std::move(line));
    }
  }

  // A caller joining a line sees a pure-death chain of the callers ahead of it when nobody can
  // overtake it, the callers ahead share one patience rate, and the agents who take from the
  // line when it is not empty are always busy and finish at one common rate (docs/formulas.md).
  const auto& sc = *m.sc;
  for (auto& line : m.lines) {
    const auto& qi = m.queues[line.queue];
    const std::string qname = quote(sc.queues[line.queue].name);
    line.theta = m.classes[line.classes.front()].theta;
    line.simple = true;
    const auto fail = [&](const std::string& why) {
      if (!line.simple) return;
      line.simple = false;
      line.why_not = why;
    };
    if (qi.lines.front() != static_cast<std::size_t>(&line - m.lines.data())) {
      fail("callers of higher priority overtake callers waiting in queue " + qname);
    }
    for (const std::size_t k : line.classes) {
      if (m.classes[k].theta != line.theta) fail("call types with different patience wait together in queue " + qname);
    }
    std::optional<double> mu;
    line.service = 0.0;
    for (const Id g : qi.route) {
      const auto& gi = m.groups[g];
      if (gi.agents == 0) continue;  // never takes anyone
      if (gi.serves.front() != line.queue) {
        fail("agent group " + quote(sc.agent_groups[g].name) + " takes calls from another queue before queue " + qname);
      }
      for (const double r : gi.mu) {
        if (mu && *mu != r) {
          fail("the agents serving queue " + qname + " also handle calls of another mean handle time");
        }
        mu = r;
      }
      if (mu) line.service += gi.agents * *mu;
    }
  }

  // Mixed radix: one digit per line (a word over its classes), per (group, handle rate) busy
  // count, per hysteresis flag.
  m.radix.clear();
  for (const auto& line : m.lines) m.radix.push_back(line.offset.back());
  for (const auto& g : m.groups) {
    for (std::size_t i = 0; i < g.mu.size(); ++i) m.radix.push_back(std::uint64_t{g.agents} + 1);
  }
  for (std::size_t f = 0; f < m.flags; ++f) m.radix.push_back(2);
  for (const std::uint32_t b : m.orbit_bound) m.radix.push_back(std::uint64_t{b} + 1);
  m.stride.assign(m.radix.size(), 1);
  m.key_space = 1;
  for (std::size_t d = 0; d < m.radix.size(); ++d) {
    m.stride[d] = m.key_space;
    m.key_space = mul_sat(m.key_space, m.radix[d]);
  }
}

}  // namespace ccsim::analysis::ctmc
