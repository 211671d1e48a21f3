// HTML reports: self-contained files (no network references), deterministic bytes, gaps instead
// of crashes for missing figures, and charts that a real browser (headless Chromium) renders.
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/svg.hpp"
#include "ccsim/version.hpp"
#include "sim/error.hpp"
#include "tests/support/browser.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace ccsim::analysis {
namespace {

namespace fs = std::filesystem;

using testing::read_text;

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

std::string shell_quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// Every reference that would leave the file: a report must load nothing from anywhere.
void expect_self_contained(const std::string& html) {
  std::string scrubbed = html;
  // The SVG namespace is an identifier, not a download; it is the one URL allowed.
  const std::string ns = "http://www.w3.org/2000/svg";
  for (auto pos = scrubbed.find(ns); pos != std::string::npos; pos = scrubbed.find(ns)) scrubbed.erase(pos, ns.size());
  EXPECT_EQ(scrubbed.find("http://"), std::string::npos);
  EXPECT_EQ(scrubbed.find("https://"), std::string::npos);
  EXPECT_EQ(scrubbed.find("<script"), std::string::npos);
  EXPECT_EQ(scrubbed.find("<link"), std::string::npos);
  EXPECT_EQ(scrubbed.find("<img"), std::string::npos);
  EXPECT_EQ(scrubbed.find("@import"), std::string::npos);
  EXPECT_EQ(scrubbed.find("url("), std::string::npos);
  EXPECT_EQ(scrubbed.find("src="), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

class HtmlReportTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ccsim_html_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Results JSON of `ccsim run` on a shipped scenario (5 replications keep it fast).
  Json simulate(const std::string& scenario) {
    const fs::path out = dir_ / (scenario + ".json");
    const std::string cmd = std::string(shell_quoted(CCSIM_BINARY)) + " run " +
                            shell_quoted(fs::path(CCSIM_SCENARIO_DIR) / (scenario + ".json")) +
                            " --replications 5 --quiet --json " + shell_quoted(out);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return Json::parse(read_text(out));
  }

  fs::path dir_;
};

// A hand-written document stamped with this build's version, as ccsim stamps what it writes.
Json with_version(const char* text) {
  Json doc = Json::parse(text);
  doc["ccsim_version"] = kVersion;
  return doc;
}

// A run report with one replication's gaps: null half-widths, null means, keys missing,
// per-interval queue figures, flows, an outage and a target.
Json hand_written_results() {
  return with_version(R"({
    "scenario": "Hand <written> & \"quoted\"", "seed": 7, "replications": 1,
    "horizon_s": 7200, "warmup_s": 1800, "interval_s": 1800,
    "service_level_thresholds_s": [20, 7.5],
    "service_level_target": {"within_s": 20, "at_least": 0.8},
    "totals": {"offered": {"mean": 100, "ci95": null}, "answered": {"mean": 90, "ci95": null},
               "abandoned": {"mean": null, "ci95": null},
               "service_level": {"20": {"mean": 0.75, "ci95": null}, "7.5": {"mean": null, "ci95": null}},
               "asa": {"mean": null, "ci95": null}},
    "call_types": {"a": {"offered": {"mean": 60, "ci95": null}, "service_level": {"20": {"mean": 0.9, "ci95": null}}},
                   "b": {"offered": {"mean": 40, "ci95": null}, "service_level": "not an object"}},
    "queues": {"main": {"entered": {"mean": 100, "ci95": null}, "mean_queue_length": {"mean": 1.5, "ci95": null},
                        "max_queue_length": {"mean": 9, "ci95": null},
                        "overflowed": {"backup": {"mean": 12, "ci95": null}, "out": {"mean": 3, "ci95": null}},
                        "rules": {"0": {"text": "waited 2m -> backup", "fired": {"mean": 12, "ci95": null}}}},
               "backup": {"entered": {"mean": 12, "ci95": null}, "mean_queue_length": {"mean": null, "ci95": null}}},
    "agent_groups": {"team": {"occupancy": {"mean": 0.93, "ci95": null}}, "idle": {"occupancy": {"mean": null}}},
    "flows": [{"from": "main", "to": "backup", "to_kind": "queue", "calls": {"mean": 12, "ci95": null}},
              {"from": "main", "to": "out", "to_kind": "exit", "calls": {"mean": 3, "ci95": null}},
              {"from": "backup", "to": "main", "calls": {"mean": 1, "ci95": null}},
              {"from": 5, "to": null}],
    "outages": [{"site": "north", "from_s": 3600, "for_s": 900, "waiting_calls": "drop",
                 "offered": {"mean": 10, "ci95": null}}],
    "intervals": [
      {"start_s": 0, "totals": {}, "call_types": {}},
      {"start_s": 1800, "totals": {"offered": {"mean": 50, "ci95": null}, "answered": {"mean": 45, "ci95": null},
        "abandoned": {"mean": 5, "ci95": null}, "service_level": {"20": {"mean": 0.7, "ci95": null}}},
       "call_types": {"a": {"service_level": {"20": {"mean": null, "ci95": null}}}},
       "queues": {"main": {"mean_queue_length": {"mean": 2.0, "ci95": null}}}},
      {"start_s": 3600, "totals": {"offered": {"mean": 30, "ci95": null}, "service_level": {"20": {"mean": 0.8}}}},
      {"totals": null}
    ],
    "expectations": [{"text": "service_level within 20s at_least 0.8", "value": 0.75, "ci95": null, "met": false},
                     {"text": "asa at_most 30s", "value": null, "ci95": null, "met": true},
                     {"text": "odd", "met": null}]
  })");
}

Json hand_written_sweep_grid() {
  return with_version(R"({
    "scenario": "Grid", "vary": ["/agent_groups/0/agents", "/queues/0/capacity"],
    "points": [
      {"values": {"/agent_groups/0/agents": 10, "/queues/0/capacity": 5},
       "results": {"replications": 3, "service_level_thresholds_s": [20, 60],
                   "service_level_target": {"within_s": 20, "at_least": 0.8},
                   "totals": {"offered": {"mean": 100, "ci95": 4},
                              "service_level": {"20": {"mean": 0.6, "ci95": 0.05}, "60": {"mean": 0.7, "ci95": 0.04}},
                              "abandon_rate": {"mean": 0.1, "ci95": 0.02}, "asa": {"mean": 30, "ci95": 4}},
                   "expectations": [{"met": true}, {"met": false}]}},
      {"values": {"/agent_groups/0/agents": 12, "/queues/0/capacity": 5},
       "results": {"totals": {"service_level": {"20": {"mean": 0.8, "ci95": 0.04}, "60": {"mean": 0.9, "ci95": 0.03}},
                              "abandon_rate": {"mean": 0.05, "ci95": 0.01}, "asa": {"mean": 12, "ci95": 2}}}},
      {"values": {"/agent_groups/0/agents": 10, "/queues/0/capacity": 10},
       "results": {"totals": {"service_level": {"20": {"mean": 0.55, "ci95": 0.05}},
                              "abandon_rate": {"mean": 0.12, "ci95": null}, "asa": {"mean": null, "ci95": null}}}},
      {"values": {"/agent_groups/0/agents": 12, "/queues/0/capacity": 10}, "results": null}
    ]
  })");
}

Json hand_written_sweep_strings() {
  return with_version(R"({
    "scenario": "Horizons", "vary": ["/horizon"],
    "points": [
      {"values": {"/horizon": "4h"}, "results": {"service_level_thresholds_s": [20],
        "totals": {"service_level": {"20": {"mean": 0.81, "ci95": 0.02}}, "abandon_rate": {"mean": 0.02, "ci95": 0.004},
                   "asa": {"mean": 9.5, "ci95": 1.1}}}},
      {"values": {"/horizon": "8h"}, "results": {"service_level_thresholds_s": [20],
        "totals": {"service_level": {"20": {"mean": 0.79, "ci95": 0.015}}, "abandon_rate": {"mean": 0.021, "ci95": 0.003},
                   "asa": {"mean": 10.1, "ci95": 0.9}}}}
    ]
  })");
}

Json hand_written_compare() {
  return with_version(R"({
    "a": "baseline.json", "b": "candidate.json", "replications": 10, "seed": 1,
    "differences": [
      {"metric": "service_level/20", "better_if": "higher", "a": {"mean": 0.76, "ci95": 0.01},
       "b": {"mean": 0.84, "ci95": 0.01}, "difference": {"mean": 0.08, "ci95": 0.012}, "verdict": "better"},
      {"metric": "abandon_rate", "a": {"mean": 0.02, "ci95": 0.002}, "b": {"mean": 0.025, "ci95": 0.002},
       "difference": {"mean": 0.005, "ci95": 0.002}, "verdict": "worse"},
      {"metric": "block_rate", "a": {"mean": 0.0, "ci95": 0.0}, "b": {"mean": 0.0, "ci95": 0.0},
       "difference": {"mean": 0.0, "ci95": null}, "verdict": "no significant difference"},
      {"metric": "asa", "a": {"mean": 20.0, "ci95": 1.0}, "b": {"mean": 11.6, "ci95": 0.8},
       "difference": {"mean": -8.4, "ci95": 0.9}, "verdict": "better"},
      {"metric": "call_types/premium/mean_wait", "a": {"mean": null, "ci95": null}, "b": {"mean": 3.0, "ci95": null},
       "difference": {"mean": null, "ci95": null}, "verdict": "no significant difference"}
    ]
  })");
}

// ---------------------------------------------------------------------------------------------
// SVG helper

TEST(Svg, EscapesTextForXmlAndHtml) {
  EXPECT_EQ(svg::escape(R"(a<b & "c" 'd'>)"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
}

TEST(Svg, FixedFormattingNeverWritesMinusZero) {
  EXPECT_EQ(svg::fixed(-0.0001, 1), "0.0");
  EXPECT_EQ(svg::fixed(-0.0, 0), "0");
  EXPECT_EQ(svg::fixed(2.25, 1), "2.2");  // round-half-even of the binary value, as printf does
  EXPECT_EQ(svg::fixed(-1.5, 1), "-1.5");
  EXPECT_EQ(svg::format_value(0.806, svg::Format::percent, 0), "81%");
}

TEST(Svg, NiceTicksCoverTheRangeWithRoundSteps) {
  const auto shares = svg::nice_ticks(0.0, 1.0, 6, svg::Format::percent);
  EXPECT_EQ(shares.values.size(), 6u);
  EXPECT_DOUBLE_EQ(shares.step, 0.2);
  EXPECT_EQ(shares.decimals, 0);
  const auto hours = svg::nice_ticks(0.0, 17.0, 10);
  EXPECT_DOUBLE_EQ(hours.step, 2.0);
  EXPECT_DOUBLE_EQ(hours.values.back(), 18.0);
  const auto small = svg::nice_ticks(0.0, 0.037, 6);
  EXPECT_DOUBLE_EQ(small.step, 0.01);
  EXPECT_EQ(small.decimals, 2);
  const auto flat = svg::nice_ticks(5.0, 5.0, 6);  // a single value is still shown inside an axis
  EXPECT_LT(flat.values.front(), 5.0);
  EXPECT_GT(flat.values.back(), 5.0);
}

TEST(Svg, LinesBreakAtMissingPoints) {
  svg::Chart c("t", 400, 300);
  c.x_linear(0, 4, "x");
  c.y_linear(0, 1, "y");
  c.line({{0, 0.1}, {1, 0.2}, {2, std::nullopt}, {3, 0.4}, {4, 0.5}}, {});
  const std::string s = c.svg();
  EXPECT_EQ(count_of(s, "<path d=\"M"), 2u);
}

// ---------------------------------------------------------------------------------------------
// Reports

TEST_F(HtmlReportTest, RunReportFromTheSimulatorIsSelfContainedAndDeterministic) {
  const Json results = simulate("bank_weekday");
  const fs::path a = dir_ / "a.html", b = dir_ / "b.html";
  write_run_report(a.string(), results);
  write_run_report(b.string(), results);
  const std::string html = read_text(a);
  EXPECT_EQ(html, read_text(b)) << "same JSON, same bytes";
  expect_self_contained(html);
  // Service level, wait distribution, calls per interval, service level per interval, queue
  // length, mean and longest line per interval, occupancy, staffing and occupancy per interval,
  // attempts (its callers redial); bank_weekday has no overflow rules, so the flow section is a note.
  EXPECT_EQ(count_of(html, "<svg"), 11u);
  for (const char* title :
       {"Service level by threshold", "Calls per interval by outcome", "Service level within 20 s per interval",
        "Queue length per queue", "Occupancy per agent group", "No overflow flows",
        "Attempts per interval: first attempts and redials"}) {
    EXPECT_NE(html.find(title), std::string::npos) << title;
  }
  EXPECT_NE(html.find("target 80% within 20 s"), std::string::npos);
  EXPECT_NE(html.find("premium"), std::string::npos);
}

TEST_F(HtmlReportTest, RunReportDrawsOverflowFlowsWhenTheResultsHaveThem) {
  const Json results = simulate("primary_backup");
  const fs::path path = dir_ / "flows.html";
  write_run_report(path.string(), results);
  const std::string html = read_text(path);
  expect_self_contained(html);
  EXPECT_NE(html.find("Overflow flows between queues and exits"), std::string::npos);
  EXPECT_NE(html.find("main → backup_q"), std::string::npos);
  EXPECT_EQ(count_of(html, "<svg"), 12u);  // the eleven of the report above, and the flows
}

TEST_F(HtmlReportTest, MissingFiguresRenderAsGaps) {
  const fs::path path = dir_ / "gaps.html";
  ASSERT_NO_THROW(write_run_report(path.string(), hand_written_results()));
  const std::string html = read_text(path);
  expect_self_contained(html);
  EXPECT_NE(html.find("Hand &lt;written&gt; &amp; &quot;quoted&quot;"), std::string::npos) << "names are escaped";
  EXPECT_NE(html.find("<td class=\"na\">–</td>"), std::string::npos) << "a null mean is an empty cell";
  EXPECT_NE(html.find("Mean queue length per interval"), std::string::npos);
  EXPECT_NE(html.find("outage: north"), std::string::npos);
  EXPECT_NE(html.find("main → out"), std::string::npos);
  EXPECT_NE(html.find("not met"), std::string::npos);
  // A non-finite number is never written: it would be an empty attribute or "nan"/"inf".
  EXPECT_EQ(html.find("=\"\""), std::string::npos);
  EXPECT_EQ(html.find("nan"), std::string::npos);
  EXPECT_EQ(html.find(">inf"), std::string::npos);

  // Documents with nothing in them, or the wrong types everywhere, still give a page.
  for (const char* doc : {"{}", "null", "[]", R"({"totals": 3, "intervals": {"x": 1}, "queues": [1],
                                                   "agent_groups": "g", "expectations": 5, "flows": {}})"}) {
    EXPECT_NO_THROW(write_run_report(path.string(), Json::parse(doc))) << doc;
    EXPECT_NO_THROW(write_sweep_report(path.string(), Json::parse(doc))) << doc;
    EXPECT_NO_THROW(write_compare_report(path.string(), Json::parse(doc))) << doc;
  }
}

TEST_F(HtmlReportTest, SweepReportHasOneCurvePerOtherValueAndGapsForMissingPoints) {
  const fs::path grid = dir_ / "grid.html";
  write_sweep_report(grid.string(), hand_written_sweep_grid());
  const std::string html = read_text(grid);
  expect_self_contained(html);
  // A grid: one chart per threshold, then abandonment and ASA.
  EXPECT_EQ(count_of(html, "<svg"), 4u);
  EXPECT_NE(html.find("Service level within 20 s against /agent_groups/0/agents"), std::string::npos);
  EXPECT_NE(html.find("/queues/0/capacity = 10"), std::string::npos);
  EXPECT_NE(html.find("1 of 2"), std::string::npos);

  const fs::path strings = dir_ / "strings.html";
  write_sweep_report(strings.string(), hand_written_sweep_strings());
  const std::string s = read_text(strings);
  EXPECT_EQ(count_of(s, "<svg"), 3u);
  EXPECT_NE(s.find(">8h</text>"), std::string::npos) << "string values become named positions";
}

TEST_F(HtmlReportTest, CompareReportIsAForestPlotColouredByVerdict) {
  const fs::path path = dir_ / "compare.html";
  write_compare_report(path.string(), hand_written_compare());
  const std::string html = read_text(path);
  expect_self_contained(html);
  EXPECT_EQ(count_of(html, "<svg"), 2u);  // shares (percentage points) and waiting times (seconds)
  EXPECT_NE(html.find("Differences in shares"), std::string::npos);
  EXPECT_NE(html.find("+8.00 pp ± 1.20"), std::string::npos);
  EXPECT_NE(html.find("premium: mean wait"), std::string::npos);
  EXPECT_NE(html.find("undefined"), std::string::npos);
  EXPECT_NE(html.find("class=\"text worse\""), std::string::npos);
}

TEST_F(HtmlReportTest, UnwritablePathIsAnInputErrorNamingTheFlag) {
  const std::string path = (dir_ / "no_such_dir" / "r.html").string();
  try {
    write_run_report(path, hand_written_results());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--report " + path + ": cannot write", 0), 0u) << e.what();
  }
  EXPECT_THROW(write_sweep_report(path, hand_written_sweep_grid()), InputError);
  EXPECT_THROW(write_compare_report(path, hand_written_compare()), InputError);
}

// ---------------------------------------------------------------------------------------------
// In a real browser

class HtmlReportBrowserTest : public HtmlReportTest {
protected:
  std::string dom_of(const fs::path& page, const std::string& name) {
    return testing::Browser(dir_).dom_of(page, name);
  }
};

TEST_F(HtmlReportBrowserTest, ChartsRenderInHeadlessChromium) {
  if (!testing::Browser::available()) GTEST_SKIP() << "chromium not installed: browser check skipped";
  const fs::path run = dir_ / "run.html";
  write_run_report(run.string(), simulate("primary_backup"));
  const fs::path sweep = dir_ / "sweep.html";
  write_sweep_report(sweep.string(), hand_written_sweep_grid());
  const fs::path compare = dir_ / "compare.html";
  write_compare_report(compare.string(), hand_written_compare());

  // The parsed document holds every chart, each an <svg> with its title: the markup is valid
  // enough for the browser to build it, not just present in the file.
  const std::string dom = dom_of(run, "run");
  EXPECT_EQ(count_of(dom, "<svg"), 12u);
  EXPECT_EQ(count_of(dom, "class=\"chart-title\""), 12u);
  for (const char* title :
       {"Service level by threshold", "Calls per interval by outcome", "Service level within 20 s per interval",
        "Queue length per queue", "Overflow flows between queues and exits", "Occupancy per agent group",
        "Attempts per interval: first attempts and redials"}) {
    EXPECT_NE(dom.find(std::string("y=\"22\">") + title + "</text>"), std::string::npos) << title;
  }
  EXPECT_EQ(count_of(dom_of(sweep, "sweep"), "<svg"), 4u);
  const std::string compare_dom = dom_of(compare, "compare");
  EXPECT_EQ(count_of(compare_dom, "<svg"), 2u);
  EXPECT_NE(compare_dom.find("Differences in waiting times"), std::string::npos);

  // The screenshot of the report carries far more than that of a blank page taken the same way.
  const testing::Browser browser(dir_);
  const auto blank_size = browser.blank_screenshot();
  const auto report_size = browser.screenshot(run, "report");
  EXPECT_GT(report_size, 40u * 1024u);
  EXPECT_GT(report_size, 8u * blank_size) << "report " << report_size << " bytes, blank page " << blank_size;
}

}  // namespace
}  // namespace ccsim::analysis
