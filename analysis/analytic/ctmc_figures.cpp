#include "analysis/analytic/ctmc_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ccsim::analysis {

namespace ctmc {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

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
  double redials = 0.0;  // of the offered, redials
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
    redials += f * o.redials;
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

// Collects figures into a CtmcResult in the order they are added, which is the report order.
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

  // With redials, summary.cpp's redial_figures: callers, redials, their share of the offered
  // and (whole run) the share of callers answered, each answered once.
  void redials(const std::string& section, const std::string& name, int interval, const Flows& f, double window) {
    const double callers = f.offered - f.redials;
    add(section, name, interval, "callers", callers * window);
    add(section, name, interval, "redials", f.redials * window);
    add(section, name, interval, "redial_rate", window > 0.0 ? ratio(f.redials, f.offered) : not_a_number);
    if (interval < 0) {
      add(section, name, interval, "caller_answered_rate", window > 0.0 ? ratio(f.answered(), callers) : not_a_number);
    }
  }

private:
  CtmcResult& r_;
  const std::vector<double>& thresholds_;
};

// Stationary flows of the whole chain (per second): per class and per queue, per overflow
// rule, per agent group.
struct ChainFlows {
  std::vector<Flows> classes;
  std::vector<Flows> queues;
  std::vector<std::vector<double>> rule_rate;  // [queue][rule]: calls sent on
  std::vector<std::vector<double>> switched_on;
  std::vector<std::vector<double>> switched_off;
  std::vector<double> busy;         // per group: mean busy agents
  std::vector<double> answered_by;  // per group

  ChainFlows(const Model& m, std::size_t thresholds)
      : classes(m.classes.size()), queues(m.queues.size()), busy(m.groups.size(), 0.0),
        answered_by(m.groups.size(), 0.0) {
    for (auto& f : classes) f.within.assign(thresholds, 0.0);
    for (auto& f : queues) f.within.assign(thresholds, 0.0);
    for (const auto& q : m.queues) {
      rule_rate.emplace_back(q.rules.size(), 0.0);
      switched_on.emplace_back(q.rules.size(), 0.0);
      switched_off.emplace_back(q.rules.size(), 0.0);
    }
  }
};

// An arrival of weight w (stationary probability x rate): the queues it entered, the rules it
// fired and switched, and how it ended, in its class and in the queue where it ended.
void add_arrival(const Model& m, const std::vector<Tagged>& tagged, const Event& e, double w, ChainFlows& f) {
  auto& c = f.classes[e.cls];
  const Route& rt = *e.route;
  c.offered += w;
  if (e.redial) c.redials += w;
  for (const Id q : rt.entered) f.queues[q].offered += w;
  for (const auto& [q, rule] : rt.fired) f.rule_rate[q][rule] += w;
  for (const auto& sw : rt.switches) (sw.on ? f.switched_on : f.switched_off)[sw.queue][sw.rule] += w;
  auto& qe = f.queues[rt.queue];
  switch (rt.end) {
    case Route::End::Answered:
      c.answered_now += w;
      qe.answered_now += w;
      f.answered_by[rt.group] += w;
      break;
    case Route::End::Joined:
      c.joined += w;
      qe.joined += w;
      if (m.lines[rt.line].simple) {
        const auto& tg = tagged[rt.line];
        for (Flows* scope : {&c, &qe}) {
          scope->tagged_answered += w * tg.answered[rt.ahead];
          scope->answered_wait += w * tg.answered_wait[rt.ahead];
          for (std::size_t k = 0; k < tg.within.size(); ++k) scope->within[k] += w * tg.within[k][rt.ahead];
        }
      }
      break;
    case Route::End::Blocked:
      c.blocked += w;
      qe.blocked += w;  // a ping-pong block too: the queue whose rule would have sent it on
      break;
    case Route::End::OverflowedOut:
      c.overflowed_out += w;
      qe.overflowed_out += w;
      break;
  }
}

// Every event out of every state, weighted by the state's stationary probability.
ChainFlows chain_flows(const Model& m, const Chain& chain, const std::vector<double>& pi,
                       const std::vector<double>& thresholds) {
  std::vector<Tagged> tagged(m.lines.size());
  for (std::size_t l = 0; l < m.lines.size(); ++l) {
    const auto& line = m.lines[l];
    if (line.simple) tagged[l] = tagged_tables(line.service, line.theta, line.bound, thresholds);
  }
  ChainFlows f(m, thresholds.size());
  State s(m);
  State t(m);
  Route r;
  for (std::size_t i = 0; i < chain.keys.size(); ++i) {
    const double p = pi[i];
    if (p == 0.0) continue;
    decode(m, chain.keys[i], s);
    for (std::size_t q = 0; q < m.queues.size(); ++q) f.queues[q].waiting += p * s.waiting[q];
    for (std::size_t l = 0; l < m.lines.size(); ++l) {
      const auto& line = m.lines[l];
      if (line.m == 1) {
        f.classes[line.classes.front()].waiting += p * s.len[l];
        continue;
      }
      for (std::size_t k = 0; k < s.len[l]; ++k) f.classes[line.classes[symbol_at(m, s, l, k)]].waiting += p;
    }
    for (std::size_t g = 0; g < m.groups.size(); ++g) f.busy[g] += p * s.busy_in[g];
    explore(m, s, t, r, [&](const State&, double rate, const Event& e) {
      const double w = p * rate;
      switch (e.kind) {
        case Event::Kind::Arrival: add_arrival(m, tagged, e, w, f); break;
        case Event::Kind::Completion:
          if (e.line) {
            f.classes[e.cls].answered_queue += w;
            f.queues[m.lines[*e.line].queue].answered_queue += w;
            f.answered_by[e.group] += w;
          }
          break;
        case Event::Kind::Abandon:
          f.classes[e.cls].abandoned += w;
          f.queues[m.lines[*e.line].queue].abandoned += w;
          break;
      }
    });
  }
  // Offered is the arrival rate itself, not its sum over states (which rounds); with redials,
  // the first attempts' rate and the redials'.
  for (std::size_t k = 0; k < m.classes.size(); ++k) f.classes[k].offered = m.classes[k].rate + f.classes[k].redials;
  return f;
}

// What is known exactly about the waits of each class and each queue, and why the
// tagged-caller formula does not apply where it does not.
struct Knowledge {
  std::vector<WaitKnowledge> classes;
  std::vector<std::string> class_why;
  std::vector<WaitKnowledge> queues;
  std::vector<std::string> queue_why;
};

Knowledge wait_knowledge(const Model& m) {
  const std::size_t nc = m.classes.size();
  const std::size_t nq = m.queues.size();
  Knowledge kn{std::vector<WaitKnowledge>(nc), std::vector<std::string>(nc), std::vector<WaitKnowledge>(nq),
               std::vector<std::string>(nq)};
  for (std::size_t k = 0; k < nc; ++k) {
    bool simple = true;
    for (const auto& line : m.lines) {
      if (std::find(line.classes.begin(), line.classes.end(), k) == line.classes.end() || line.simple) continue;
      if (simple) kn.class_why[k] = line.why_not;
      simple = false;
    }
    kn.classes[k].service_level = simple;
    kn.classes[k].asa_tagged = simple;
    kn.classes[k].asa = simple || m.classes[k].patient;
  }
  for (std::size_t q = 0; q < nq; ++q) {
    bool simple = true;
    bool patient = true;
    for (const std::size_t l : m.queues[q].lines) {
      for (const std::size_t k : m.lines[l].classes) patient = patient && m.classes[k].patient;
      if (m.lines[l].simple) continue;
      if (simple) kn.queue_why[q] = m.lines[l].why_not;
      simple = false;
    }
    kn.queues[q] = {simple, simple || patient, simple};
  }
  return kn;
}

// The flows of the totals and of each call type: a type's flows are its class's scaled by its
// share of the class's arrivals.
struct TypeFlows {
  Flows total;
  WaitKnowledge total_waits{true, true, true};
  std::vector<Flows> types;
  std::vector<WaitKnowledge> type_waits;
};

TypeFlows type_flows(const model::Scenario& sc, const Model& m, const ChainFlows& f, const Knowledge& kn) {
  TypeFlows out;
  out.total.within.assign(sc.thresholds_s.size(), 0.0);
  out.types.resize(sc.call_types.size());
  out.type_waits.resize(sc.call_types.size());
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    const auto& c = m.classes[k];
    Flows exact_asa = f.classes[k];
    if (!kn.classes[k].asa_tagged) exact_asa.answered_wait = f.classes[k].waiting;  // Little, nobody abandons
    if (c.rate > 0.0) {
      out.total.scale_add(exact_asa, 1.0);
      out.total_waits.service_level = out.total_waits.service_level && kn.classes[k].service_level;
      out.total_waits.asa = out.total_waits.asa && kn.classes[k].asa;
    }
    for (const Id t_id : c.types) {
      const double share = c.rate > 0.0 ? sc.call_types[t_id].arrivals.per_second.front() / c.rate : 0.0;
      out.types[t_id].scale_add(f.classes[k], share);
      out.type_waits[t_id] = kn.classes[k];
    }
  }
  out.total_waits.asa_tagged = true;  // total.answered_wait already holds each class's exact numerator
  return out;
}

// The figures of each queue, in summary.cpp's order: its calls, the calls it sent on per
// destination and per rule (each rule's flow also goes to result.rules), its mean length.
void queue_figures(const model::Scenario& sc, const Model& m, const ChainFlows& f, const Knowledge& kn,
                   double total_offered, double window, Figures& fig, CtmcResult& result) {
  for (std::size_t q = 0; q < m.queues.size(); ++q) {
    const std::string& name = sc.queues[q].name;
    const auto& qf = f.queues[q];
    const auto& rate = f.rule_rate[q];
    fig.calls("queues", name, -1, qf, kn.queues[q], window);
    fig.add("queues", name, -1, "entered", (qf.answered_now + qf.joined) * window);
    const auto& rules = m.queues[q].rules;
    std::vector<std::string> targets;
    for (const auto& rule : rules) {
      if (std::find(targets.begin(), targets.end(), rule.target) == targets.end()) targets.push_back(rule.target);
    }
    for (const auto& target : targets) {
      double sum = 0.0;
      for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].target == target) sum += rate[i];
      }
      fig.add("queues", name, -1, "overflowed/" + target, sum * window);
    }
    fig.add("queues", name, -1, "rerouted", 0.0);
    fig.add("queues", name, -1, "announcements", 0.0);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const std::string base = "rules/" + std::to_string(i) + "/";
      fig.add("queues", name, -1, base + "fired", rate[i] * window);
      if (rules[i].hysteresis) {
        fig.add("queues", name, -1, base + "switched_on", f.switched_on[q][i] * window);
        fig.add("queues", name, -1, base + "switched_off", f.switched_off[q][i] * window);
      }
      fig.add("queues", name, -1, base + "share_of_offered", ratio(rate[i], total_offered));
      result.rules.push_back({name, i, rules[i].text, rules[i].target, rate[i], ratio(rate[i], total_offered)});
    }
    fig.add("queues", name, -1, "mean_queue_length", qf.waiting);
  }
}

// Notes: modelling choices and every figure left out.
void add_notes(const model::Scenario& sc, const Model& m, const Knowledge& kn, const WaitKnowledge& total_waits,
               double window, std::vector<std::string>& notes) {
  if (m.uses_expected_wait) {
    notes.emplace_back(
        "expected_wait as the simulator: 0 with an idle agent serving the queue, else (callers "
        "waiting + 1) x the rate-weighted mean handle time of the call types reaching the queue / "
        "agents serving it");
  }
  notes.emplace_back("stationary figures of the exact chain: counts are rate x counted window (" + count_text(window) +
                     " s); ci95 is 0; wait_percentiles and max_queue_length are not computed");
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    if (kn.classes[k].service_level || m.classes[k].rate <= 0.0) continue;
    for (const Id t_id : m.classes[k].types) {
      std::string note = "service_level omitted for call type " + quote(sc.call_types[t_id].name) + ": " +
                         kn.class_why[k] + ", so the tagged-caller formula does not apply";
      if (!kn.classes[k].asa) note += "; asa omitted too (its callers abandon, and Little's law gives only mean_wait)";
      notes.push_back(std::move(note));
    }
  }
  if (!total_waits.service_level) {
    notes.emplace_back("service_level omitted for the totals: not available for every call type");
  }
  if (!total_waits.asa) notes.emplace_back("asa omitted for the totals: not available for every call type");
  for (std::size_t q = 0; q < m.queues.size(); ++q) {
    if (kn.queues[q].service_level) continue;
    std::string note = "service_level omitted for queue " + quote(sc.queues[q].name) + ": " + kn.queue_why[q];
    if (!kn.queues[q].asa) note += "; asa omitted too";
    notes.push_back(std::move(note));
  }
  if (m.flags > 0) {
    notes.emplace_back(
        "hysteresis as the simulator: a condition's on/off state is part of the chain's state and "
        "changes only when a call entering the queue evaluates it");
  }
}

}  // namespace

void compute_figures(const model::Scenario& sc, const Model& m, const Chain& chain, const std::vector<double>& pi,
                     CtmcResult& result) {
  const ChainFlows flows = chain_flows(m, chain, pi, sc.thresholds_s);
  const Knowledge kn = wait_knowledge(m);
  const TypeFlows calls = type_flows(sc, m, flows, kn);
  const double window = std::max(sc.horizon_s - sc.warmup_s, 0.0);
  Figures fig(result, sc.thresholds_s);

  const bool redial = !m.orbits.empty();
  const auto emit_calls = [&](int interval, double win) {
    fig.calls("totals", "", interval, calls.total, calls.total_waits, win);
    if (redial) fig.redials("totals", "", interval, calls.total, win);
    for (std::size_t t_id = 0; t_id < sc.call_types.size(); ++t_id) {
      const std::string& name = sc.call_types[t_id].name;
      fig.calls("call_types", name, interval, calls.types[t_id], calls.type_waits[t_id], win);
      if (redial) fig.redials("call_types", name, interval, calls.types[t_id], win);
    }
  };
  emit_calls(-1, window);
  queue_figures(sc, m, flows, kn, calls.total.offered, window, fig, result);
  for (std::size_t g = 0; g < m.groups.size(); ++g) {
    const std::string& name = sc.agent_groups[g].name;
    const double agents = m.groups[g].agents;
    fig.add("agent_groups", name, -1, "occupancy", ratio(flows.busy[g], agents));
    fig.add("agent_groups", name, -1, "answered", flows.answered_by[g] * window);
    fig.add("agent_groups", name, -1, "mean_agents", agents);
  }
  // Per arrival interval: the same stationary figures over each interval's counted part.
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    const double start = static_cast<double>(i) * sc.interval_s;
    const double end = std::min(start + sc.interval_s, sc.horizon_s);
    emit_calls(static_cast<int>(i), std::max(end - std::max(start, sc.warmup_s), 0.0));
  }
  add_notes(sc, m, kn, calls.total_waits, window, result.notes);
}

}  // namespace ctmc

std::optional<double> CtmcResult::value(const FigureKey& key) const {
  const auto it = values.find(key);
  if (it == values.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

std::optional<double> CtmcResult::value(const std::string& section, const std::string& name,
                                        const std::string& metric) const {
  return value(FigureKey{section, name, -1, metric});
}

}  // namespace ccsim::analysis
