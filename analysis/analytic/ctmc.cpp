#include "analysis/analytic/ctmc.hpp"

#include "sim/error.hpp"

// Eigen's headers are not clean under our warning flags; they are quarantined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#pragma GCC diagnostic ignored "-Woverloaded-virtual"
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace ccsim::analysis {

namespace {

using model::Id;
using CondKind = model::Condition::Kind;

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
// Above this many states SparseLU's fill-in costs too much time and memory (a chain of three
// queues of 40 waiting each: 37 s, 1.1 GB): BiCGSTAB first, LU only if it fails, up to the
// second bound.
constexpr std::size_t direct_solver_states = 30'000;
constexpr std::size_t lu_fallback_states = 100'000;
// |pi Q|_1 relative to the total probability flow: above this the solution is not trusted.
constexpr double residual_tolerance = 1e-9;
// Keys are products of the digit radices; beyond this a state no longer fits one integer.
constexpr std::uint64_t key_limit = std::uint64_t{1} << 62;
// An unlimited queue is never cut beyond this many waiting callers.
constexpr std::uint32_t max_truncation = 50'000'000;

std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  if (a > key_limit / b) return key_limit;
  return std::min(a * b, key_limit);
}

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

// The JSON key of a condition, as in the scenario file (for pointers).
std::string condition_key(CondKind kind) {
  switch (kind) {
    case CondKind::QueueLength: return "queue_length";
    case CondKind::ExpectedWait: return "expected_wait";
    case CondKind::LongestWait: return "longest_wait";
    case CondKind::Occupancy: return "occupancy";
    case CondKind::AvailableAgents: return "available_agents";
    case CondKind::ServiceLevel: return "service_level";
    case CondKind::SiteDown: return "site_down";
    case CondKind::Waited: return "waited";
    case CondKind::All: return "all";
    case CondKind::Any: return "any";
  }
  return "unknown";
}

std::string count_text(double n) {
  char buf[64];
  if (n < 1e15) std::snprintf(buf, sizeof buf, "%.0f", n);
  else std::snprintf(buf, sizeof buf, "%.3g", n);
  return buf;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

std::string fmt_g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Refusals: everything that makes the routing non-Markovian, all reported at once.

void check_condition(const model::Condition& c, const std::string& when_ptr, std::vector<std::string>& problems,
                     const std::string& source) {
  const std::string p = when_ptr + "/" + condition_key(c.kind);
  const auto refuse = [&](const std::string& what) {
    problems.push_back(source + ": " + p + ": " + what + "; ccsim exact needs a Markovian scenario");
  };
  switch (c.kind) {
    case CondKind::All:
    case CondKind::Any:
      for (std::size_t i = 0; i < c.children.size(); ++i) {
        check_condition(c.children[i], p + "/" + std::to_string(i), problems, source);
      }
      break;
    case CondKind::Waited: refuse("a \"waited\" timer (it depends on each caller's own wait)"); break;
    case CondKind::LongestWait:
      refuse("longest_wait is not a function of a Markov state (it needs every caller's wait)");
      break;
    case CondKind::ServiceLevel:
      refuse("service_level over a trailing window is not a function of a Markov state");
      break;
    case CondKind::SiteDown: refuse("site_down depends on outage times, not on a Markov state"); break;
    case CondKind::QueueLength:
    case CondKind::ExpectedWait:
    case CondKind::Occupancy:
    case CondKind::AvailableAgents: break;
  }
}

void check_markovian(const model::Scenario& sc) {
  std::vector<std::string> problems;
  const auto refuse = [&](const std::string& ptr, const std::string& what) {
    problems.push_back(sc.source + ": " + ptr + ": " + what + "; ccsim exact needs a Markovian scenario");
  };
  for (std::size_t i = 0; i < sc.call_types.size(); ++i) {
    const auto& ct = sc.call_types[i];
    const std::string p = "/call_types/" + std::to_string(i);
    if (ct.arrivals.per_second.size() != 1) {
      refuse(p + "/arrivals", "per-interval arrival rates (the rate must be constant)");
    }
    if (!ct.handle_time.is_exponential()) {
      refuse(p + "/handle_time", "not exponential (" + distribution_name(ct.handle_time.kind()) + ")");
    }
    if (ct.patience && !ct.patience->is_exponential()) {
      refuse(p + "/patience", "not exponential (" + distribution_name(ct.patience->kind()) + ")");
    }
    if (ct.wrap_up) refuse(p + "/wrap_up", "wrap-up time (" + distribution_name(ct.wrap_up->kind()) + ")");
  }
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
    if (group.agents.size() != 1) {
      refuse(p + "/agents", "per-interval staffing (the number of agents must be constant)");
    }
    for (std::size_t k = 0; k < group.serves.size(); ++k) {
      if (group.serves[k].after_s > 0.0) {
        refuse(p + "/serves/" + std::to_string(k) + "/after",
               "an \"after\" tier (eligibility depends on each caller's own wait)");
      }
    }
  }
  if (!problems.empty()) throw InputError(problems);
}

// ---------------------------------------------------------------------------------------------
// The compiled model: call types merged into classes, rules with hysteresis flags numbered.

// Call types with the same entry queue, priority, handle time and patience take the very same
// routes at the same rates, so they are one class of the chain; each type's figures are the
// class's scaled by its share of the class's arrivals.
struct ClassInfo {
  std::vector<Id> types;
  Id enters = 0;
  std::size_t level = 0;      // priority level, 0 = highest
  double handle_mean = 0.0;   // s
  double mu = 0.0;            // 1 / handle_mean
  double theta = 0.0;         // 1 / mean patience; 0 = never abandons
  bool patient = false;       // has no patience
  double rate = 0.0;          // calls/s
  std::vector<bool> reaches;  // per queue: can be routed there (entry queue and rule targets)
};

struct Cond {
  CondKind kind = CondKind::QueueLength;
  std::optional<double> at_least;
  std::optional<double> at_most;
  std::optional<double> until_below;
  std::optional<double> until_above;
  Id queue = 0;   // whose metric
  int flag = -1;  // hysteresis flag index, -1 without hysteresis
  std::vector<Cond> children;
};

struct RuleInfo {
  Cond when;
  bool hysteresis = false;
  bool to_exit = false;
  Id to = 0;
  std::string text;
  std::string target;
};

struct LineInfo {
  Id queue = 0;
  std::size_t level = 0;
  std::vector<std::size_t> classes;   // symbol -> class
  std::uint64_t m = 1;                // symbols
  std::uint32_t bound = 0;            // most callers (the queue's bound)
  std::vector<std::uint64_t> power;   // m^i, i = 0..bound
  std::vector<std::uint64_t> offset;  // first digit of words of length t, t = 0..bound+1
  // Tagged-caller (pure-death) analysis of a caller joining this line.
  bool simple = false;
  std::string why_not;
  double service = 0.0;  // total service rate of the agents that take from it when it is not empty
  double theta = 0.0;
};

struct QueueInfo {
  std::vector<RuleInfo> rules;
  std::vector<Id> route;           // groups that serve it, in answering order
  std::uint32_t bound = 0;         // most callers waiting: capacity, or truncation
  bool truncated = false;          // bound is a truncation of an unlimited queue
  std::vector<std::size_t> lines;  // highest priority first
  std::vector<int> line_of_level;  // -1: no line at that level
  // For expected_wait, as the simulator: mean handle time of the call types that can reach the
  // queue, weighted by arrival rate.
  double mean_service_s = 0.0;
};

struct GroupInfo {
  std::uint32_t agents = 0;
  std::vector<Id> serves;
  std::vector<double> mu;          // per busy digit of this group: its completion rate
  std::vector<int> rate_of_class;  // class -> index into mu, -1 if never served here
  std::size_t first_digit = 0;
};

struct Model {
  const model::Scenario* sc = nullptr;
  std::vector<ClassInfo> classes;
  std::vector<std::size_t> type_class;
  std::vector<std::size_t> active;  // classes with arrivals
  std::size_t levels = 0;
  std::vector<QueueInfo> queues;
  std::vector<LineInfo> lines;
  std::vector<GroupInfo> groups;
  std::size_t busy_digits = 0;
  std::size_t flags = 0;
  bool has_rules = false;
  bool uses_expected_wait = false;
  std::vector<std::uint64_t> radix;  // per digit: lines, busy digits, flags
  std::vector<std::uint64_t> stride;
  std::uint64_t key_space = 1;  // product of radices (saturated at key_limit)
};

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

// Everything that does not depend on queue bounds.
Model compile(const model::Scenario& sc) {
  Model m;
  m.sc = &sc;
  std::vector<int> priorities;
  for (const auto& ct : sc.call_types) priorities.push_back(ct.priority);
  std::sort(priorities.begin(), priorities.end(), std::greater<>());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
  m.levels = priorities.size();

  const std::size_t nq = sc.queues.size();
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
          c.theta == theta)
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
      m.classes.push_back(std::move(c));
    }
    m.classes[k].types.push_back(t);
    m.classes[k].rate += ct.arrivals.per_second.front();
    m.type_class.push_back(k);
  }

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
  for (Id q = 0; q < nq; ++q) {
    double weight = 0.0;
    double busy = 0.0;
    for (const auto& c : m.classes) {
      if (!c.reaches[q]) continue;
      weight += c.rate;
      busy += c.rate * c.handle_mean;
    }
    m.queues[q].mean_service_s = weight > 0.0 ? busy / weight : 0.0;
  }

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
  return m;
}

// Lines, tagged-caller analysis and the mixed-radix layout for the given queue bounds.
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
  m.stride.assign(m.radix.size(), 1);
  m.key_space = 1;
  for (std::size_t d = 0; d < m.radix.size(); ++d) {
    m.stride[d] = m.key_space;
    m.key_space = mul_sat(m.key_space, m.radix[d]);
  }
}

// ---------------------------------------------------------------------------------------------
// States.

struct State {
  std::vector<std::uint32_t> len;      // per line
  std::vector<std::uint64_t> word;     // per line: symbols, head in the lowest base-m digit
  std::vector<std::uint32_t> busy;     // per busy digit
  std::vector<std::uint8_t> flag;      // per hysteresis flag
  std::vector<std::uint32_t> waiting;  // per queue (sum of its lines)
  std::vector<std::uint32_t> busy_in;  // per group

  explicit State(const Model& m)
      : len(m.lines.size(), 0), word(m.lines.size(), 0), busy(m.busy_digits, 0), flag(m.flags, 0),
        waiting(m.queues.size(), 0), busy_in(m.groups.size(), 0) {}
};

std::uint64_t encode(const Model& m, const State& s) {
  std::uint64_t key = 0;
  std::size_t d = 0;
  for (std::size_t l = 0; l < m.lines.size(); ++l) key += (m.lines[l].offset[s.len[l]] + s.word[l]) * m.stride[d++];
  for (const std::uint32_t b : s.busy) key += b * m.stride[d++];
  for (const std::uint8_t f : s.flag) key += f * m.stride[d++];
  return key;
}

void decode(const Model& m, std::uint64_t key, State& s) {
  std::size_t d = 0;
  std::fill(s.waiting.begin(), s.waiting.end(), 0);
  std::fill(s.busy_in.begin(), s.busy_in.end(), 0);
  for (std::size_t l = 0; l < m.lines.size(); ++l) {
    const auto& line = m.lines[l];
    const std::uint64_t digit = key / m.stride[d] % m.radix[d];
    ++d;
    const auto t = std::upper_bound(line.offset.begin(), line.offset.end(), digit) - line.offset.begin() - 1;
    s.len[l] = static_cast<std::uint32_t>(t);
    s.word[l] = digit - line.offset[static_cast<std::size_t>(t)];
    s.waiting[line.queue] += s.len[l];
  }
  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    for (std::size_t i = 0; i < m.groups[g].mu.size(); ++i) {
      const auto b = static_cast<std::uint32_t>(key / m.stride[d] % m.radix[d]);
      ++d;
      s.busy[m.groups[g].first_digit + i] = b;
      s.busy_in[g] += b;
    }
  }
  for (std::size_t f = 0; f < m.flags; ++f) {
    s.flag[f] = static_cast<std::uint8_t>(key / m.stride[d] % m.radix[d]);
    ++d;
  }
}

std::size_t symbol_at(const Model& m, const State& s, std::size_t l, std::size_t i) {
  const auto& line = m.lines[l];
  return static_cast<std::size_t>(s.word[l] / line.power[i] % line.m);
}

void push_tail(const Model& m, State& s, std::size_t l, std::size_t symbol) {
  s.word[l] += symbol * m.lines[l].power[s.len[l]];
  ++s.len[l];
  ++s.waiting[m.lines[l].queue];
}

void remove_at(const Model& m, State& s, std::size_t l, std::size_t i) {
  const auto& line = m.lines[l];
  const std::uint64_t low = s.word[l] % line.power[i];
  const std::uint64_t high = s.word[l] / line.power[i + 1];
  s.word[l] = low + high * line.power[i];
  --s.len[l];
  --s.waiting[line.queue];
}

// ---------------------------------------------------------------------------------------------
// Routing, exactly as the simulator: rules of the queue entered, in order, first match wins
// (a rule to a queue is a transfer, more than max_hops transfers block the call); then an
// idle agent of the first group in answering order; then the line, or blocked when full.

struct Route {
  enum class End { Answered, Joined, Blocked, OverflowedOut };
  End end = End::Blocked;
  Id queue = 0;                                   // where it ended
  Id group = 0;                                   // Answered
  std::size_t line = 0;                           // Joined
  std::uint32_t ahead = 0;                        // Joined: callers of its line ahead of it
  bool hop_limit = false;                         // Blocked: one transfer too many (max_hops), not a full queue
  std::vector<Id> entered;                        // queues entered, in order
  std::vector<std::pair<Id, std::size_t>> fired;  // (queue, rule) that sent it on
  struct Switch {
    Id queue;
    std::size_t rule;
    bool on;
  };
  std::vector<Switch> switches;  // hysteresis flags that changed while routing
};

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
  if (c.flag >= 0) {
    auto& on = s.flag[static_cast<std::size_t>(c.flag)];
    const bool was = on != 0;
    const bool now =
        c.until_below ? (was ? v >= *c.until_below : v >= *c.at_least) : (was ? v <= *c.until_above : v <= *c.at_most);
    if (now != was) r.switches.push_back({q, rule, now});
    on = now ? 1 : 0;
    return now;
  }
  return (!c.at_least || v >= *c.at_least) && (!c.at_most || v <= *c.at_most);
}

void route(const Model& m, State& s, std::size_t cls, Route& r) {
  r.entered.clear();
  r.fired.clear();
  r.switches.clear();
  r.hop_limit = false;
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
      r.fired.emplace_back(q, i);
      if (rule.to_exit) {
        r.end = Route::End::OverflowedOut;
        r.queue = q;
        return;
      }
      if (++transfers > m.sc->max_hops) {  // the simulator's ping-pong guard
        r.end = Route::End::Blocked;
        r.hop_limit = true;
        r.queue = q;
        return;
      }
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

// A freed agent of group g takes the head of the highest-priority non-empty line of the first
// queue in its serves list that holds a caller. Returns the line, if it took a caller.
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

struct Event {
  enum class Kind { Arrival, Completion, Abandon };
  Kind kind = Kind::Arrival;
  std::size_t cls = 0;  // arriving, abandoning, or taken from a line
  const Route* route = nullptr;
  Id group = 0;
  std::optional<std::size_t> line;  // completion: line the agent took from; abandon: its line
};

// Every transition out of s: emit(target, rate, event). `t` and `r` are scratch.
template <class Emit>
void explore(const Model& m, const State& s, State& t, Route& r, Emit&& emit) {
  for (const std::size_t k : m.active) {
    t = s;
    route(m, t, k, r);
    Event e;
    e.kind = Event::Kind::Arrival;
    e.cls = k;
    e.route = &r;
    emit(t, m.classes[k].rate, e);
  }
  for (Id g = 0; g < m.groups.size(); ++g) {
    const auto& gi = m.groups[g];
    for (std::size_t i = 0; i < gi.mu.size(); ++i) {
      const std::uint32_t b = s.busy[gi.first_digit + i];
      if (b == 0) continue;
      t = s;
      --t.busy[gi.first_digit + i];
      --t.busy_in[g];
      Event e;
      e.kind = Event::Kind::Completion;
      e.group = g;
      e.line = take(m, t, g, e.cls);
      emit(t, b * gi.mu[i], e);
    }
  }
  for (std::size_t l = 0; l < m.lines.size(); ++l) {
    const auto& line = m.lines[l];
    if (s.len[l] == 0) continue;
    Event e;
    e.kind = Event::Kind::Abandon;
    e.line = l;
    if (line.m == 1) {
      e.cls = line.classes.front();
      const double theta = m.classes[e.cls].theta;
      if (theta == 0.0) continue;
      t = s;
      remove_at(m, t, l, 0);  // callers of one class are interchangeable
      emit(t, s.len[l] * theta, e);
      continue;
    }
    for (std::size_t i = 0; i < s.len[l]; ++i) {
      e.cls = line.classes[symbol_at(m, s, l, i)];
      const double theta = m.classes[e.cls].theta;
      if (theta == 0.0) continue;
      t = s;
      remove_at(m, t, l, i);
      emit(t, theta, e);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// State count of the encoding: a group with an idle agent implies empty queues for every queue
// it serves; everything else combines freely. Exact without overflow rules (every such state is
// reachable from the empty one), an upper bound with them.

long double binomial(long double n, std::size_t k) {
  long double c = 1.0L;
  for (std::size_t i = 1; i <= k; ++i) {
    const auto il = static_cast<long double>(i);
    c = c * (n - static_cast<long double>(k) + il) / il;
  }
  return c;
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
  return std::min(total * std::pow(2.0L, static_cast<long double>(m.flags)), 1e30L);
}

// ---------------------------------------------------------------------------------------------
// The chain: states reachable from the empty state, found breadth first, and the transposed
// generator A = Q^T column by column (CSC: column s holds the rates out of s, and -outflow on
// the diagonal, always stored so that it can be overwritten when pinning).

struct Chain {
  std::vector<std::uint64_t> keys;
  std::vector<int> outer{0};
  std::vector<int> inner;
  std::vector<double> values;
  std::vector<double> outflow;  // -Q(s, s)
};

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

struct Solved {
  std::vector<double> pi;
  std::string solver;
  double residual = 0.0;
};

// COLAMD, then the column of state 0 moved last. Row 0 holds the normalisation (a dense row of
// ones); with diagonal pivots it is a pivot row only for that last column, so it adds one dense
// row to L and nothing else.
struct StateZeroLastOrdering {
  using PermutationType = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;
  template <typename MatrixType>
  void operator()(const MatrixType& mat, PermutationType& perm) {
    Eigen::COLAMDOrdering<int>()(mat, perm);
    auto& to = perm.indices();  // old column -> new position
    const int last = static_cast<int>(to.size()) - 1;
    const int from = to[0];
    for (int j = 0; j <= last; ++j) {
      if (to[j] > from) --to[j];
    }
    to[0] = last;
  }
};

// pi Q = 0 with sum(pi) = 1, as A pi = e_0 where A is Q^T with the (redundant) balance equation
// of state 0 replaced by the normalisation. A without row 0 is diagonally dominant by columns
// (an M-matrix up to sign), so Gaussian elimination with diagonal pivots is stable; the
// pivoting threshold 0 keeps the diagonal whenever it is not zero. Large chains (whose LU
// fill-in grows too fast, chains of three or more queues above all) go to BiCGSTAB with a
// Jacobi preconditioner, restarted from its last iterate; the LU remains the fallback.
Solved solve_chain(const Chain& c) {
  using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;
  const auto n = static_cast<Eigen::Index>(c.keys.size());
  const Eigen::Map<const SpMat> full(n, n, static_cast<Eigen::Index>(c.values.size()), c.outer.data(), c.inner.data(),
                                     c.values.data());
  SpMat a = full;
  a.prune([](Eigen::Index row, Eigen::Index, double) { return row != 0; });
  {
    SpMat ones(n, n);
    ones.reserve(Eigen::VectorXi::Constant(n, 1));
    for (Eigen::Index j = 0; j < n; ++j) ones.insert(0, j) = 1.0;
    a += ones;
  }
  a.makeCompressed();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b[0] = 1.0;

  // Probabilities from a raw solution: tiny negative round-off clipped, then normalised; the
  // residual is that of every balance equation, the replaced one included, relative to the flow.
  const auto finish = [&](Eigen::VectorXd x, const std::string& solver) {
    Solved out;
    out.solver = solver;
    out.residual = infinity;
    double total = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!std::isfinite(x[i])) return out;
      x[i] = std::max(x[i], 0.0);
      total += x[i];
    }
    if (!(total > 0.0)) return out;
    x /= total;
    const Eigen::VectorXd y = full * x;
    double flow = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) flow += x[i] * c.outflow[static_cast<std::size_t>(i)];
    out.residual = flow > 0.0 ? y.lpNorm<1>() / flow : 0.0;
    out.pi.assign(x.data(), x.data() + n);
    return out;
  };

  if (c.keys.size() > direct_solver_states) {
    Eigen::BiCGSTAB<SpMat, Eigen::DiagonalPreconditioner<double>> it;
    it.setTolerance(1e-13);
    it.setMaxIterations(std::max<Eigen::Index>(2000, n / 10));
    it.compute(a);
    Eigen::VectorXd x = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
    Solved best;
    best.residual = infinity;
    for (int restart = 0; restart < 4; ++restart) {
      x = it.solveWithGuess(b, x);
      Solved tried = finish(x, "BiCGSTAB");
      if (tried.residual < best.residual) best = std::move(tried);
      if (best.residual <= residual_tolerance * 1e-3) break;
    }
    if (best.residual <= residual_tolerance || c.keys.size() > lu_fallback_states) return best;
  }
  Eigen::SparseLU<SpMat, StateZeroLastOrdering> lu;
  lu.setPivotThreshold(0.0);
  lu.analyzePattern(a);
  lu.factorize(a);
  if (lu.info() != Eigen::Success) {
    throw std::runtime_error("ccsim exact: sparse LU factorisation failed: " + lu.lastErrorMessage());
  }
  return finish(lu.solve(b), "SparseLU");
}

// ---------------------------------------------------------------------------------------------
// Tagged caller on a pure-death line (docs/formulas.md, "Erlang A", "The tagged caller"): with
// j ahead it is answered with probability s_j = c / (c + (j+1) theta), c the service rate;
// E[W; answered] = s_j sum_{i=1..j+1} 1 / (c + i theta); P(answered, W <= T) = s_j P(N >= j+1),
// N negative binomial (alpha + 1, 1 - e^{-theta T}), alpha = c / theta (Poisson(c T) if theta = 0).

struct Tagged {
  std::vector<double> answered;             // s_j
  std::vector<double> answered_wait;        // E[W; answered]
  std::vector<std::vector<double>> within;  // [threshold][j] P(answered, W <= T)
};

Tagged tagged_tables(double service, double theta, std::uint32_t bound, const std::vector<double>& thresholds) {
  Tagged tg;
  tg.answered.assign(bound, 0.0);
  tg.answered_wait.assign(bound, 0.0);
  tg.within.assign(thresholds.size(), std::vector<double>(bound, 0.0));
  if (service <= 0.0) return tg;  // nobody takes from this line
  long double harmonic = 0.0L;
  for (std::uint32_t j = 0; j < bound; ++j) {
    const double leave = service + (j + 1.0) * theta;
    harmonic += 1.0L / leave;
    tg.answered[j] = service / leave;
    tg.answered_wait[j] = static_cast<double>(tg.answered[j] * harmonic);
  }
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    const double tt = thresholds[k];
    if (tt <= 0.0) continue;
    const double exponent = (service + theta) * tt;
    const double alpha = theta > 0.0 ? service / theta : 0.0;
    const long double log_step = theta > 0.0 ? std::log(-std::expm1(-static_cast<long double>(theta) * tt))
                                             : std::log(static_cast<long double>(service) * tt);
    long double log_t = -exponent;
    long double tail = -std::expm1(-static_cast<long double>(exponent));  // P(N >= 1)
    for (std::uint32_t j = 0; j < bound; ++j) {
      if (j > 0) {
        const auto jl = static_cast<long double>(j);
        log_t += log_step - std::log(jl);
        if (theta > 0.0) log_t += std::log(static_cast<long double>(alpha) + jl);
        tail = std::max(tail - std::exp(log_t), 0.0L);
      }
      tg.within[k][j] = static_cast<double>(tg.answered[j] * tail);
    }
  }
  return tg;
}

// Birth-death bound of an unlimited queue: arrivals `lambda`, departures service + j theta with
// j waiting. The length beyond which the mass is below 1e-17 of the peak, or nullopt when the
// bound has no steady state (no patience and lambda >= service).
std::optional<std::uint32_t> initial_truncation(double lambda, double service, double theta) {
  if (lambda <= 0.0) return 1;
  double log_w = 0.0;
  double peak = 0.0;
  for (std::uint32_t j = 1; j < max_truncation; ++j) {
    const double rate = service + j * theta;
    if (rate <= 0.0) return std::nullopt;
    log_w += std::log(lambda / rate);
    peak = std::max(peak, log_w);
    const double ratio = lambda / (service + (j + 1.0) * theta);
    if (ratio < 1.0 && std::exp(log_w - peak) * (j + 1.0) / ((1.0 - ratio) * (1.0 - ratio)) < 1e-17) return j;
    if (theta == 0.0 && ratio >= 1.0) return std::nullopt;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Figures.

// Stationary rates (per second) of one scope of calls.
struct Flows {
  double offered = 0.0;
  double answered_now = 0.0;    // answered on arrival (wait 0)
  double answered_queue = 0.0;  // answered after waiting
  double abandoned = 0.0;
  double blocked = 0.0;
  double overflowed_out = 0.0;
  double joined = 0.0;
  double waiting = 0.0;          // time-average callers waiting (total wait per second)
  double tagged_answered = 0.0;  // sum over joins of s_j (check against answered_queue)
  double answered_wait = 0.0;    // sum over joins of E[W; answered]
  std::vector<double> within;    // per threshold: answered after a wait <= T

  void scale_add(const Flows& o, double f) {
    offered += f * o.offered;
    answered_now += f * o.answered_now;
    answered_queue += f * o.answered_queue;
    abandoned += f * o.abandoned;
    blocked += f * o.blocked;
    overflowed_out += f * o.overflowed_out;
    joined += f * o.joined;
    waiting += f * o.waiting;
    tagged_answered += f * o.tagged_answered;
    answered_wait += f * o.answered_wait;
    within.resize(o.within.size(), 0.0);
    for (std::size_t i = 0; i < o.within.size(); ++i) within[i] += f * o.within[i];
  }
  [[nodiscard]] double answered() const { return answered_now + answered_queue; }
};

// What can be said exactly of a scope's waits.
struct WaitKnowledge {
  bool service_level = false;  // tagged-caller formula valid for every line the scope waits in
  bool asa = false;            // tagged formula, or nobody abandons (Little's law)
  bool asa_tagged = false;     // asa from the tagged formula (else Little's law)
};

double ratio(double num, double den) { return den > 0.0 ? num / den : not_a_number; }

class Figures {
public:
  Figures(CtmcResult& r, const std::vector<double>& thresholds) : r_(r), thresholds_(thresholds) {}

  void add(const std::string& section, const std::string& name, int interval, const std::string& metric, double v) {
    FigureKey key{section, name, interval, metric};
    if (r_.values.emplace(key, v).second) r_.keys.push_back(std::move(key));
  }

  // The call figures of summary.cpp's call_figures, same keys and order, counts over `window` s.
  void calls(const std::string& section, const std::string& name, int interval, const Flows& f, const WaitKnowledge& w,
             double window) {
    const auto emit = [&](const std::string& metric, double v) { add(section, name, interval, metric, v); };
    const bool any = window > 0.0 && f.offered > 0.0;
    const auto share = [&](double x) { return any ? ratio(x, f.offered) : not_a_number; };
    emit("offered", f.offered * window);
    emit("answered", f.answered() * window);
    emit("abandoned", f.abandoned * window);
    emit("blocked", f.blocked * window);
    emit("overflowed_out", f.overflowed_out * window);
    emit("dropped", 0.0);
    if (w.service_level) {
      for (std::size_t k = 0; k < thresholds_.size(); ++k) {
        emit("service_level/" + Summary::threshold_key(thresholds_[k]), share(f.answered_now + f.within[k]));
      }
    }
    emit("answered_rate", share(f.answered()));
    // As the simulator: share of offered calls neither answered on arrival nor blocked.
    emit("p_wait", any ? 1.0 - (f.answered_now + f.blocked) / f.offered : not_a_number);
    emit("abandon_rate", share(f.abandoned));
    emit("block_rate", share(f.blocked));
    emit("overflow_rate", share(f.overflowed_out));
    if (w.asa) {
      const double wait = w.asa_tagged ? f.answered_wait : f.waiting;
      emit("asa", any ? ratio(wait, f.answered()) : not_a_number);
    }
    // Little's law: the time-average number waiting is the total wait per second, and every
    // caller who waits ends answered or abandoned in the queue where it waits.
    emit("mean_wait", any ? ratio(f.waiting, f.answered() + f.abandoned) : not_a_number);
  }

private:
  CtmcResult& r_;
  const std::vector<double>& thresholds_;
};

struct Solution {
  Model model;
  Chain chain;
  Solved solved;
};

void compute_figures(const model::Scenario& sc, const Solution& sol, CtmcResult& result) {
  const Model& m = sol.model;
  const auto& th = sc.thresholds_s;
  const std::size_t nc = m.classes.size();
  const std::size_t nq = m.queues.size();
  const std::size_t ng = m.groups.size();

  std::vector<Tagged> tagged(m.lines.size());
  for (std::size_t l = 0; l < m.lines.size(); ++l) {
    if (m.lines[l].simple) tagged[l] = tagged_tables(m.lines[l].service, m.lines[l].theta, m.lines[l].bound, th);
  }

  std::vector<Flows> cf(nc);
  std::vector<Flows> qf(nq);
  for (auto& f : cf) f.within.assign(th.size(), 0.0);
  for (auto& f : qf) f.within.assign(th.size(), 0.0);
  std::vector<std::vector<double>> rule_rate(nq);
  std::vector<std::vector<double>> switched_on(nq);
  std::vector<std::vector<double>> switched_off(nq);
  for (std::size_t q = 0; q < nq; ++q) {
    rule_rate[q].assign(m.queues[q].rules.size(), 0.0);
    switched_on[q].assign(m.queues[q].rules.size(), 0.0);
    switched_off[q].assign(m.queues[q].rules.size(), 0.0);
  }
  std::vector<double> busy(ng, 0.0);
  std::vector<double> answered_by(ng, 0.0);

  State s(m);
  State t(m);
  Route r;
  for (std::size_t i = 0; i < sol.chain.keys.size(); ++i) {
    const double p = sol.solved.pi[i];
    if (p == 0.0) continue;
    decode(m, sol.chain.keys[i], s);
    for (std::size_t q = 0; q < nq; ++q) qf[q].waiting += p * s.waiting[q];
    for (std::size_t l = 0; l < m.lines.size(); ++l) {
      const auto& line = m.lines[l];
      if (line.m == 1) {
        cf[line.classes.front()].waiting += p * s.len[l];
        continue;
      }
      for (std::size_t k = 0; k < s.len[l]; ++k) cf[line.classes[symbol_at(m, s, l, k)]].waiting += p;
    }
    for (std::size_t g = 0; g < ng; ++g) busy[g] += p * s.busy_in[g];
    explore(m, s, t, r, [&](const State&, double rate, const Event& e) {
      const double w = p * rate;
      switch (e.kind) {
        case Event::Kind::Arrival: {
          auto& c = cf[e.cls];
          const Route& rt = *e.route;
          c.offered += w;
          for (const Id q : rt.entered) qf[q].offered += w;
          for (const auto& [q, rule] : rt.fired) rule_rate[q][rule] += w;
          for (const auto& sw : rt.switches) (sw.on ? switched_on : switched_off)[sw.queue][sw.rule] += w;
          auto& qe = qf[rt.queue];
          switch (rt.end) {
            case Route::End::Answered:
              c.answered_now += w;
              qe.answered_now += w;
              answered_by[rt.group] += w;
              break;
            case Route::End::Joined:
              c.joined += w;
              qe.joined += w;
              if (m.lines[rt.line].simple) {
                const auto& tg = tagged[rt.line];
                for (Flows* f : {&c, &qe}) {
                  f->tagged_answered += w * tg.answered[rt.ahead];
                  f->answered_wait += w * tg.answered_wait[rt.ahead];
                  for (std::size_t k = 0; k < th.size(); ++k) f->within[k] += w * tg.within[k][rt.ahead];
                }
              }
              break;
            case Route::End::Blocked:
              c.blocked += w;
              if (!rt.hop_limit) qe.blocked += w;  // as the simulator: no queue owns a ping-pong block
              break;
            case Route::End::OverflowedOut:
              c.overflowed_out += w;
              qe.overflowed_out += w;
              break;
          }
          break;
        }
        case Event::Kind::Completion:
          if (e.line) {
            cf[e.cls].answered_queue += w;
            qf[m.lines[*e.line].queue].answered_queue += w;
            answered_by[e.group] += w;
          }
          break;
        case Event::Kind::Abandon:
          cf[e.cls].abandoned += w;
          qf[m.lines[*e.line].queue].abandoned += w;
          break;
      }
    });
  }

  // Offered is the arrival rate itself, not its sum over states (which rounds).
  for (std::size_t k = 0; k < nc; ++k) cf[k].offered = m.classes[k].rate;

  // What is known exactly about waits, per class and per queue.
  std::vector<WaitKnowledge> cw(nc);
  std::vector<std::string> class_why(nc);
  for (std::size_t k = 0; k < nc; ++k) {
    bool simple = true;
    for (const auto& line : m.lines) {
      if (std::find(line.classes.begin(), line.classes.end(), k) == line.classes.end() || line.simple) continue;
      if (simple) class_why[k] = line.why_not;
      simple = false;
    }
    cw[k].service_level = simple;
    cw[k].asa_tagged = simple;
    cw[k].asa = simple || m.classes[k].patient;
  }
  std::vector<WaitKnowledge> qw(nq);
  std::vector<std::string> queue_why(nq);
  for (std::size_t q = 0; q < nq; ++q) {
    bool simple = true;
    bool patient = true;
    for (const std::size_t l : m.queues[q].lines) {
      for (const std::size_t k : m.lines[l].classes) patient = patient && m.classes[k].patient;
      if (m.lines[l].simple) continue;
      if (simple) queue_why[q] = m.lines[l].why_not;
      simple = false;
    }
    qw[q] = {simple, simple || patient, simple};
  }

  const double window = std::max(sc.horizon_s - sc.warmup_s, 0.0);
  Figures fig(result, th);

  // Totals, then call types: a type's flows are its class's scaled by its share of arrivals.
  Flows total;
  total.within.assign(th.size(), 0.0);
  WaitKnowledge tw{true, true, true};
  std::vector<Flows> types(sc.call_types.size());
  std::vector<WaitKnowledge> type_w(sc.call_types.size());
  for (std::size_t k = 0; k < nc; ++k) {
    const auto& c = m.classes[k];
    Flows exact_asa = cf[k];
    if (!cw[k].asa_tagged) exact_asa.answered_wait = cf[k].waiting;  // Little, nobody abandons
    if (c.rate > 0.0) {
      total.scale_add(exact_asa, 1.0);
      tw.service_level = tw.service_level && cw[k].service_level;
      tw.asa = tw.asa && cw[k].asa;
    }
    for (const Id t_id : c.types) {
      const double share = c.rate > 0.0 ? sc.call_types[t_id].arrivals.per_second.front() / c.rate : 0.0;
      types[t_id].scale_add(cf[k], share);
      type_w[t_id] = cw[k];
    }
  }
  tw.asa_tagged = true;  // total.answered_wait already holds each class's exact numerator

  const auto emit_calls = [&](int interval, double win) {
    fig.calls("totals", "", interval, total, tw, win);
    for (std::size_t t_id = 0; t_id < sc.call_types.size(); ++t_id) {
      fig.calls("call_types", sc.call_types[t_id].name, interval, types[t_id], type_w[t_id], win);
    }
  };
  emit_calls(-1, window);

  for (std::size_t q = 0; q < nq; ++q) {
    const std::string& name = sc.queues[q].name;
    fig.calls("queues", name, -1, qf[q], qw[q], window);
    fig.add("queues", name, -1, "entered", (qf[q].answered_now + qf[q].joined) * window);
    const auto& rules = m.queues[q].rules;
    std::vector<std::string> targets;
    for (const auto& rule : rules) {
      if (std::find(targets.begin(), targets.end(), rule.target) == targets.end()) targets.push_back(rule.target);
    }
    for (const auto& target : targets) {
      double sum = 0.0;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].target == target) sum += rule_rate[q][i];
      }
      fig.add("queues", name, -1, "overflowed/" + target, sum * window);
    }
    fig.add("queues", name, -1, "rerouted", 0.0);
    fig.add("queues", name, -1, "announcements", 0.0);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const std::string base = "rules/" + std::to_string(i) + "/";
      fig.add("queues", name, -1, base + "fired", rule_rate[q][i] * window);
      if (rules[i].hysteresis) {
        fig.add("queues", name, -1, base + "switched_on", switched_on[q][i] * window);
        fig.add("queues", name, -1, base + "switched_off", switched_off[q][i] * window);
      }
      fig.add("queues", name, -1, base + "share_of_offered", ratio(rule_rate[q][i], total.offered));
      result.rules.push_back(
          {name, i, rules[i].text, rules[i].target, rule_rate[q][i], ratio(rule_rate[q][i], total.offered)});
    }
    fig.add("queues", name, -1, "mean_queue_length", qf[q].waiting);
  }
  for (std::size_t g = 0; g < ng; ++g) {
    const std::string& name = sc.agent_groups[g].name;
    const double agents = m.groups[g].agents;
    fig.add("agent_groups", name, -1, "occupancy", ratio(busy[g], agents));
    fig.add("agent_groups", name, -1, "answered", answered_by[g] * window);
    fig.add("agent_groups", name, -1, "mean_agents", agents);
  }
  // Per arrival interval: the same stationary figures over each interval's counted part.
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    const double start = static_cast<double>(i) * sc.interval_s;
    const double end = std::min(start + sc.interval_s, sc.horizon_s);
    emit_calls(static_cast<int>(i), std::max(end - std::max(start, sc.warmup_s), 0.0));
  }

  // Notes: modelling choices and every figure left out.
  auto& notes = result.notes;
  if (m.uses_expected_wait) {
    notes.emplace_back(
        "expected_wait as the simulator: 0 with an idle agent serving the queue, else (callers "
        "waiting + 1) x the rate-weighted mean handle time of the call types reaching the queue / "
        "agents serving it");
  }
  notes.emplace_back("stationary figures of the exact chain: counts are rate x counted window (" + count_text(window) +
                     " s); ci95 is 0; wait_percentiles and max_queue_length are not computed");
  for (std::size_t k = 0; k < nc; ++k) {
    if (cw[k].service_level || m.classes[k].rate <= 0.0) continue;
    for (const Id t_id : m.classes[k].types) {
      std::string note = "service_level omitted for call type " + quote(sc.call_types[t_id].name) + ": " +
                         class_why[k] + ", so the tagged-caller formula does not apply";
      if (!cw[k].asa) note += "; asa omitted too (its callers abandon, and Little's law gives only mean_wait)";
      notes.push_back(std::move(note));
    }
  }
  if (!tw.service_level) notes.emplace_back("service_level omitted for the totals: not available for every call type");
  if (!tw.asa) notes.emplace_back("asa omitted for the totals: not available for every call type");
  for (std::size_t q = 0; q < nq; ++q) {
    if (qw[q].service_level) continue;
    std::string note = "service_level omitted for queue " + quote(sc.queues[q].name) + ": " + queue_why[q];
    if (!qw[q].asa) note += "; asa omitted too";
    notes.push_back(std::move(note));
  }
  if (m.flags > 0) {
    notes.emplace_back(
        "hysteresis as the simulator: a condition's on/off state is part of the chain's state and "
        "changes only when a call entering the queue evaluates it");
  }
}

std::string too_many_states(const model::Scenario& sc, double need, std::size_t limit, bool exact,
                            const std::string& why) {
  std::string msg = sc.source + ": would need ";
  if (exact) msg += count_text(need) + " states (limit " + count_text(static_cast<double>(limit)) + ")";
  else {
    msg += "more than " + count_text(static_cast<double>(limit)) + " states (limit " +
           count_text(static_cast<double>(limit)) + ")";
    if (need > 0.0) msg += "; the encoding allows up to " + count_text(need);
  }
  msg += why + "; raise --max-states or make the scenario smaller (capacities, agents, call types sharing a queue)";
  return msg;
}

}  // namespace

std::optional<double> CtmcResult::value(const FigureKey& key) const {
  const auto it = values.find(key);
  if (it == values.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

std::optional<double> CtmcResult::value(const std::string& section, const std::string& name,
                                        const std::string& metric) const {
  return value(FigureKey{section, name, -1, metric});
}

namespace {

// Queue bounds to start from: capacities, and for unlimited queues a birth-death bound that
// over-estimates the traffic (every class that can reach the queue) and under-estimates
// service (slowest handle time, smallest patience).
void initial_bounds(const Model& m, std::vector<std::uint32_t>& bounds, std::vector<bool>& truncated) {
  const auto& sc = *m.sc;
  bounds.assign(m.queues.size(), 0);
  truncated.assign(m.queues.size(), false);
  for (Id q = 0; q < m.queues.size(); ++q) {
    if (sc.queues[q].capacity) {
      bounds[q] = *sc.queues[q].capacity;
      continue;
    }
    double lambda = 0.0;
    double theta = infinity;
    for (const std::size_t k : m.active) {
      if (!m.classes[k].reaches[q]) continue;
      lambda += m.classes[k].rate;
      theta = std::min(theta, m.classes[k].theta);
    }
    if (lambda == 0.0) continue;
    double service = 0.0;
    for (const Id g : m.queues[q].route) {
      const auto& gi = m.groups[g];
      if (gi.mu.empty()) continue;
      service += gi.agents * *std::min_element(gi.mu.begin(), gi.mu.end());
    }
    truncated[q] = true;
    bounds[q] = initial_truncation(lambda, service, theta).value_or(64);
  }
}

Solution solve_model(const model::Scenario& sc, const CtmcOptions& options, Model base,
                     const std::vector<std::uint32_t>& bounds, const std::vector<bool>& truncated,
                     const std::string& why) {
  Solution sol{std::move(base), {}, {}};
  layout(sol.model, bounds, truncated);
  const long double bound = structural_states(sol.model);
  const bool exact_count = !sol.model.has_rules && sol.model.flags == 0 && bound >= 0.0L;
  if (exact_count && bound > static_cast<long double>(options.max_states)) {
    throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, true, why));
  }
  if (sol.model.key_space >= key_limit) {
    throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, false, why));
  }
  auto chain = build_chain(sol.model, options.max_states);
  if (!chain) throw InputError(too_many_states(sc, static_cast<double>(bound), options.max_states, false, why));
  sol.chain = std::move(*chain);
  sol.solved = solve_chain(sol.chain);
  if (!(sol.solved.residual <= residual_tolerance)) {
    throw std::runtime_error(sc.source + ": the chain of " + count_text(static_cast<double>(sol.chain.keys.size())) +
                             " states was not solved accurately (relative residual " +
                             std::to_string(sol.solved.residual) + ")");
  }
  return sol;
}

}  // namespace

double ctmc_state_bound(const model::Scenario& scenario) {
  check_markovian(scenario);
  Model m = compile(scenario);
  std::vector<std::uint32_t> bounds;
  std::vector<bool> truncated;
  initial_bounds(m, bounds, truncated);
  layout(m, bounds, truncated);
  return static_cast<double>(structural_states(m));
}

CtmcResult solve_ctmc(const model::Scenario& sc, const CtmcOptions& options) {
  check_markovian(sc);
  const Model base = compile(sc);
  std::vector<std::uint32_t> bounds;
  std::vector<bool> truncated;
  initial_bounds(base, bounds, truncated);

  // Grow the truncation of unlimited queues until the stationary mass at the cut is negligible.
  Solution sol;
  std::vector<double> mass(sc.queues.size(), 0.0);
  std::vector<std::uint32_t> longest(sc.queues.size(), 0);  // most callers waiting in any state
  for (int attempt = 0;; ++attempt) {
    std::string why;
    if (attempt > 0) {
      for (Id q = 0; q < sc.queues.size(); ++q) {
        if (truncated[q] && mass[q] >= options.boundary_mass) {
          why = " to cut unlimited queue " + quote(sc.queues[q].name) + " where its stationary probability is below " +
                fmt_g(options.boundary_mass) +
                " (callers who never abandon and a load at or above its agents have no steady state)";
          break;
        }
      }
    }
    sol = solve_model(sc, options, base, bounds, truncated, why);
    std::fill(mass.begin(), mass.end(), 0.0);
    std::fill(longest.begin(), longest.end(), 0);
    State s(sol.model);
    for (std::size_t i = 0; i < sol.chain.keys.size(); ++i) {
      decode(sol.model, sol.chain.keys[i], s);
      for (Id q = 0; q < sc.queues.size(); ++q) {
        longest[q] = std::max(longest[q], s.waiting[q]);
        if (truncated[q] && s.waiting[q] == bounds[q]) mass[q] += sol.solved.pi[i];
      }
    }
    bool grown = false;
    for (Id q = 0; q < sc.queues.size(); ++q) {
      if (!truncated[q] || mass[q] < options.boundary_mass) continue;
      if (bounds[q] >= max_truncation) {
        throw InputError(sc.source + ": /queues/" + std::to_string(q) + ": unlimited queue " +
                         quote(sc.queues[q].name) +
                         " has no steady state (its callers pile up); give it a capacity or its callers a patience");
      }
      bounds[q] = std::min(std::max(bounds[q] * 2, bounds[q] + 16), max_truncation);
      grown = true;
    }
    if (!grown) break;
  }

  CtmcResult result;
  result.scenario = sc.name;
  result.source = sc.source;
  result.seed = sc.seed;
  result.horizon_s = sc.horizon_s;
  result.warmup_s = sc.warmup_s;
  result.interval_s = sc.interval_s;
  result.thresholds_s = sc.thresholds_s;
  result.states = sol.chain.keys.size();
  result.solver = sol.solved.solver;
  result.residual = sol.solved.residual;
  for (Id q = 0; q < sc.queues.size(); ++q) {
    // A queue whose rules keep it below the cut was never truncated.
    if (truncated[q] && longest[q] == bounds[q]) result.truncations.push_back({sc.queues[q].name, bounds[q], mass[q]});
  }
  compute_figures(sc, sol, result);
  for (const auto& t : result.truncations) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2g", t.mass_at_bound);
    result.notes.emplace_back("queue " + quote(t.queue) + " has no capacity: the chain stops at " +
                              std::to_string(t.max_waiting) + " callers waiting (stationary probability there " + buf +
                              "); an arrival finding it there counts as blocked");
  }

  for (const auto& e : sc.expectations) {
    ExpectationResult er;
    er.text = e.text;
    er.value = result.value(expectation_key(e, sc));
    if (er.value) {
      er.ci95 = 0.0;
      er.judged = er.value;
      er.met = (!e.at_least || *er.value >= *e.at_least) && (!e.at_most || *er.value <= *e.at_most);
    }
    result.expectations.push_back(std::move(er));
  }
  return result;
}

}  // namespace ccsim::analysis
