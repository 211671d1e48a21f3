// The run report's day figures (queue length, longest line, occupancy and agents on duty per
// interval), its wait distribution and routing graph, the sweep report's cost side, and labels
// that do not collide: checked in the file `ccsim run --report` writes, and in headless
// Chromium, which measures every tick label's box (getBoundingClientRect).
#include "analysis/reports/html_page.hpp"
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/svg.hpp"
#include "sim/model/clock.hpp"
#include "tests/support/browser.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include <unistd.h>

namespace ccsim::analysis {
namespace {

namespace fs = std::filesystem;

using testing::read_text;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

bool dot_on_path() { return std::system("command -v dot > /dev/null 2>&1") == 0; }

class HtmlFigures : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("ccsim_figures_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // `ccsim ARGS` on the command line; its exit status.
  int ccsim(const std::string& args) const {
    const std::string cmd = quoted(CCSIM_BINARY) + " " + args + " > " + quoted(dir_ / "out.txt") + " 2>&1";
    return std::system(cmd.c_str());
  }
  [[nodiscard]] std::string scenario(const std::string& name) const {
    return quoted(fs::path(CCSIM_SCENARIO_DIR) / (name + ".json"));
  }

  fs::path dir_;
};

// The text of the <svg> holding the chart titled `title` ("" when there is none).
std::string chart(const std::string& html, const std::string& title) {
  const std::size_t at = html.find("aria-label=\"" + title + "\"");
  if (at == std::string::npos) return "";
  const std::size_t from = html.rfind("<svg", at);
  return html.substr(from, html.find("</svg>", at) - from);
}

TEST_F(HtmlFigures, RunReportShowsTheDayTheWaitsAndTheRouting) {
  const fs::path report = dir_ / "run.html";
  ASSERT_EQ(ccsim("run " + scenario("primary_backup") + " --replications 4 --quiet --report " + quoted(report)), 0);
  const std::string html = read_text(report);
  // The day over clock-time axes (the scenario starts at 07:00): every per-interval chart.
  for (const char* title : {"Calls per interval by outcome", "Mean queue length per interval",
                            "Longest line per interval", "Staffing on duty over the day", "Occupancy over the day",
                            "Attempts per interval: first attempts and redials"}) {
    const std::string svg = chart(html, title);
    ASSERT_FALSE(svg.empty()) << title;
    EXPECT_NE(svg.find(">09:00</text>"), std::string::npos) << title << " has no clock-time tick";
  }
  // Constant staffing too: the supervisor (docs: agents on duty for every multi-interval run).
  EXPECT_NE(chart(html, "Staffing on duty over the day").find("supervisor, 07:00–07:30: 1.00 ±0"), std::string::npos);
  // The wait distribution with the service-level thresholds marked.
  const std::string waits = chart(html, "Distribution of waits");
  ASSERT_FALSE(waits.empty());
  for (const char* t : {"≤ 10 s: ", "≤ 20 s: ", "≤ 30 s: ", "≤ 60 s: "})
    EXPECT_NE(waits.find(t), std::string::npos) << t;
  EXPECT_NE(waits.find("waited at most t (cumulative)"), std::string::npos);
  // The routing graph: Graphviz's drawing when dot is installed, else how to get it.
  if (dot_on_path()) {
    const std::size_t fig = html.find("<figure class=\"routing\"><svg");
    ASSERT_NE(fig, std::string::npos);
    EXPECT_NE(html.find(">backup_q</text>", fig), std::string::npos);
    EXPECT_EQ(html.find("<?xml"), std::string::npos);
    EXPECT_EQ(html.find("xlink\""), std::string::npos);
  } else {
    EXPECT_NE(html.find("Install Graphviz to see the routing graph"), std::string::npos);
  }
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST_F(HtmlFigures, WithoutGraphvizTheReportSaysHowToSeeTheGraph) {
  const fs::path report = dir_ / "nodot.html";
  // PATH without Graphviz: ccsim is called by its full path.
  const std::string cmd = "PATH=/nonexistent " + quoted(CCSIM_BINARY) + " run " + scenario("erlang_c_textbook") +
                          " --replications 2 --quiet --report " + quoted(report);
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NE(read_text(report).find("Install Graphviz to see the routing graph"), std::string::npos);
}

TEST_F(HtmlFigures, SweepReportShowsTheCostBesideServiceLevel) {
  const fs::path report = dir_ / "sweep.html";
  ASSERT_EQ(ccsim("sweep " + scenario("primary_backup") +
                  " --vary /queues/0/overflow/1/when/queue_length/at_least=2,8 --replications 3 --quiet --report " +
                  quoted(report)),
            0);
  const std::string html = read_text(report);
  const std::string overflow = chart(html, "Overflow share against /queues/0/overflow/1/when/queue_length/at_least");
  ASSERT_FALSE(overflow.empty());
  // A readable scale: overflow is about 1% of calls, so the axis stops well below 100%.
  EXPECT_EQ(overflow.find(">100%</text>"), std::string::npos);
  const std::string occupancy = chart(html, "Occupancy against /queues/0/overflow/1/when/queue_length/at_least");
  ASSERT_FALSE(occupancy.empty());
  for (const char* g : {"primary_team", "backup_team", "supervisor"}) EXPECT_NE(occupancy.find(g), std::string::npos);
  EXPECT_LT(html.find("id=\"cost\""), html.find("id=\"abandonment\""));
}

// Charts built to crowd their labels: 48 ticks of clock time on a narrow axis, long band names,
// a long legend entry.
std::string crowded_page() {
  svg::Chart dense("Dense clock axis", 480.0, 260.0);
  dense.x_linear(0.0, 24.0, "time of day", svg::Format::number, 48, true);
  dense.x_tick_text([](double h) { return model::clock_text(7.0 * 3600.0 + h * 1800.0); });
  dense.y_linear(0.0, 1.0, "share");
  svg::Chart names("Long names", 480.0, 300.0);
  names.set_legend({{"a legend entry far too long to sit beside the others in a chart this narrow, by any measure",
                     "#0072B2", svg::LegendEntry::Kind::box, ""},
                    {"short", "#E69F00", svg::LegendEntry::Kind::box, ""}});
  names.x_bands({"an agent group with a very long name indeed, longer than its band", "b",
                 "another long agent group name for the second band of three"},
                "group");
  names.y_linear(0.0, 10.0, "agents");
  html::Page page;  // the reports' page, with their style sheet
  page.figure(dense, "48 half-hours on 400 px.");
  page.figure(names, "Names longer than their band, a legend entry longer than half the width.");
  return page.html();
}

// Appends a script that counts, per <svg>, the pairs of tick labels and of legend labels whose
// boxes overlap, and the tick labels drawn; the counts land in <pre id="measure">.
void add_measuring_script(const fs::path& page) {
  std::string html = read_text(page);
  const std::string script = R"(<script>
const boxes = (svg, sel) => [...svg.querySelectorAll(sel)].map(t => t.getBoundingClientRect());
const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
let overlaps = 0, ticks = 0, svgs = 0;
const pairs = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  ++svgs;
  for (const sel of ['text.tick', 'text.legend']) {
    const b = boxes(svg, sel);
    if (sel === 'text.tick') ticks += b.length;
    const el = [...svg.querySelectorAll(sel)];
    for (let i = 0; i < b.length; ++i) for (let j = i + 1; j < b.length; ++j) if (hit(b[i], b[j])) {
      ++overlaps;
      pairs.push(el[i].textContent + ' / ' + el[j].textContent);
    }
  }
}
const pre = document.createElement('pre');
pre.id = 'measure';
pre.textContent = 'svgs=' + svgs + ' ticks=' + ticks + ' overlaps=' + overlaps + ' [' + pairs.join('; ') + ']';
document.body.appendChild(pre);
</script>)";
  html.insert(html.rfind("</body>"), script);
  std::ofstream(page) << html;
}

struct Measure {
  int svgs = -1, ticks = -1, overlaps = -1;
};
Measure measure_of(const std::string& dom) {
  std::smatch m;
  Measure r;
  if (std::regex_search(dom, m, std::regex("svgs=(\\d+) ticks=(\\d+) overlaps=(\\d+)"))) {
    r = {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
  }
  return r;
}

TEST_F(HtmlFigures, LabelsDoNotCollideInChromium) {
  // Long names are cut with an ellipsis and keep the whole name as a tooltip.
  const std::string crowded = crowded_page();
  EXPECT_NE(crowded.find("<title>an agent group with a very long name indeed, longer than its band</title>"),
            std::string::npos);
  EXPECT_NE(crowded.find("…</text>"), std::string::npos);
  // The dense axis has 49 ticks (grid lines) but labels only every few of them.
  const std::string dense = crowded.substr(0, crowded.find("aria-label=\"Long names\""));
  const auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (auto p = dense.find(needle); p != std::string::npos; p = dense.find(needle, p + 1)) ++n;
    return n;
  };
  const std::size_t grid = count("stroke=\"#eeeeee\"");             // a vertical grid line per x tick
  const std::size_t labels = count("text-anchor=\"middle\">") - 1;  // x tick labels, less the axis label
  EXPECT_GE(grid, 20U);
  EXPECT_LT(labels, grid / 2) << "clock labels at every one of " << grid << " ticks on a 400 px axis";
  EXPECT_GT(labels, 4U);

  if (!testing::Browser::available()) GTEST_SKIP() << "chromium not installed: browser check skipped";
  const testing::Browser browser(dir_);
  const fs::path page = dir_ / "crowded.html";
  std::ofstream(page) << crowded;
  add_measuring_script(page);
  const std::string crowded_dom = browser.dom_of(page, "crowded");
  const Measure c = measure_of(crowded_dom);
  EXPECT_EQ(c.svgs, 2);
  EXPECT_GT(c.ticks, 10);
  EXPECT_EQ(c.overlaps, 0) << crowded_dom.substr(crowded_dom.find("svgs="), 400);

  const fs::path report = dir_ / "run.html";
  ASSERT_EQ(ccsim("run " + scenario("bank_weekday") + " --replications 3 --quiet --report " + quoted(report)), 0);
  add_measuring_script(report);
  const std::string report_dom = browser.dom_of(report, "report");
  const Measure r = measure_of(report_dom);
  EXPECT_GE(r.svgs, 11);
  EXPECT_GT(r.ticks, 100);
  EXPECT_EQ(r.overlaps, 0) << report_dom.substr(report_dom.find("svgs="), 400);
}

}  // namespace
}  // namespace ccsim::analysis
