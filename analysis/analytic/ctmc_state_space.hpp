// The states of the exact chain and its transitions: the encoding of a state in one integer,
// routing as the simulator routes, every event out of a state, the count of the encoding's
// states and the chain of the states reachable from the empty one. Internal to
// analysis/analytic: ctmc.hpp is the public entry.
#pragma once

#include "analysis/analytic/ctmc_compile.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ccsim::analysis::ctmc {

// ---------------------------------------------------------------------------------------------
// States.

struct State {
  std::vector<std::uint32_t> len;      // per line
  std::vector<std::uint64_t> word;     // per line: symbols, head in the lowest base-m digit
  std::vector<std::uint32_t> busy;     // per busy digit
  std::vector<std::uint8_t> flag;      // per hysteresis flag
  std::vector<std::uint32_t> waiting;  // per queue (sum of its lines)
  std::vector<std::uint32_t> busy_in;  // per group
  std::vector<std::uint32_t> orbit;    // per orbit: callers waiting to redial

  explicit State(const Model& m)
      : len(m.lines.size(), 0), word(m.lines.size(), 0), busy(m.busy_digits, 0), flag(m.flags, 0),
        waiting(m.queues.size(), 0), busy_in(m.groups.size(), 0), orbit(m.orbits.size(), 0) {}
};

inline std::uint64_t encode(const Model& m, const State& s) {
  std::uint64_t key = 0;
  std::size_t d = 0;
  for (std::size_t l = 0; l < m.lines.size(); ++l) key += (m.lines[l].offset[s.len[l]] + s.word[l]) * m.stride[d++];
  for (const std::uint32_t b : s.busy) key += b * m.stride[d++];
  for (const std::uint8_t f : s.flag) key += f * m.stride[d++];
  for (const std::uint32_t o : s.orbit) key += o * m.stride[d++];
  return key;
}

inline void decode(const Model& m, std::uint64_t key, State& s) {
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
  for (std::size_t o = 0; o < m.orbits.size(); ++o) {
    s.orbit[o] = static_cast<std::uint32_t>(key / m.stride[d] % m.radix[d]);
    ++d;
  }
}

inline std::size_t symbol_at(const Model& m, const State& s, std::size_t l, std::size_t i) {
  const auto& line = m.lines[l];
  return static_cast<std::size_t>(s.word[l] / line.power[i] % line.m);
}

inline void push_tail(const Model& m, State& s, std::size_t l, std::size_t symbol) {
  s.word[l] += symbol * m.lines[l].power[s.len[l]];
  ++s.len[l];
  ++s.waiting[m.lines[l].queue];
}

inline void remove_at(const Model& m, State& s, std::size_t l, std::size_t i) {
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
  std::vector<Id> entered;                        // queues entered, in order
  std::vector<std::pair<Id, std::size_t>> fired;  // (queue, rule) that sent it on
  struct Switch {
    Id queue;
    std::size_t rule;
    bool on;
  };
  std::vector<Switch> switches;  // hysteresis flags that changed while routing
};

// Routes an arrival of class `cls` from state s, which it changes (a busy agent more, or a
// caller more in a line); r tells where it ended and what it fired on the way.
void route(const Model& m, State& s, std::size_t cls, Route& r);

// A freed agent of group g takes the head of the highest-priority non-empty line of the first
// queue in its serves list that holds a caller. Returns the line, if it took a caller.
std::optional<std::size_t> take(const Model& m, State& s, Id g, std::size_t& cls);

struct Event {
  enum class Kind { Arrival, Completion, Abandon };
  Kind kind = Kind::Arrival;
  std::size_t cls = 0;  // arriving, abandoning, or taken from a line
  const Route* route = nullptr;
  Id group = 0;
  std::optional<std::size_t> line;  // completion: line the agent took from; abandon: its line
  bool redial = false;              // arrival: a redial (from the class's orbit)
};

// The caller of class k who just left (abandoned, or blocked when `blocked`) joins the orbit
// with its probability: emit(target, rate, e) for both branches. A full orbit loses the caller
// (a truncation, whose mass the solver keeps negligible).
template <class Emit>
void emit_leaving(const Model& m, std::size_t k, bool blocked, State& t, double rate, const Event& e, Emit&& emit) {
  const auto& c = m.classes[k];
  const double p = c.orbit < 0 ? 0.0 : (blocked ? c.p_blocked : c.p_abandon);
  if (p > 0.0) {
    const auto o = static_cast<std::size_t>(c.orbit);
    const bool room = t.orbit[o] < m.orbit_bound[o];
    t.orbit[o] += room ? 1 : 0;
    emit(t, rate * p, e);
    t.orbit[o] -= room ? 1 : 0;
  }
  if (p < 1.0) emit(t, rate * (1.0 - p), e);
}

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
    if (r.end == Route::End::Blocked) emit_leaving(m, k, true, t, m.classes[k].rate, e, emit);
    else emit(t, m.classes[k].rate, e);
  }
  for (std::size_t o = 0; o < m.orbits.size(); ++o) {
    if (s.orbit[o] == 0) continue;
    const std::size_t k = m.orbits[o];
    t = s;
    --t.orbit[o];
    route(m, t, k, r);
    Event e;
    e.kind = Event::Kind::Arrival;
    e.cls = k;
    e.route = &r;
    e.redial = true;
    const double rate = s.orbit[o] * m.classes[k].nu;
    if (r.end == Route::End::Blocked) emit_leaving(m, k, true, t, rate, e, emit);
    else emit(t, rate, e);
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
      emit_leaving(m, e.cls, false, t, s.len[l] * theta, e, emit);
      continue;
    }
    for (std::size_t i = 0; i < s.len[l]; ++i) {
      e.cls = line.classes[symbol_at(m, s, l, i)];
      const double theta = m.classes[e.cls].theta;
      if (theta == 0.0) continue;
      t = s;
      remove_at(m, t, l, i);
      emit_leaving(m, e.cls, false, t, theta, e, emit);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// State count of the encoding: a group with an idle agent implies empty queues for every queue
// it serves; everything else combines freely. Exact without overflow rules (every such state is
// reachable from the empty one), an upper bound with them.
[[nodiscard]] long double structural_states(const Model& m);

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

// The chain of the states reachable from the empty state; nullopt when more than max_states are.
[[nodiscard]] std::optional<Chain> build_chain(const Model& m, std::size_t max_states);

}  // namespace ccsim::analysis::ctmc
