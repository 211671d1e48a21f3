// Redials against the exact (system, orbit) CTMC of M/M/c+M with redials
// (tests/data/redial_exact.json, computed by tests/support/redial_exact_main.cpp with a
// solver that shares no code with ccsim). Each exact figure must lie within 3 half-widths of
// the simulated 95% CI, and the half-width must be small enough for the check to be sharp.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/redial_cases.hpp"
#include "tests/support/redial_ctmc.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace ccsim {
namespace {

using nlohmann::json;

void expect_covers(const analysis::Summary& s, const std::string& metric, double exact, double max_half_width,
                   const std::string& label) {
  const auto e = s.estimate({"totals", "", -1, metric});
  ASSERT_TRUE(e.mean && e.ci95) << label << " " << metric;
  EXPECT_NEAR(*e.mean, exact, 3.0 * *e.ci95)
      << label << " " << metric << ": simulated " << *e.mean << " ± " << *e.ci95 << ", exact " << exact;
  EXPECT_LE(*e.ci95, max_half_width) << label << " " << metric << ": CI too wide to validate";
  std::cout << "  " << label << " " << metric << ": exact " << exact << ", simulated " << *e.mean << " ± " << *e.ci95
            << "\n";
}

TEST(RedialValidation, SimulationMatchesTheSystemOrbitChain) {
  for (const auto& c : testing::redial_cases()) {
    const std::string label = c["name"];
    const auto& x = c["exact"];
    ASSERT_LT(x["mass_at_bounds"].get<double>(), 1e-12) << label << ": truncation too tight";
    // 40 replications of 96 h after a 2 h warm-up: about 58,000 callers each (both cases are
    // critically loaded, so their figures vary much from one replication to the next).
    const double hours = 96.0;
    const auto sc = scenario::load_scenario_text(testing::redial_scenario(c["parameters"], hours, 2.0, 40).dump(),
                                                 "redial_validation.json");
    analysis::Summary s(sc);
    model::run_replications(sc, 0, sc.replications, 2, [&](std::uint32_t, model::ReplicationTally&& t) { s.add(t); });
    // Offered attempts per hour, from the offered count of the window.
    const auto offered = s.estimate({"totals", "", -1, "offered"});
    ASSERT_TRUE(offered.mean && offered.ci95);
    EXPECT_NEAR(*offered.mean / hours, x["offered_per_hour"].get<double>(), 3.0 * *offered.ci95 / hours) << label;
    EXPECT_LE(*offered.ci95 / hours, 0.01 * x["offered_per_hour"].get<double>()) << label;
    std::cout << "  " << label << " offered/h: exact " << x["offered_per_hour"] << ", simulated "
              << *offered.mean / hours << " ± " << *offered.ci95 / hours << "\n";
    expect_covers(s, "abandon_rate", x["abandon_rate"], 0.004, label);
    expect_covers(s, "block_rate", x["block_rate"], 0.004, label);
    expect_covers(s, "redial_rate", x["redial_rate"], 0.004, label);
    expect_covers(s, "caller_answered_rate", x["caller_answered_rate"], 0.004, label);
    for (const auto& [t, v] : x["service_level"].items()) {
      expect_covers(s, "service_level/" + t, v.get<double>(), 0.008, label);
    }
  }
}

// The stored figures are what the dedicated solver gives (they were not edited by hand), and
// the chain balances: each caller is answered once or leaves for good.
TEST(RedialChain, ReproducesTheStoredFiguresAndBalancesFlows) {
  for (const auto& c : testing::redial_cases()) {
    const auto& p = c["parameters"];
    testing::RedialChain ch;
    ch.lambda = p["calls_per_hour"].get<double>() / 3600.0;
    ch.mu = 1.0 / p["mean_handle_time_s"].get<double>();
    ch.theta = 1.0 / p["mean_patience_s"].get<double>();
    ch.nu = 1.0 / p["mean_redial_delay_s"].get<double>();
    ch.p_abandon = p["after_abandon"];
    ch.p_blocked = p["after_blocked"];
    ch.agents = p["agents"];
    ch.capacity = p.value("queue_capacity", -1);
    ch.n_max = p["n_max"];
    ch.m_max = p["m_max"];
    ch.within_s = {10, 20, 30, 60};
    const auto f = testing::solve_redial_chain(ch);
    EXPECT_NEAR(f.redial_rate, c["exact"]["redial_rate"].get<double>(), 1e-12);
    EXPECT_NEAR(f.service_level[1], c["exact"]["service_level"]["20"].get<double>(), 1e-12);
    EXPECT_NEAR(f.caller_answered_rate, c["exact"]["caller_answered_rate"].get<double>(), 1e-12);
    // Flow balance: every caller ends answered or abandons/is blocked for good.
    const double final_losses =
        f.offered_per_s * (f.abandon_rate * (1.0 - ch.p_abandon) + f.block_rate * (1.0 - ch.p_blocked));
    EXPECT_NEAR(f.caller_answered_rate * ch.lambda + final_losses, ch.lambda, 1e-9 * ch.lambda);
  }
}

}  // namespace
}  // namespace ccsim
