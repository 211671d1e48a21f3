// `ccsim init`: each template is a valid scenario without warnings whose expectations hold,
// and whose "$schema" leads from the written file to docs/scenario.schema.json; the CSV
// options end to end on what it writes.
#include "tests/support/cli_fixture.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace ccsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class InitCli : public testing::CliTest {};

TEST_F(InitCli, EveryTemplateIsValidAndPassesItsChecks) {
  for (const std::string t : {"single-queue", "two-site", "failover"}) {
    const std::string path = (dir_ / (t + ".json")).string();
    const auto o = ccsim("init --template " + t + " -o " + quoted(path));
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const json doc = json::parse(read(path));
    const std::string schema = doc.at("$schema").get<std::string>();
    const fs::path resolved = fs::path(schema).is_absolute() ? fs::path(schema) : dir_ / schema;
    EXPECT_TRUE(fs::exists(resolved)) << schema;
    EXPECT_EQ(fs::canonical(resolved).filename(), "scenario.schema.json");
    const auto v = ccsim("validate --strict " + quoted(path));
    EXPECT_EQ(v.exit_code, 0) << t << ": " << v.out << v.err;
    const auto c = ccsim("check " + quoted(path) + " --replications 10");
    EXPECT_EQ(c.exit_code, 0) << t << ": " << c.out << c.err;
  }
}

TEST_F(InitCli, WritesToStdoutRefusesToOverwriteAndNamesBadTemplates) {
  const auto o = ccsim("init --schema https://example.org/s.json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(json::parse(o.out).at("$schema"), "https://example.org/s.json");
  const std::string path = write("taken.json", "{}");
  const auto again = ccsim("init -o " + quoted(path));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("the file exists"), std::string::npos) << again.err;
  EXPECT_EQ(read(path), "{}");
  EXPECT_EQ(ccsim("init -o " + quoted(path) + " --force").exit_code, 0);
  EXPECT_EQ(ccsim("init --template nope").exit_code, 2);
}

TEST_F(InitCli, FailoverCsvHasOutagesAndTheLongLayout) {
  const std::string path = (dir_ / "f.json").string();
  ASSERT_EQ(ccsim("init -t failover -o " + quoted(path)).exit_code, 0);
  const auto wide = ccsim("run " + quoted(path) + " -r 3 --quiet --csv " + quoted((dir_ / "wide").string()));
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  const std::string outages = read(dir_ / "wide" / "outages.csv");
  EXPECT_EQ(outages.rfind("site,from_s,from,for_s,waiting_calls,offered,offered_ci95,", 0), 0U) << outages;
  EXPECT_NE(outages.find("\nprimary,7200,10:00,2700,reroute,"), std::string::npos) << outages;
  EXPECT_NE(read(dir_ / "wide" / "intervals.csv").find("\n1800,08:30,totals,"), std::string::npos);
  const auto tidy =
      ccsim("run " + quoted(path) + " -r 3 --quiet --csv-layout long --csv " + quoted((dir_ / "long").string()));
  ASSERT_EQ(tidy.exit_code, 0) << tidy.err;
  const std::string figures = read(dir_ / "long" / "figures.csv");
  EXPECT_EQ(figures.rfind("scope,name,metric,threshold_s,interval_start,mean,ci95\n", 0), 0U);
  EXPECT_NE(figures.find("\ntotals,,service_level,20,10:00,"), std::string::npos);
  EXPECT_NE(figures.find("\noutages,primary@10:00,abandon_rate,,,"), std::string::npos);
  EXPECT_EQ(ccsim("run " + quoted(path) + " --csv-layout tall --csv x").exit_code, 2);
}

}  // namespace
}  // namespace ccsim
