// Tests of analysis/erlang: the exact reference figures (tests/data/queueing_exact.json),
// textbook staffing, stability at 10,000 agents, and the limits linking Erlang A, B and C.
#include "analysis/analytic/erlang.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccsim::analysis {
namespace {

// overflow_two_pools is a two-queue routing model, outside this module's single-pool
// formulas; the simulator's own validation tests cover it.
constexpr const char* not_single_pool = "overflow_two_pools";

const nlohmann::json& reference() {
  static const nlohmann::json data = [] {
    const std::string path = std::string(CCSIM_TEST_DATA_DIR) + "/queueing_exact.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    return nlohmann::json::parse(in);
  }();
  return data;
}

const nlohmann::json& reference_case(const std::string& id) {
  for (const auto& c : reference().at("cases"))
    if (c.at("id") == id) return c;
  throw std::runtime_error("no reference case " + id);
}

std::vector<std::string> single_pool_case_ids() {
  std::vector<std::string> ids;
  for (const auto& c : reference().at("cases"))
    if (c.at("id") != not_single_pool) ids.push_back(c.at("id").get<std::string>());
  return ids;
}

// The reference figures are exact to double rounding: 1e-9 absolute for fractions,
// relative for figures in seconds that exceed 1 (asa, mean_wait).
void expect_figure(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected))) << what;
}

QueueModel model_from_params(const nlohmann::json& params) {
  QueueModel model;
  model.traffic = Traffic{params.at("calls_per_hour").get<double>(), params.at("mean_handle_time_s").get<double>()};
  model.agents = params.at("agents").get<int>();
  if (params.contains("mean_patience_s")) model.patience_s = params["mean_patience_s"].get<double>();
  if (params.contains("queue_capacity")) model.capacity = params["queue_capacity"].get<int>();
  return model;
}

// Every figure in a case's `exact` object is checked; an unknown key fails the test, so a
// figure added to the reference cannot be skipped silently.
void expect_case_figures(const nlohmann::json& c, const QueueSolution& solution) {
  const QueueFigures& f = solution.figures();
  for (const auto& [key, value] : c.at("exact").items()) {
    if (key == "service_level") {
      for (const auto& [within, level] : value.items())
        expect_figure(solution.service_level(std::stod(within)), level.get<double>(), "service_level[" + within + "]");
    } else if (key == "block_rate" || key == "blocked") {
      expect_figure(f.block_rate, value.get<double>(), key);
    } else if (key == "abandoned") {
      expect_figure(f.abandon_rate, value.get<double>(), key);
    } else if (key == "p_wait") {
      expect_figure(f.p_wait, value.get<double>(), key);
    } else if (key == "asa") {
      expect_figure(f.asa, value.get<double>(), key);
    } else if (key == "mean_wait") {
      expect_figure(f.mean_wait, value.get<double>(), key);
    } else if (key == "occupancy") {
      expect_figure(f.occupancy, value.get<double>(), key);
    } else {
      ADD_FAILURE() << "reference figure not checked: " << key;
    }
  }
}

class ReferenceCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceCase, MatchesExactFigures) {
  const nlohmann::json& c = reference_case(GetParam());
  const nlohmann::json& params = c.at("params");
  const nlohmann::json& exact = c.at("exact");

  if (params.contains("calls_per_hour_by_priority_high_first")) {
    // 240 + 480 calls/h of 240 s on 36 agents is 16 + 32 = 48 erlangs: overloaded. The
    // reference's mean_wait_low of -36 s is Cobham's formula evaluated past its domain
    // (1 - sigma_2 = 1 - 48/36 < 0), not a valid figure: the low class is unstable and its
    // wait grows without bound. The high class (16 erlangs) is stable; in overload every
    // agent is always busy (P(wait) = 1), so it waits like M/M/1 with rate n mu:
    // 1 / (n mu - lambda_1) = 1 / (0.15 - 0.0667) = 12 s, the reference's figure.
    const auto rates = params.at("calls_per_hour_by_priority_high_first").get<std::vector<double>>();
    const auto waits =
        priority_mean_waits(rates, params.at("mean_handle_time_s").get<double>(), params.at("agents").get<int>());
    ASSERT_EQ(waits.size(), 2U);
    ASSERT_TRUE(waits[0].has_value());
    expect_figure(*waits[0], exact.at("mean_wait_high").get<double>(), "mean_wait_high");
    EXPECT_LT(exact.at("mean_wait_low").get<double>(), 0.0) << "reference low-class figure";
    EXPECT_FALSE(waits[1].has_value()) << "low class must be reported unstable";
    EXPECT_EQ(exact.size(), 2U) << "a priority figure is not checked";
    return;
  }

  const QueueModel model = model_from_params(params);
  const auto solution = QueueSolution::solve(model);
  ASSERT_TRUE(solution.has_value());
  expect_case_figures(c, *solution);

  // The free functions agree with the general solution on their own models.
  const double a = model.traffic.offered_erlangs();
  if (model.capacity == 0 && !model.patience_s) {
    expect_figure(erlang_b(a, model.agents), exact.at("block_rate").get<double>(), "erlang_b");
    expect_figure(std::exp(log_erlang_b(a, model.agents)), exact.at("block_rate").get<double>(), "log_erlang_b");
  }
  if (!model.capacity && !model.patience_s) {
    expect_figure(erlang_c(a, model.agents).value(), exact.at("p_wait").get<double>(), "erlang_c");
    expect_figure(erlang_c_asa(model.traffic, model.agents).value(), exact.at("asa").get<double>(), "erlang_c_asa");
    for (const auto& [within, level] : exact.at("service_level").items())
      expect_figure(erlang_c_service_level(model.traffic, model.agents, std::stod(within)).value(), level.get<double>(),
                    "erlang_c_service_level[" + within + "]");
  }
}

INSTANTIATE_TEST_SUITE_P(QueueingExact, ReferenceCase, ::testing::ValuesIn(single_pool_case_ids()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

TEST(ErlangReferenceData, HoldsTheCasesThisFileCovers) {
  // Guards against the parameterized suite silently shrinking.
  EXPECT_EQ(single_pool_case_ids().size() + 1, reference().at("cases").size());
  EXPECT_GE(single_pool_case_ids().size(), 10U);
}

// Erlang C from its textbook definition, summing a^k / k! in long double: independent of
// the recursion under test. Fine for the few dozen agents it is used with.
long double textbook_erlang_c_service_level(double calls_per_hour, double handle_s, int agents, double within_s) {
  const long double a = static_cast<long double>(calls_per_hour) * handle_s / 3600.0L;
  long double term = 1.0L;  // a^k / k!
  long double below = 0.0L;
  for (int k = 0; k < agents; ++k) {
    below += term;
    term *= a / (k + 1);
  }
  const long double n = agents;
  const long double waiting = term * n / (n - a);
  const long double c = waiting / (below + waiting);
  return 1.0L - c * std::exp(-(n - a) * within_s / handle_s);
}

TEST(ErlangStaffing, TextbookErlangCExample) {
  // 360 calls/h, 240 s handle time (24 erlangs), target 80% answered within 20 s.
  const StaffingResult result = staff_for_target(360.0, 240.0, std::nullopt, 20.0, 0.8);
  const long double at_n = textbook_erlang_c_service_level(360.0, 240.0, result.agents, 20.0);
  const long double below_n = textbook_erlang_c_service_level(360.0, 240.0, result.agents - 1, 20.0);
  EXPECT_EQ(result.agents, 29);  // 84.0% within 20 s; 28 agents give 76.1%
  EXPECT_GE(at_n, 0.8L);
  EXPECT_LT(below_n, 0.8L);
  EXPECT_NEAR(result.service_level, static_cast<double>(at_n), 1e-12);
  EXPECT_NEAR(result.figures.occupancy, 24.0 / 29.0, 1e-12);
  // 28 agents is the reference's erlang_c_360_28 case: 76.1% within 20 s, short of 80%.
  EXPECT_NEAR(static_cast<double>(textbook_erlang_c_service_level(360.0, 240.0, 28, 20.0)), 0.7612958139347644, 1e-12);
}

TEST(ErlangStaffing, ErlangANeedsNoMoreAgentsThanErlangC) {
  // Abandonment shortens the queue, so the Erlang A answer is at most Erlang C's.
  const StaffingResult c = staff_for_target(600.0, 300.0, std::nullopt, 20.0, 0.8);
  const StaffingResult a = staff_for_target(600.0, 300.0, 120.0, 20.0, 0.8);
  EXPECT_LE(a.agents, c.agents);
  EXPECT_GT(a.figures.abandon_rate, 0.0);
  EXPECT_GE(a.service_level, 0.8);
  const auto fewer = QueueSolution::solve(QueueModel{{600.0, 300.0}, a.agents - 1, 120.0, {}});
  ASSERT_TRUE(fewer.has_value());
  EXPECT_LT(fewer->service_level(20.0), 0.8);
}

TEST(ErlangStaffing, LargeLoadStaysFastAndMinimal) {
  // 150,000 calls/h of 240 s: 10,000 erlangs.
  const StaffingResult result = staff_for_target(150000.0, 240.0, std::nullopt, 20.0, 0.8);
  EXPECT_GT(result.agents, 10000);
  EXPECT_LT(result.agents, 10100);
  EXPECT_GE(result.service_level, 0.8);
  const Traffic traffic{150000.0, 240.0};
  EXPECT_LT(erlang_c_service_level(traffic, result.agents - 1, 20.0).value(), 0.8);
}

TEST(ErlangStaffing, ZeroTrafficNeedsNoAgents) {
  const StaffingResult result = staff_for_target(0.0, 240.0, std::nullopt, 20.0, 0.8);
  EXPECT_EQ(result.agents, 0);
  EXPECT_EQ(result.service_level, 1.0);
}

TEST(ErlangStability, ErlangBAt10000AgentsMatchesLongDoubleRecursion) {
  const double b = erlang_b(9800.0, 10000);
  long double reference_b = 1.0L;
  for (int k = 1; k <= 10000; ++k) reference_b = 9800.0L * reference_b / (k + 9800.0L * reference_b);
  EXPECT_TRUE(std::isfinite(b));
  EXPECT_GT(b, 0.0);
  EXPECT_LT(b, 1.0);
  EXPECT_NEAR(b, static_cast<double>(reference_b), 1e-12 * b);
  EXPECT_NEAR(std::exp(log_erlang_b(9800.0, 10000)), b, 1e-11 * b);
}

TEST(ErlangStability, LogErlangBWhereErlangBUnderflows) {
  // 10 erlangs on 10,000 agents: B = (a^n / n!) / sum_{k<=n} a^k / k! ~ 1e-25600, far below
  // any floating type. With n >> a the sum is e^a to double precision.
  const double expected = 10000.0 * std::log(10.0) - std::lgamma(10001.0) - 10.0;
  EXPECT_EQ(erlang_b(10.0, 10000), 0.0);
  EXPECT_NEAR(log_erlang_b(10.0, 10000), expected, 1e-11 * std::abs(expected));
}

TEST(ErlangStability, ErlangCAt10000Agents) {
  const Traffic traffic{9800.0 * 3600.0 / 240.0, 240.0};  // 9,800 erlangs
  const auto c = erlang_c(traffic.offered_erlangs(), 10000);
  ASSERT_TRUE(c.has_value());
  EXPECT_GT(*c, 0.0);
  EXPECT_LT(*c, 1.0);
  const auto solution = QueueSolution::solve(QueueModel{traffic, 10000, {}, {}});
  ASSERT_TRUE(solution.has_value());
  EXPECT_NEAR(solution->figures().p_wait, *c, 1e-15);
  const double level = solution->service_level(20.0);
  EXPECT_GT(level, 1.0 - *c);
  EXPECT_LT(level, 1.0);
  // A finite waiting room far beyond the queue's reach gives the same answers.
  const auto roomy = QueueSolution::solve(QueueModel{traffic, 10000, {}, 100000});
  ASSERT_TRUE(roomy.has_value());
  EXPECT_NEAR(roomy->figures().p_wait, *c, 1e-10);
  EXPECT_NEAR(roomy->figures().asa, solution->figures().asa, 1e-9 * solution->figures().asa);
  EXPECT_NEAR(roomy->service_level(20.0), level, 1e-10);
}

TEST(ErlangStability, ErlangAOverloadedAt10000Agents) {
  // 10,500 erlangs on 10,000 agents, mean patience 60 s: about 1 - n/a = 4.8% abandon.
  const auto solution =
      QueueSolution::solve(QueueModel{Traffic{10500.0 * 3600.0 / 240.0, 240.0}, 10000, 60.0, std::nullopt});
  ASSERT_TRUE(solution.has_value());
  const QueueFigures& f = solution->figures();
  EXPECT_GT(f.abandon_rate, 1.0 - 10000.0 / 10500.0);
  EXPECT_LT(f.abandon_rate, 0.05);
  EXPECT_GT(f.occupancy, 0.999);
  EXPECT_LE(f.occupancy, 1.0);
  // Abandonment rate theta E[Q] = lambda * abandon_rate, and E[Q] = lambda * mean_wait.
  EXPECT_NEAR(f.abandon_rate, f.mean_wait / 60.0, 1e-9 * f.abandon_rate);
  double previous = 0.0;
  for (const double within : {0.0, 1.0, 10.0, 60.0, 600.0}) {
    const double level = solution->service_level(within);
    EXPECT_TRUE(std::isfinite(level));
    EXPECT_GE(level, previous);
    EXPECT_LE(level, 1.0 - f.abandon_rate + 1e-12);
    previous = level;
  }
  EXPECT_NEAR(previous, 1.0 - f.abandon_rate, 1e-9);  // everyone answered is answered by 10 min
}

TEST(ErlangLimits, LongPatienceApproachesErlangC) {
  // Erlang A departs from Erlang C in proportion to theta = 1 / patience (measured: asa
  // by 2.1e4 s^2 x theta, p_wait by 80 s x theta, abandon_rate by 20 s x theta). So at
  // patience 1e12 s the figures agree to ~1e-10, and the gap shrinks tenfold per decade.
  const Traffic traffic{360.0, 240.0};
  const auto c = QueueSolution::solve(QueueModel{traffic, 28, {}, {}});
  const auto a = QueueSolution::solve(QueueModel{traffic, 28, 1e12, {}});
  const auto a_shorter = QueueSolution::solve(QueueModel{traffic, 28, 1e11, {}});
  ASSERT_TRUE(c.has_value());
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(a_shorter.has_value());
  EXPECT_NEAR(a->figures().p_wait, c->figures().p_wait, 1e-9);
  EXPECT_NEAR(a->figures().asa, c->figures().asa, 1e-7);
  EXPECT_NEAR(a->figures().mean_wait, c->figures().mean_wait, 1e-7);
  EXPECT_NEAR(a->figures().occupancy, c->figures().occupancy, 1e-9);
  EXPECT_LT(a->figures().abandon_rate, 1e-10);
  for (const double within : {0.0, 10.0, 20.0, 60.0})
    EXPECT_NEAR(a->service_level(within), c->service_level(within), 1e-9) << within;
  const double gap = c->figures().asa - a->figures().asa;
  const double shorter_gap = c->figures().asa - a_shorter->figures().asa;
  EXPECT_NEAR(shorter_gap / gap, 10.0, 0.01);
}

TEST(ErlangLimits, CapacityZeroIsErlangB) {
  const Traffic traffic{1200.0, 240.0};  // 80 erlangs
  const double b = erlang_b(traffic.offered_erlangs(), 85);
  for (const std::optional<double> patience : {std::optional<double>{}, std::optional<double>{90.0}}) {
    const auto solution = QueueSolution::solve(QueueModel{traffic, 85, patience, 0});
    ASSERT_TRUE(solution.has_value());
    const QueueFigures& f = solution->figures();
    EXPECT_NEAR(f.block_rate, b, 1e-13);
    EXPECT_EQ(f.p_wait, 0.0);
    EXPECT_EQ(f.abandon_rate, 0.0);
    EXPECT_EQ(f.asa, 0.0);
    EXPECT_EQ(f.mean_wait, 0.0);
    EXPECT_NEAR(f.occupancy, 80.0 * (1.0 - b) / 85.0, 1e-13);
    EXPECT_NEAR(solution->service_level(20.0), 1.0 - b, 1e-13);
  }
}

TEST(ErlangLimits, FiniteWaitingRoomMatchesDirectBirthDeath) {
  // M/M/3/3+2 without abandonment, solved by hand: pi_k ~ a^k / k! for k <= 3, then
  // pi_3 rho^j; a caller finding j waiting waits Erlang(j + 1, n mu).
  const double a = 2.5;
  const double handle = 100.0;
  const double mu3 = 3.0 / handle;
  const double w[] = {
      1.0, a, a * a / 2.0, a * a * a / 6.0, a * a * a / 6.0 * a / 3.0, a * a * a / 6.0 * a / 3.0 * a / 3.0};
  double total = 0.0;
  for (const double x : w) total += x;
  const double t = 15.0;
  const double erlang1 = 1.0 - std::exp(-mu3 * t);
  const double erlang2 = 1.0 - std::exp(-mu3 * t) * (1.0 + mu3 * t);
  const double block = w[5] / total;
  const double expected_level = (w[0] + w[1] + w[2] + w[3] * erlang1 + w[4] * erlang2) / total;
  const double expected_asa = (w[3] * 1.0 / mu3 + w[4] * 2.0 / mu3) / total / (1.0 - block);

  const auto solution = QueueSolution::solve(QueueModel{Traffic{a * 3600.0 / handle, handle}, 3, {}, 2});
  ASSERT_TRUE(solution.has_value());
  EXPECT_NEAR(solution->figures().block_rate, block, 1e-14);
  EXPECT_NEAR(solution->figures().p_wait, (w[3] + w[4]) / total, 1e-14);
  EXPECT_NEAR(solution->figures().asa, expected_asa, 1e-12);
  EXPECT_NEAR(solution->figures().mean_wait, expected_asa, 1e-12);  // nobody abandons
  EXPECT_NEAR(solution->service_level(t), expected_level, 1e-14);
}

TEST(ErlangA, AbandonmentMatchesLittlesLaw) {
  // theta E[Q] = lambda P(abandon) and E[Q] = lambda (1 - block) mean_wait, for every
  // reference Erlang A case (with and without capacity).
  for (const char* id : {"erlang_a_3600_100_300", "erlang_a_600_45_120", "erlang_a_600_55_180", "erlang_a_capacity"}) {
    const QueueModel model = model_from_params(reference_case(id).at("params"));
    const QueueFigures f = QueueSolution::solve(model).value().figures();
    EXPECT_NEAR(f.abandon_rate, f.mean_wait * (1.0 - f.block_rate) / *model.patience_s, 1e-13) << id;
    // Answered = carried load / offered load.
    const double answered = 1.0 - f.block_rate - f.abandon_rate;
    EXPECT_NEAR(f.occupancy * model.agents / model.traffic.offered_erlangs(), answered, 1e-13) << id;
  }
}

TEST(ErlangC, UnstableLoadHasNoSteadyState) {
  const Traffic traffic{360.0, 240.0};  // 24 erlangs
  EXPECT_FALSE(erlang_c(24.0, 24).has_value());
  EXPECT_FALSE(erlang_c(30.0, 24).has_value());
  EXPECT_FALSE(erlang_c_asa(traffic, 24).has_value());
  EXPECT_FALSE(erlang_c_service_level(traffic, 20, 20.0).has_value());
  EXPECT_FALSE(QueueSolution::solve(QueueModel{traffic, 24, {}, {}}).has_value());
  // A waiting room or a patience restores a steady state.
  EXPECT_TRUE(QueueSolution::solve(QueueModel{traffic, 20, {}, 50}).has_value());
  EXPECT_TRUE(QueueSolution::solve(QueueModel{traffic, 20, 60.0, {}}).has_value());
}

TEST(CobhamPriority, StableClassesConserveErlangCWork) {
  // Equal handle times: the load-weighted class waits average to the FCFS Erlang C wait
  // (Kleinrock's conservation law), and one class is plain Erlang C.
  const std::vector<double> rates{120.0, 180.0, 60.0};
  const auto waits = priority_mean_waits(rates, 240.0, 28);
  const double fcfs = erlang_c_asa(Traffic{360.0, 240.0}, 28).value();
  double weighted = 0.0;
  for (std::size_t k = 0; k < rates.size(); ++k) weighted += rates[k] / 360.0 * waits[k].value();
  EXPECT_NEAR(weighted, fcfs, 1e-12);
  EXPECT_LT(*waits[0], *waits[1]);
  EXPECT_LT(*waits[1], *waits[2]);
  const std::vector<double> one{360.0};
  EXPECT_NEAR(priority_mean_waits(one, 240.0, 28)[0].value(), fcfs, 1e-12);
}

TEST(ErlangArguments, OutOfDomainThrows) {
  EXPECT_THROW((void)erlang_b(-1.0, 3), std::invalid_argument);
  EXPECT_THROW((void)erlang_b(1.0, -1), std::invalid_argument);
  EXPECT_THROW((void)erlang_c(1.0, 0), std::invalid_argument);
  EXPECT_THROW((void)QueueSolution::solve(QueueModel{{360.0, 0.0}, 28, {}, {}}), std::invalid_argument);
  EXPECT_THROW((void)QueueSolution::solve(QueueModel{{360.0, 240.0}, 28, -5.0, {}}), std::invalid_argument);
  EXPECT_THROW((void)QueueSolution::solve(QueueModel{{360.0, 240.0}, 28, {}, -1}), std::invalid_argument);
  EXPECT_THROW((void)staff_for_target(360.0, 240.0, std::nullopt, 20.0, 1.0), std::invalid_argument);
  EXPECT_EQ(erlang_b(5.0, 0), 1.0);
}

}  // namespace
}  // namespace ccsim::analysis
