// The CSV files of a run: RFC 4180 quoting in every file (names with commas and quotes), units
// in column names, outages.csv, and the long layout (one row per figure).
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/results_csv.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/files.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

namespace ccsim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Records = std::vector<std::vector<std::string>>;

// An RFC 4180 reader, strict: a quote inside an unquoted field or an unclosed quote fails.
Records parse_csv(const std::string& text) {
  Records records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') field += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else quoted = false;
    } else if (c == '"') {
      if (!field.empty() || was_quoted) throw std::runtime_error("stray quote at byte " + std::to_string(i));
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      record.push_back(field);
      field.clear();
      was_quoted = false;
      if (c == '\n') records.push_back(std::exchange(record, {}));
    } else {
      field += c;
    }
  }
  if (quoted || !field.empty() || !record.empty()) throw std::runtime_error("unterminated last record");
  return records;
}

json center() {
  return {{"name", "csv"},
          {"start", "07:00"},
          {"horizon", "09:00"},
          {"interval", "1h"},
          {"replications", 3},
          {"sites", {{{"name", "north, main"}, {"outages", {{{"from", "07:30"}, {"for", "20m"}}}}}}},
          {"queues", {{{"name", "q \"1\""}, {"site", "north, main"}}}},
          {"call_types",
           {{{"name", "calls"},
             {"enters", "q \"1\""},
             {"arrivals", {{"poisson", {{"per_hour", 100}}}}},
             {"handle_time", {{"exponential", {{"mean", "4m"}}}}}}}},
          {"agent_groups", {{{"name", "agents \"A\", east"}, {"agents", 7}, {"serves", {"q \"1\""}}}}}};
}

class CsvOutputs : public ::testing::Test {
protected:
  void SetUp() override {
    sc_ = scenario::load_scenario_text(center().dump(), "csv.json");
    summary_ = std::make_unique<analysis::Summary>(sc_);
    model::run_replications(sc_, 0, sc_.replications, 1,
                            [&](std::uint32_t, model::ReplicationTally&& t) { summary_->add(t); });
    dir_ = fs::temp_directory_path() / ("ccsim_csv_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Records read(const std::string& file) const { return parse_csv(testing::read_text(dir_ / file)); }

  model::Scenario sc_;
  std::unique_ptr<analysis::Summary> summary_;
  fs::path dir_;
};

TEST_F(CsvOutputs, EveryFileParsesWithAsManyFieldsAsHeaders) {
  analysis::write_csv(dir_.string(), *summary_);
  for (const std::string file : {"summary.csv", "groups.csv", "intervals.csv", "outages.csv"}) {
    const Records r = read(file);
    ASSERT_GE(r.size(), 2U) << file;
    for (const auto& record : r) EXPECT_EQ(record.size(), r[0].size()) << file;
  }
  const Records groups = read("groups.csv");
  EXPECT_EQ(groups[1][1], "agents \"A\", east");
  EXPECT_NE(testing::read_text(dir_ / "groups.csv").find(",\"agents \"\"A\"\", east\","), std::string::npos);
  const Records summary = read("summary.csv");
  EXPECT_EQ(summary[3][1], "q \"1\"");  // header, totals, call type, queue
}

TEST_F(CsvOutputs, ColumnNamesCarryUnits) {
  analysis::write_csv(dir_.string(), *summary_);
  const auto head = read("summary.csv")[0];
  const auto has = [&](const std::string& column) { return std::find(head.begin(), head.end(), column) != head.end(); };
  for (const char* column : {"asa_s", "asa_s_ci95", "mean_wait_s", "wait_p90_s", "service_level_20s",
                             "service_level_20s_ci95", "abandon_rate", "offered", "mean_queue_length"}) {
    EXPECT_TRUE(has(column)) << column;
  }
  for (const char* column : {"asa", "mean_wait", "service_level/20", "wait_percentiles/p90"}) {
    EXPECT_FALSE(has(column)) << column;
  }
  EXPECT_EQ(analysis::csv_column("callback_wait"), "callback_wait_s");
  EXPECT_EQ(analysis::csv_column("service_level/7.5"), "service_level_7.5s");
}

TEST_F(CsvOutputs, OutagesCsvSaysWhereWhenAndWhatItCost) {
  analysis::write_csv(dir_.string(), *summary_);
  const Records o = read("outages.csv");
  ASSERT_EQ(o.size(), 2U);
  const std::vector<std::string> first(o[0].begin(), o[0].begin() + 6);
  EXPECT_EQ(first, (std::vector<std::string>{"site", "from_s", "from", "for_s", "waiting_calls", "offered"}));
  EXPECT_EQ(o[1][0], "north, main");
  EXPECT_EQ(o[1][1], "1800");
  EXPECT_EQ(o[1][2], "07:30");
  EXPECT_EQ(o[1][3], "1200");
  EXPECT_EQ(o[1][4], "reroute");
  const auto e = summary_->estimate({"outages", "0", -1, "offered"});
  EXPECT_EQ(o[1][5], fmt::format("{:.10g}", *e.mean));
  // Outages have a file of their own, no longer rows of summary.csv.
  for (const auto& row : read("summary.csv")) EXPECT_NE(row[0], "outages");
}

TEST_F(CsvOutputs, LongLayoutHasOneRowPerFigure) {
  analysis::write_csv(dir_.string(), *summary_, analysis::CsvLayout::Long);
  EXPECT_FALSE(fs::exists(dir_ / "summary.csv"));
  const Records r = read("figures.csv");
  ASSERT_EQ(r[0],
            (std::vector<std::string>{"scope", "name", "metric", "threshold_s", "interval_start", "mean", "ci95"}));
  ASSERT_EQ(r.size(), summary_->keys().size() + 1);
  const auto find = [&](const std::vector<std::string>& prefix) -> const std::vector<std::string>* {
    for (const auto& row : r) {
      if (std::equal(prefix.begin(), prefix.end(), row.begin())) return &row;
    }
    return nullptr;
  };
  const auto* sl = find({"totals", "", "service_level", "20", ""});
  ASSERT_NE(sl, nullptr);
  const auto e = summary_->estimate({"totals", "", -1, "service_level/20"});
  EXPECT_EQ((*sl)[5], fmt::format("{:.10g}", *e.mean));
  EXPECT_EQ((*sl)[6], fmt::format("{:.10g}", *e.ci95));
  EXPECT_NE(find({"totals", "", "asa_s", "", "08:00"}), nullptr);
  EXPECT_NE(find({"agent_groups", "agents \"A\", east", "occupancy", "", ""}), nullptr);
  EXPECT_NE(find({"outages", "north, main@07:30", "offered", "", ""}), nullptr);
  for (const auto& row : r) EXPECT_EQ(row.size(), 7U);
}

}  // namespace
}  // namespace ccsim
