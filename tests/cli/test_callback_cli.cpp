// Callbacks end to end through the ccsim binary: run (JSON, table, CSV, HTML), exact (when_idle
// solved, keep_place refused with the pointer), validate (warnings where a callback can never
// take effect).
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace ccsim {
namespace {

class CallbackCli : public ccsim::testing::CliTest {
protected:
  [[nodiscard]] static std::string scenario() { return std::string(CCSIM_TEST_DATA_DIR) + "/callback_when_idle.json"; }
};

TEST_F(CallbackCli, RunShowsTheFiguresEverywhere) {
  const std::string csv = (dir_ / "csv").string();
  const std::string html = (dir_ / "r.html").string();
  const auto o = ccsim("run " + quoted(scenario()) + " --replications 2 --set /horizon=12h --csv " + quoted(csv) +
                       " --report " + quoted(html));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("callback rate"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("answered within T / (offered - callback)"), std::string::npos) << o.out;
  const std::string summary = read(dir_ / "csv" / "summary.csv");
  EXPECT_NE(summary.find(",callback_wait_s,callback_wait_s_ci95"), std::string::npos) << summary;
  const std::string page = read(html);
  EXPECT_NE(page.find("Callbacks (virtual hold)"), std::string::npos);
  const auto j = ccsim("run " + quoted(scenario()) + " --replications 2 --set /horizon=12h --json -");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto results = nlohmann::json::parse(j.out);
  for (const char* section : {"totals"}) {
    for (const char* m : {"callbacks_offered", "callback", "callback_rate", "callback_wait"}) {
      EXPECT_TRUE(results[section].contains(m)) << m;
    }
  }
  EXPECT_TRUE(results["queues"]["q"].contains("callback_wait"));
  EXPECT_TRUE(results["intervals"][0]["totals"].contains("callback"));
}

TEST_F(CallbackCli, ExactSolvesWhenIdleAndRefusesKeepPlace) {
  const auto o = ccsim("exact " + quoted(scenario()) + " --json -");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto r = nlohmann::json::parse(o.out);
  EXPECT_GT(r["totals"]["callback_rate"]["mean"].get<double>(), 0.0);
  EXPECT_EQ(r["totals"]["callback_rate"]["ci95"].get<double>(), 0.0);
  const auto k = ccsim("exact " + quoted(scenario()) + " --set /queues/0/callback/mode=keep_place");
  EXPECT_EQ(k.exit_code, 2);
  EXPECT_NE(k.err.find("callback_when_idle.json: /queues/0/callback/mode: keep_place is not solved exactly"),
            std::string::npos)
      << k.err;
}

TEST_F(CallbackCli, ValidateWarnsOfCallbacksThatNeverTakeEffect) {
  const auto o = ccsim("validate " + quoted(scenario()) +
                       " --set /queues/0/callback/accept=0 --set /queues/0/capacity=2"
                       " --set '/queues/0/callback/offer_when/queue_length/at_least=5'");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const std::string all = o.out + o.err;
  EXPECT_NE(all.find("/queues/0/callback/accept: warning: the callback of queue \"q\" is never taken: accept is 0"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("/queues/0/callback/offer_when: warning: the callback of queue \"q\" is never offered"),
            std::string::npos)
      << all;
  const auto clean = ccsim("validate " + quoted(scenario()) + " --strict");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
}

}  // namespace
}  // namespace ccsim
