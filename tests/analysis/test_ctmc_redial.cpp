// `ccsim exact` with redials (an orbit dimension per call type that redials) against the
// dedicated (system, orbit) chain of tests/support/redial_ctmc.hpp, whose figures are stored in
// tests/data/redial_exact.json; and the refusals of redials that are not Markovian.
#include "analysis/analytic/ctmc.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/redial_cases.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccsim {
namespace {

using nlohmann::json;

TEST(CtmcRedial, MatchesTheDedicatedSystemOrbitChain) {
  for (const auto& c : testing::redial_cases()) {
    const std::string label = c["name"];
    const auto sc =
        scenario::load_scenario_text(testing::redial_scenario(c["parameters"], 10.0, 0.0, 1).dump(), "exact.json");
    const auto r = analysis::solve_ctmc(sc);
    const auto& x = c["exact"];
    const auto total = [&](const std::string& metric) {
      const auto v = r.value("totals", "", metric);
      EXPECT_TRUE(v.has_value()) << label << " " << metric;
      return v.value_or(-1.0);
    };
    EXPECT_NEAR(total("offered") / 10.0, x["offered_per_hour"].get<double>(), 1e-6) << label;
    EXPECT_NEAR(total("redials") / 10.0, x["redials_per_hour"].get<double>(), 1e-6) << label;
    EXPECT_NEAR(total("callers") / 10.0, c["parameters"]["calls_per_hour"].get<double>(), 1e-6) << label;
    for (const char* m : {"abandon_rate", "block_rate", "answered_rate", "redial_rate", "caller_answered_rate"}) {
      EXPECT_NEAR(total(m), x[m].get<double>(), 1e-8) << label << " " << m;
    }
    for (const auto& [t, v] : x["service_level"].items()) {
      EXPECT_NEAR(total("service_level/" + t), v.get<double>(), 1e-8) << label << " SL " << t;
    }
    // The call type is the total, and the note says how the orbit was cut.
    EXPECT_EQ(r.value("call_types", "calls", "redial_rate"), r.value("totals", "", "redial_rate"));
    bool noted = false;
    for (const auto& n : r.notes) noted |= n.find("as an orbit") != std::string::npos;
    EXPECT_TRUE(noted) << label;
  }
}

TEST(CtmcRedial, RefusesRedialsThatAreNotMarkovian) {
  auto j = testing::redial_scenario(testing::redial_cases()[0]["parameters"], 10.0, 0.0, 1);
  j["call_types"][0]["redial"]["delay"] = "2m";
  j["call_types"][0]["redial"]["max"] = 3;
  const auto sc = scenario::load_scenario_text(j.dump(), "x.json");
  try {
    (void)analysis::solve_ctmc(sc);
    FAIL() << "a constant delay and a max were accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("x.json: /call_types/0/redial/delay: not exponential (constant)"), std::string::npos) << what;
    EXPECT_NE(what.find("x.json: /call_types/0/redial/max: a max on redials"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace ccsim
