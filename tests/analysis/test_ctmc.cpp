// The exact CTMC of a scenario (analysis/ctmc): the reference figures of
// tests/data/queueing_exact.json, overflow between two pools, hand-solved chains, properties
// of the construction (state counts, merged call types, hysteresis, expected_wait), refusals
// with their exact messages, and the `ccsim exact` command.
//
// Tolerances: the chains are solved by sparse LU to a relative residual near 1e-15 and unlimited
// queues are cut where the stationary mass is below 1e-13, so figures agree with closed forms
// to ~1e-12; 1e-6 (the reference's stated precision) leaves a wide margin.
#include "analysis/analytic/ctmc.hpp"
#include "analysis/analytic/erlang.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/cli_fixture.hpp"
#include "tests/support/reference_cases.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ccsim {
namespace {

using analysis::CtmcOptions;
using analysis::CtmcResult;
using nlohmann::json;

constexpr double tolerance = 1e-6;

using testing::find_case;
using testing::reference_cases;

json exponential(double mean_s) { return {{"exponential", {{"mean", mean_s}}}}; }
json poisson(double per_hour) { return {{"poisson", {{"per_hour", per_hour}}}}; }

json call_type(const std::string& name, const std::string& enters, double per_hour, double handle_s,
               std::optional<double> patience_s = std::nullopt, int priority = 0) {
  json ct = {{"name", name},
             {"enters", enters},
             {"priority", priority},
             {"arrivals", poisson(per_hour)},
             {"handle_time", exponential(handle_s)}};
  if (patience_s) ct["patience"] = exponential(*patience_s);
  return ct;
}

// Lists as std::vector: `{q}` with q a json would be a one-element array to g++ but a copy of q
// to clang (the CWG 2137 rule for a braced list of one element of the same class).
json scenario_json(std::vector<json> queues, std::vector<json> call_types, std::vector<json> groups) {
  return {{"name", "exact"},
          {"horizon", "8h"},
          {"warmup", "30m"},
          {"service_level", {{"thresholds", {10, 20, 30, 60}}}},
          {"queues", std::move(queues)},
          {"call_types", std::move(call_types)},
          {"agent_groups", std::move(groups)}};
}

model::Scenario load(const json& j) { return scenario::load_scenario_text(j.dump(), "exact.json"); }

CtmcResult solve(const json& j, const CtmcOptions& options = {}) { return analysis::solve_ctmc(load(j), options); }

double get(const CtmcResult& r, const std::string& section, const std::string& name, const std::string& metric) {
  const auto v = r.value(section, name, metric);
  EXPECT_TRUE(v.has_value()) << section << "/" << name << "/" << metric << " missing";
  return v.value_or(std::nan(""));
}
double total(const CtmcResult& r, const std::string& metric) { return get(r, "totals", "", metric); }

// The message of the InputError thrown by solving j.
std::string refusal(const json& j, const CtmcOptions& options = {}) {
  try {
    (void)solve(j, options);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "not refused";
  return {};
}

// The one-queue scenario of a reference case.
json single_queue(const json& p) {
  json q = {{"name", "q"}};
  if (p.contains("queue_capacity")) q["capacity"] = p["queue_capacity"];
  std::optional<double> patience;
  if (p.contains("mean_patience_s")) patience = p["mean_patience_s"].get<double>();
  return scenario_json(
      {q},
      {call_type("calls", "q", p["calls_per_hour"].get<double>(), p["mean_handle_time_s"].get<double>(), patience)},
      {{{"name", "agents"}, {"agents", p["agents"]}, {"serves", {"q"}}}});
}

// ---------------------------------------------------------------------------------------------
// (1) Every single-queue reference case, to 1e-6.

TEST(Ctmc, ReferenceSingleQueueCases) {
  int checked = 0;
  for (const auto& c : reference_cases()) {
    const std::string id = c["id"];
    if (id.rfind("erlang_", 0) != 0) continue;
    const CtmcResult r = solve(single_queue(c["params"]));
    for (const auto& [figure, value] : c["exact"].items()) {
      if (figure == "service_level") {
        for (const auto& [t, v] : value.items()) {
          EXPECT_NEAR(total(r, "service_level/" + t), v.get<double>(), tolerance) << id << " SL " << t;
          ++checked;
        }
        continue;
      }
      const auto& metric = testing::reference_metric();
      const double got =
          figure == "occupancy" ? get(r, "agent_groups", "agents", "occupancy") : total(r, metric.at(figure));
      EXPECT_NEAR(got, value.get<double>(), tolerance) << id << " " << figure;
      ++checked;
    }
    // Every offered call has exactly one outcome.
    EXPECT_NEAR(total(r, "answered") + total(r, "abandoned") + total(r, "blocked"), total(r, "offered"),
                1e-9 * total(r, "offered"))
        << id;
  }
  EXPECT_EQ(checked, 48);
}

// Erlang C and A against the project's own closed forms at other thresholds, and a state count.
TEST(Ctmc, AgreesWithErlangCalculators) {
  const json p = {{"calls_per_hour", 600}, {"mean_handle_time_s", 300}, {"agents", 55}, {"mean_patience_s", 180}};
  const CtmcResult r = solve(single_queue(p));
  const auto sol = analysis::QueueSolution::solve({{600, 300}, 55, 180.0, std::nullopt});
  ASSERT_TRUE(sol.has_value());
  EXPECT_NEAR(total(r, "service_level/30"), sol->service_level(30), 1e-9);
  EXPECT_NEAR(total(r, "abandon_rate"), sol->figures().abandon_rate, 1e-9);
  EXPECT_NEAR(total(r, "asa"), sol->figures().asa, 1e-7);
  EXPECT_NEAR(get(r, "queues", "q", "mean_queue_length"), total(r, "abandon_rate") * 600 / 3600 * 180, 1e-9)
      << "abandonment balance: theta E[Q] = lambda P(abandon)";
  EXPECT_NEAR(total(r, "offered"), 600.0 * 7.5, 1e-9) << "counts are rate x counted window";
}

// ---------------------------------------------------------------------------------------------
// (2) overflow_two_pools: join queue 1 unless it holds >= 6 waiting, then queue 2 (capacity 10).

json two_pools(const json& p, const json& rule) {
  json q1 = {{"name", "q1"}, {"overflow", {rule}}};
  json q2 = {{"name", "q2"}, {"capacity", p["queue_capacity_2"]}};
  return scenario_json({q1, q2},
                       {call_type("calls", "q1", p["calls_per_hour"].get<double>(),
                                  p["mean_handle_time_s"].get<double>(), p["mean_patience_s"].get<double>())},
                       {{{"name", "pool1"}, {"agents", p["agents_1"]}, {"serves", {"q1"}}},
                        {{"name", "pool2"}, {"agents", p["agents_2"]}, {"serves", {"q2"}}}});
}

json queue_length_rule(const json& p) {
  return {{"when", {{"queue_length", {{"at_least", p["overflow_when_queue_length_at_least"]}}}}}, {"to", "q2"}};
}

TEST(Ctmc, ReferenceOverflowTwoPools) {
  const json c = find_case("overflow_two_pools");
  const json& p = c["params"];
  const json& exact = c["exact"];
  const CtmcResult r = solve(two_pools(p, queue_length_rule(p)));

  ASSERT_EQ(r.rules.size(), 1U);
  EXPECT_NEAR(r.rules[0].per_offered, exact["overflowed"].get<double>(), tolerance);
  EXPECT_NEAR(get(r, "queues", "q1", "rules/0/share_of_offered"), exact["overflowed"].get<double>(), tolerance);
  EXPECT_NEAR(get(r, "queues", "q1", "overflowed/q2") / total(r, "offered"), exact["overflowed"].get<double>(),
              tolerance);
  EXPECT_NEAR(total(r, "block_rate"), exact["blocked"].get<double>(), tolerance);
  EXPECT_NEAR(total(r, "answered_rate"), exact["answered"].get<double>(), tolerance);
  EXPECT_NEAR(total(r, "abandon_rate"), exact["abandoned"].get<double>(), tolerance);
  // The reference counts waits in the queue joined; overflow is instantaneous here, so the
  // end-to-end wait of the totals is the same wait.
  for (const auto& [t, v] : exact["service_level"].items()) {
    EXPECT_NEAR(total(r, "service_level/" + t), v.get<double>(), tolerance) << "SL " << t;
  }
  // Queue 1 never holds more than 6 waiting: the rule bounds it, whatever the truncation.
  EXPECT_EQ(r.states, (51U + 6U) * (13U + 10U));
  EXPECT_NEAR(get(r, "queues", "q1", "offered"), total(r, "offered"), 1e-6);
  EXPECT_NEAR(get(r, "queues", "q2", "offered"), get(r, "queues", "q1", "overflowed/q2"), 1e-6);
  EXPECT_NEAR(get(r, "queues", "q2", "blocked"), total(r, "blocked"), 1e-6);
  EXPECT_NEAR(total(r, "answered") + total(r, "abandoned") + total(r, "blocked"), total(r, "offered"), 1e-6);
  // Per-queue service level (from entry into the queue) of both pools adds up to the total.
  const double offered = total(r, "offered");
  EXPECT_NEAR((get(r, "queues", "q1", "service_level/20") * get(r, "queues", "q1", "offered") +
               get(r, "queues", "q2", "service_level/20") * get(r, "queues", "q2", "offered")) /
                  offered,
              total(r, "service_level/20"), 1e-9);
}

// expected_wait = (waiting + 1) x 240 s / 50 agents when every agent is busy: at_least 33 s
// holds from 6 waiting on, the same rule as queue_length at_least 6.
TEST(Ctmc, ExpectedWaitRuleMatchesItsQueueLengthEquivalent) {
  const json p = find_case("overflow_two_pools")["params"];
  const CtmcResult by_length = solve(two_pools(p, queue_length_rule(p)));
  const CtmcResult by_wait = solve(two_pools(p, {{"when", {{"expected_wait", {{"at_least", "33s"}}}}}, {"to", "q2"}}));
  EXPECT_EQ(by_wait.states, by_length.states);
  for (const char* metric : {"service_level/20", "abandon_rate", "block_rate", "asa", "mean_wait"}) {
    EXPECT_NEAR(total(by_wait, metric), total(by_length, metric), 1e-12) << metric;
  }
}

// Hysteresis whose release level equals its trigger is no hysteresis at all; a real one
// (on at 6, off below 3) holds the rule on longer, so more calls overflow, and in steady
// state it switches on exactly as often as it switches off.
TEST(Ctmc, Hysteresis) {
  const json p = find_case("overflow_two_pools")["params"];
  const CtmcResult plain = solve(two_pools(p, queue_length_rule(p)));
  const CtmcResult same =
      solve(two_pools(p, {{"when", {{"queue_length", {{"at_least", 6}, {"until_below", 6}}}}}, {"to", "q2"}}));
  EXPECT_NEAR(same.rules[0].per_offered, plain.rules[0].per_offered, 1e-12);
  EXPECT_NEAR(total(same, "service_level/20"), total(plain, "service_level/20"), 1e-12);

  const CtmcResult held =
      solve(two_pools(p, {{"when", {{"queue_length", {{"at_least", 6}, {"until_below", 3}}}}}, {"to", "q2"}}));
  EXPECT_GT(held.rules[0].per_offered, plain.rules[0].per_offered + 0.01);
  const double on = get(held, "queues", "q1", "rules/0/switched_on");
  EXPECT_GT(on, 1.0);
  EXPECT_NEAR(on, get(held, "queues", "q1", "rules/0/switched_off"), 1e-9 * on);
  EXPECT_NEAR(total(held, "answered") + total(held, "abandoned") + total(held, "blocked"), total(held, "offered"),
              1e-6);
  EXPECT_GT(held.states, plain.states);  // the flag doubles part of the state space
}

// A rule sending calls to an exit when no agent is free turns a queue into Erlang B: the
// overflowed-out share is B(n, a).
TEST(Ctmc, OverflowToExitWhenNoAgentIsFreeIsErlangB) {
  json q = {{"name", "q"}, {"overflow", {{{"when", {{"available_agents", {{"at_most", 0}}}}}, {"to", "partner"}}}}};
  json sc = scenario_json({q}, {call_type("calls", "q", 300, 180, 120.0)},
                          {{{"name", "agents"}, {"agents", 18}, {"serves", {"q"}}}});
  sc["exits"] = {{{"name", "partner"}}};
  const CtmcResult r = solve(sc);
  const double b = analysis::erlang_b(15.0, 18);
  EXPECT_NEAR(total(r, "overflow_rate"), b, 1e-12);
  EXPECT_NEAR(total(r, "answered_rate"), 1.0 - b, 1e-12);
  EXPECT_NEAR(get(r, "queues", "q", "overflowed/partner"), b * total(r, "offered"), 1e-9);
  EXPECT_EQ(r.states, 19U);
}

// ---------------------------------------------------------------------------------------------
// (3) Refusals, with their exact messages.

json erlang_a_scenario() {
  return single_queue({{"calls_per_hour", 600}, {"mean_handle_time_s", 300}, {"agents", 45}, {"mean_patience_s", 120}});
}

TEST(Ctmc, RefusesNonExponentialHandleTime) {
  json sc = erlang_a_scenario();
  sc["call_types"][0]["handle_time"] = {{"lognormal", {{"mean", "4m"}, {"sd", "3m"}}}};
  EXPECT_EQ(refusal(sc),
            "exact.json: /call_types/0/handle_time: not exponential (lognormal); ccsim exact needs a Markovian "
            "scenario");
}

TEST(Ctmc, RefusesWrapUp) {
  json sc = erlang_a_scenario();
  sc["call_types"][0]["wrap_up"] = {{"constant", "20s"}};
  EXPECT_EQ(refusal(sc),
            "exact.json: /call_types/0/wrap_up: wrap-up time (constant); ccsim exact needs a Markovian "
            "scenario");
}

TEST(Ctmc, RefusesTooManyStates) {
  // 100 agents and room for 2000 waiting: 101 states with an idle agent or nobody waiting, then
  // 2000 with every agent busy.
  json sc =
      single_queue({{"calls_per_hour", 3600}, {"mean_handle_time_s", 95}, {"agents", 100}, {"queue_capacity", 2000}});
  EXPECT_EQ(analysis::ctmc_state_bound(load(sc)), 2101.0);
  EXPECT_EQ(refusal(sc, {1000, 1e-13}),
            "exact.json: would need 2101 states (limit 1000); raise --max-states or make the scenario smaller "
            "(capacities, agents, call types sharing a queue)");
  EXPECT_EQ(solve(sc, {2101, 1e-13}).states, 2101U);
}

TEST(Ctmc, RefusesAnUnstableUnlimitedQueue) {
  // 30 erlangs on 28 agents, nobody abandons: the truncation grows until it hits the limit.
  json sc = single_queue({{"calls_per_hour", 450}, {"mean_handle_time_s", 240}, {"agents", 28}});
  const std::string msg = refusal(sc, {5000, 1e-13});
  EXPECT_EQ(msg.rfind("exact.json: would need ", 0), 0U) << msg;
  EXPECT_NE(msg.find("(limit 5000) to cut unlimited queue \"q\" where its stationary probability is below"),
            std::string::npos)
      << msg;
}

TEST(Ctmc, RefusesEveryNonMarkovianElementAtOnce) {
  json sc = scenario_json(
      {{{"name", "q1"},
        {"announcement", "5s"},
        {"overflow",
         {{{"when", {{"all", {{{"queue_length", {{"at_least", 3}}}}, {{"longest_wait", {{"at_least", "30s"}}}}}}}},
           {"to", "q2"}},
          {{"when", {{"waited", "90s"}}}, {"to", "q2"}},
          {{"when", {{"queue_length", {{"at_least", 9}}}}}, {"to", "q2"}, {"delay", "2s"}}}}},
       {{"name", "q2"}, {"overflow", {{{"when", {{"service_level", {{"at_most", 0.5}}}}}, {"to", "q1"}}}}}},
      {call_type("calls", "q1", 600, 300, 120.0)},
      {{{"name", "pool"}, {"agents", 10}, {"serves", {"q1", {{"queue", "q2"}, {"after", "30s"}}}}}});
  sc["call_types"][0]["patience"] = {{"uniform", {{"min", "1m"}, {"max", "3m"}}}};
  try {
    (void)solve(sc);
    FAIL() << "not refused";
  } catch (const InputError& e) {
    const std::string tail = "; ccsim exact needs a Markovian scenario";
    EXPECT_EQ(e.messages(),
              (std::vector<std::string>{
                  "exact.json: /call_types/0/patience: not exponential (uniform)" + tail,
                  "exact.json: /queues/0/announcement: an announcement" + tail,
                  "exact.json: /queues/0/overflow/0/when/all/1/longest_wait: longest_wait is not a function of a "
                  "Markov state (it needs every caller's wait)" +
                      tail,
                  "exact.json: /queues/0/overflow/1/when/waited: a \"waited\" timer (it depends on each caller's own "
                  "wait)" +
                      tail,
                  "exact.json: /queues/0/overflow/2/delay: a transfer delay" + tail,
                  "exact.json: /queues/1/overflow/0/when/service_level: service_level over a trailing window is not "
                  "a function of a Markov state" +
                      tail,
                  "exact.json: /agent_groups/0/serves/1/after: an \"after\" tier (eligibility depends on each "
                  "caller's own wait)" +
                      tail}));
  }
}

TEST(Ctmc, RefusesPerIntervalListsAndSiteDown) {
  json sc = erlang_a_scenario();
  sc["interval"] = "1h";
  sc["call_types"][0]["arrivals"] = poisson(0.0);
  sc["call_types"][0]["arrivals"]["poisson"]["per_hour"] = json::array();
  for (int i = 0; i < 8; ++i) sc["call_types"][0]["arrivals"]["poisson"]["per_hour"].push_back(600);
  sc["queues"][0]["overflow"] = {{{"when", {{"site_down", true}}}, {"to", "q"}}};
  sc["exits"] = json::array();
  sc["queues"].push_back({{"name", "q2"}});
  sc["queues"][0]["overflow"][0]["to"] = "q2";
  try {
    (void)solve(sc);
    FAIL() << "not refused";
  } catch (const InputError& e) {
    ASSERT_EQ(e.messages().size(), 2U) << e.what();
    EXPECT_EQ(e.messages()[0],
              "exact.json: /call_types/0/arrivals: per-interval arrival rates (the rate must be constant); ccsim "
              "exact needs a Markovian scenario");
    EXPECT_EQ(e.messages()[1],
              "exact.json: /queues/0/overflow/0/when/site_down: site_down depends on outage times, not on a Markov "
              "state; ccsim exact needs a Markovian scenario");
  }
}

// ---------------------------------------------------------------------------------------------
// (4) Two groups with preferences and finite capacities, solved by hand.
//
// Queue A (capacity 1) takes calls of type a; queue B (capacity 0) takes type b. Group G1 (one
// agent) serves [A, B], group G2 (one agent) serves [B]. A b-call goes to G2 first (B is first
// in its list), then to G1. All handle times have mean 1/mu; a-calls abandon at rate theta.
// States (G1 busy, G2 busy, waiting in A): s0=(0,0,0) s1=(1,0,0) s2=(0,1,0) s3=(1,1,0)
// s4=(1,0,1) s5=(1,1,1).

// Solves pi Q = 0, sum pi = 1 for a small dense generator by Gaussian elimination.
std::vector<double> stationary(std::vector<std::vector<double>> q) {
  const std::size_t n = q.size();
  for (std::size_t i = 0; i < n; ++i) {
    double out = 0.0;
    for (std::size_t j = 0; j < n; ++j) out += j == i ? 0.0 : q[i][j];
    q[i][i] = -out;
  }
  // Rows of the system: transpose of Q, the last equation replaced by the normalisation.
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) a[i][j] = i + 1 == n ? 1.0 : q[j][i];
  }
  a[n - 1][n] = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
    }
    std::swap(a[c], a[piv]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (std::size_t k = c; k <= n; ++k) a[r][k] -= f * a[c][k];
    }
  }
  std::vector<double> pi(n);
  for (std::size_t i = 0; i < n; ++i) pi[i] = a[i][n] / a[i][i];
  return pi;
}

TEST(Ctmc, TwoGroupsWithPreferencesByHand) {
  const double per_hour_a = 60.0;
  const double per_hour_b = 40.0;
  const double handle = 120.0;
  const double patience = 180.0;
  const json sc = scenario_json(
      {{{"name", "A"}, {"capacity", 1}}, {{"name", "B"}, {"capacity", 0}}},
      {call_type("a", "A", per_hour_a, handle, patience), call_type("b", "B", per_hour_b, handle)},
      {{{"name", "G1"}, {"agents", 1}, {"serves", {"A", "B"}}}, {{"name", "G2"}, {"agents", 1}, {"serves", {"B"}}}});
  const CtmcResult r = solve(sc);
  EXPECT_EQ(r.states, 6U);

  const double la = per_hour_a / 3600;
  const double lb = per_hour_b / 3600;
  const double mu = 1.0 / handle;
  const double th = 1.0 / patience;
  std::vector<std::vector<double>> q(6, std::vector<double>(6, 0.0));
  q[0][1] = la;       // a answered by G1
  q[0][2] = lb;       // b answered by G2
  q[1][4] = la;       // a waits in A
  q[1][3] = lb;       // b to G2
  q[1][0] = mu;       // G1 done, nobody waiting
  q[2][3] = la + lb;  // a to G1; b finds G2 busy and goes to G1
  q[2][0] = mu;
  q[3][5] = la;       // a waits; b is blocked
  q[3][2] = mu;       // G1 done
  q[3][1] = mu;       // G2 done
  q[4][5] = lb;       // b to G2; a is blocked (A full)
  q[4][1] = mu + th;  // G1 takes the waiting a, or it abandons
  q[5][3] = mu + th;  // likewise, G2 still busy
  q[5][4] = mu;       // G2 done
  const auto pi = stationary(q);

  const double window = 7.5 * 3600;
  const double blocked_a = pi[4] + pi[5];
  const double abandoned_a = th * (pi[4] + pi[5]) / la;
  const double answered_now_a = pi[0] + pi[2];
  const double joined_a = pi[1] + pi[3];
  const double blocked_b = pi[3] + pi[5];
  EXPECT_NEAR(get(r, "call_types", "a", "block_rate"), blocked_a, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "a", "abandon_rate"), abandoned_a, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "a", "answered_rate"), 1.0 - blocked_a - abandoned_a, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "a", "p_wait"), joined_a, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "b", "block_rate"), blocked_b, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "b", "answered_rate"), 1.0 - blocked_b, 1e-12);
  EXPECT_NEAR(get(r, "call_types", "b", "offered"), lb * window, 1e-9);
  // A waiting a-call has the agent's completion (mu) racing its patience (theta).
  const double s = mu / (mu + th);
  for (const double t : {10.0, 20.0, 30.0, 60.0}) {
    const double sl = answered_now_a + joined_a * s * (1.0 - std::exp(-(mu + th) * t));
    EXPECT_NEAR(get(r, "call_types", "a", "service_level/" + std::to_string(static_cast<int>(t))), sl, 1e-12);
  }
  const double answered_a = 1.0 - blocked_a - abandoned_a;
  EXPECT_NEAR(get(r, "call_types", "a", "asa"), joined_a * s / (mu + th) / answered_a, 1e-9);
  EXPECT_NEAR(get(r, "call_types", "a", "mean_wait"), (pi[4] + pi[5]) / (la * (answered_a + abandoned_a)), 1e-9);
  EXPECT_NEAR(get(r, "queues", "A", "mean_queue_length"), pi[4] + pi[5], 1e-12);
  EXPECT_NEAR(get(r, "agent_groups", "G1", "occupancy"), pi[1] + pi[3] + pi[4] + pi[5], 1e-12);
  EXPECT_NEAR(get(r, "agent_groups", "G2", "occupancy"), pi[2] + pi[3] + pi[5], 1e-12);
  EXPECT_NEAR(get(r, "agent_groups", "G1", "answered"),
              (la * (pi[0] + pi[2]) + lb * pi[2] + mu * (pi[4] + pi[5])) * window, 1e-8);
  EXPECT_NEAR(get(r, "agent_groups", "G2", "answered"), lb * (pi[0] + pi[1] + pi[4]) * window, 1e-8);
  EXPECT_EQ(analysis::ctmc_state_bound(load(sc)), 6.0);
}

// ---------------------------------------------------------------------------------------------
// Properties of the construction.

// Non-preemptive priorities with one handle time: Cobham's class waits (stable case).
TEST(Ctmc, PrioritiesMatchCobham) {
  const json sc = scenario_json({{{"name", "q"}}},
                                {call_type("high", "q", 240, 240, std::nullopt, 1), call_type("low", "q", 240, 240)},
                                {{{"name", "agents"}, {"agents", 40}, {"serves", {"q"}}}});
  const CtmcResult r = solve(sc);
  const std::array<double, 2> rates = {240, 240};
  const auto waits = analysis::priority_mean_waits(rates, 240, 40);
  EXPECT_NEAR(get(r, "call_types", "high", "mean_wait"), *waits[0], 1e-7);
  EXPECT_NEAR(get(r, "call_types", "low", "mean_wait"), *waits[1], 1e-7);
  // Nobody abandons: asa is the mean wait (Little's law), but the tagged-caller formula does
  // not hold for the low class (high callers overtake), so its service level is left out.
  EXPECT_NEAR(get(r, "call_types", "low", "asa"), *waits[1], 1e-7);
  EXPECT_TRUE(r.has({"call_types", "high", -1, "service_level/20"}));
  EXPECT_FALSE(r.has({"call_types", "low", -1, "service_level/20"}));
  EXPECT_FALSE(r.has({"totals", "", -1, "service_level/20"}));
  EXPECT_EQ(static_cast<double>(r.states), analysis::ctmc_state_bound(load(sc)));
}

// Call types that route identically are one class of the chain: two halves of a stream give
// the same chain as the whole stream, each with its share of every count.
TEST(Ctmc, IdenticalCallTypesShareTheirClass) {
  const json whole = single_queue({{"calls_per_hour", 1800},
                                   {"mean_handle_time_s", 200},
                                   {"agents", 95},
                                   {"mean_patience_s", 240},
                                   {"queue_capacity", 15}});
  json halves = whole;
  halves["call_types"] = {call_type("x", "q", 600, 200, 240.0), call_type("y", "q", 1200, 200, 240.0)};
  const CtmcResult a = solve(whole);
  const CtmcResult b = solve(halves);
  EXPECT_EQ(a.states, b.states);
  EXPECT_NEAR(total(b, "service_level/20"), total(a, "service_level/20"), 1e-12);
  EXPECT_NEAR(get(b, "call_types", "x", "abandoned") * 2, get(b, "call_types", "y", "abandoned"), 1e-9);
  EXPECT_NEAR(get(b, "call_types", "x", "asa"), total(a, "asa"), 1e-9);
}

// Two call types with different handle times share one line: the state keeps their order
// (FCFS), so the chain is exact. One agent, room for one: idle, busy with x or y, and each of
// those with an x or a y waiting = 7 states; both types see the same blocking (PASTA).
TEST(Ctmc, MixedHandleTimesInOneQueueKeepTheirOrder) {
  const json sc =
      scenario_json({{{"name", "q"}, {"capacity", 1}}}, {call_type("x", "q", 30, 60), call_type("y", "q", 20, 180)},
                    {{{"name", "agent"}, {"agents", 1}, {"serves", {"q"}}}});
  const CtmcResult r = solve(sc);
  EXPECT_EQ(r.states, 7U);
  EXPECT_EQ(analysis::ctmc_state_bound(load(sc)), 7.0);
  EXPECT_NEAR(get(r, "call_types", "x", "block_rate"), get(r, "call_types", "y", "block_rate"), 1e-12);
  // Load carried by the agent: busy fraction = sum over types of answered rate x handle time.
  const double busy =
      (get(r, "call_types", "x", "answered") * 60 + get(r, "call_types", "y", "answered") * 180) / (7.5 * 3600);
  EXPECT_NEAR(get(r, "agent_groups", "agent", "occupancy"), busy, 1e-12);
  // Nobody abandons, so asa is exact (Little) but the service level is not (the agent's
  // completion rate depends on which type it serves).
  EXPECT_TRUE(r.has({"call_types", "x", -1, "asa"}));
  EXPECT_FALSE(r.has({"call_types", "x", -1, "service_level/20"}));
  bool noted = false;
  for (const auto& n : r.notes) noted = noted || n.find("another mean handle time") != std::string::npos;
  EXPECT_TRUE(noted);
}

// Three independent Erlang A pools make one chain of tens of thousands of states, solved by the
// iterative solver; each pool's figures are still Erlang A's, to the same tolerance.
TEST(Ctmc, LargeChainsUseTheIterativeSolverExactly) {
  std::vector<json> queues;
  std::vector<json> types;
  std::vector<json> groups;
  for (const std::string name : {"a", "b", "c"}) {
    queues.push_back({{"name", "q" + name}});
    types.push_back(call_type(name, "q" + name, 100, 300, 200.0));
    groups.push_back({{"name", "g" + name}, {"agents", 10}, {"serves", {"q" + name}}});
  }
  const CtmcResult r = solve(scenario_json(queues, types, groups));
  EXPECT_GT(r.states, 30'000U);
  EXPECT_EQ(r.solver, "BiCGSTAB");
  EXPECT_LT(r.residual, 1e-9);
  const auto sol = analysis::QueueSolution::solve({{100, 300}, 10, 200.0, std::nullopt});
  ASSERT_TRUE(sol.has_value());
  for (const std::string name : {"a", "b", "c"}) {
    EXPECT_NEAR(get(r, "call_types", name, "service_level/20"), sol->service_level(20), tolerance) << name;
    EXPECT_NEAR(get(r, "call_types", name, "abandon_rate"), sol->figures().abandon_rate, tolerance) << name;
    EXPECT_NEAR(get(r, "call_types", name, "asa"), sol->figures().asa, tolerance) << name;
    EXPECT_NEAR(get(r, "agent_groups", "g" + name, "occupancy"), sol->figures().occupancy, tolerance) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// The command.

class CtmcCommand : public testing::CliTest {};

TEST_F(CtmcCommand, WritesTheResultsJsonAndRefusesBigChains) {
  const json c = find_case("erlang_c_360_28");
  const std::string path = write("erlang_c.json", single_queue(c["params"]).dump());
  const auto o = ccsim("exact " + quoted(path) + " --json - --set /agent_groups/0/agents=28");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json j = json::parse(o.out);
  EXPECT_EQ(j["method"], "ctmc");
  EXPECT_EQ(j["replications"], 0);
  EXPECT_GT(j["states"].get<int>(), 28);
  EXPECT_NEAR(j["totals"]["service_level"]["20"]["mean"].get<double>(), c["exact"]["service_level"]["20"].get<double>(),
              tolerance);
  EXPECT_EQ(j["totals"]["service_level"]["20"]["ci95"].get<double>(), 0.0);
  EXPECT_NEAR(j["agent_groups"]["agents"]["occupancy"]["mean"].get<double>(), c["exact"]["occupancy"].get<double>(),
              tolerance);

  const auto table = ccsim("exact " + quoted(path));
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("76.13%"), std::string::npos) << table.out;  // SL 20 s

  const auto refused = ccsim("exact " + quoted(path) + " --max-states 100");
  EXPECT_EQ(refused.exit_code, 2);
  ASSERT_EQ(refused.err_lines.size(), 1U) << refused.err;
  EXPECT_EQ(refused.err_lines[0].rfind("ccsim: " + path + ": would need ", 0), 0U) << refused.err;
  EXPECT_NE(refused.err.find("(limit 100)"), std::string::npos) << refused.err;

  json lognormal = single_queue(c["params"]);
  lognormal["call_types"][0]["handle_time"] = {{"lognormal", {{"mean", "4m"}, {"sd", "3m"}}}};
  const std::string bad = write("lognormal.json", lognormal.dump());
  const auto not_markov = ccsim("exact " + quoted(bad));
  EXPECT_EQ(not_markov.exit_code, 2);
  EXPECT_EQ(not_markov.err_lines,
            std::vector<std::string>{"ccsim: " + bad +
                                     ": /call_types/0/handle_time: not exponential (lognormal); ccsim exact needs a "
                                     "Markovian scenario"});
}

}  // namespace
}  // namespace ccsim
