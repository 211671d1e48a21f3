// `ccsim fit`: estimate a scenario from call records (fit/), back-test it, write the files.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "fit/fit.hpp"
#include "fit/fit_report.hpp"
#include "fit/text.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct FitCli {
  fit::FitOptions fit;
  std::string days = "all";
  std::string hours = "00:00-24:00";
  std::string interval = "30m";
  std::string train;
  std::string test;
  std::string output;
  std::string json;
  std::string report;
  std::string emit;
  std::string without;
  bool quiet = false;
};

double interval_seconds(const std::string& text) {
  const char unit = text.empty() ? 's' : text.back();
  const double scale = unit == 'm' ? 60.0 : unit == 'h' ? 3600.0 : 1.0;
  const std::string digits = unit == 'm' || unit == 'h' || unit == 's' ? text.substr(0, text.size() - 1) : text;
  const double v = fit::parse_seconds(digits, {"--interval", 0, "value"}) * scale;
  if (v < 60.0) throw InputError("--interval: \"" + text + "\" must be at least 1m");
  return v;
}

void print_summary(std::ostream& out, const fit::FitResult& r, const fit::FitOptions& o) {
  out << fmt::format("{}: {} calls read", o.records, r.records.calls.size());
  for (const auto& [why, n] : r.records.skipped) out << fmt::format("; skipped {} {}", n, why);
  out << "\nregimes (abandonment change points over the selected days):\n";
  for (const auto& g : r.homogeneity.regimes) {
    out << fmt::format("  {}..{}  {:2} days  {:7.1f} calls/day  abandoned {:5.1f}%  SL20 {:5.1f}%\n", g.from, g.to,
                       g.days, g.volume, 100 * g.abandon_rate, 100 * g.service_level);
  }
  const auto& e = r.estimates;
  out << fmt::format("fitted on {} days ({}..{}), {} calls\n", e.days.size(), e.days.front(), e.days.back(), e.calls);
  for (const auto& t : e.types) {
    const auto& h = t.handle.fits.fits[t.handle.fits.best];
    out << fmt::format("  {:<10} {:6.1f} calls/day (sd {:.1f}, busyness sd {:.3f}); handle {} mean {:.1f}s (KS {:.3f})",
                       t.name, t.daily_mean, t.daily_sd, t.busyness_sd, h.family, h.mean(),
                       t.handle.ks[t.handle.fits.best]);
    if (!t.patience.fits.fits.empty()) {
      const auto& p = t.patience.fits.fits[t.patience.fits.best];
      out << fmt::format("; patience {} mean {:.1f}s", p.family, p.mean());
    }
    out << '\n';
  }
  out << fmt::format("  discipline: {}", e.discipline.kind);
  if (e.discipline.kind == "head_start")
    out << fmt::format(" ({} by {:.0f}s)", e.discipline.favoured, e.discipline.head_start_s);
  out << fmt::format("; redials after abandoning: {:.3f}\n  agents (calibrated):", e.redials.probability);
  for (auto a : r.calibration.agents) out << ' ' << a;
  out << '\n';
  for (const auto& w : r.warnings) out << "warning: " << w << '\n';
  if (r.backtest.is_null()) return;
  out << "back-test (observed pooled over the test days vs simulated mean ± 95% CI):\n";
  auto row = [&](const std::string& name, const fit::Json& side) {
    const auto& ob = side["observed"];
    const auto& si = side["simulated"];
    out << fmt::format(
        "  {:<10} abandoned {:5.1f}% vs {:5.1f}% ±{:.1f}   SL20 {:5.1f}% vs {:5.1f}% ±{:.1f}   ASA {:6.1f}s vs "
        "{:6.1f}s ±{:.1f}\n",
        name, 100 * ob["abandon_rate"]["value"].get<double>(), 100 * si["abandon_rate"]["mean"].get<double>(),
        100 * si["abandon_rate"]["ci95"].get<double>(), 100 * ob["service_level"]["20"]["value"].get<double>(),
        100 * si["service_level"]["20"]["mean"].get<double>(), 100 * si["service_level"]["20"]["ci95"].get<double>(),
        ob["asa"]["value"].get<double>(), si["asa"]["mean"].get<double>(), si["asa"]["ci95"].get<double>());
  };
  row("total", r.backtest["totals"]);
  for (const auto& [name, side] : r.backtest["call_types"].items()) row(name, side);
}

void run(FitCli& c) {
  auto& o = c.fit;
  o.selection.weekdays = fit::parse_weekdays(c.days);
  o.selection.days_text = c.days;
  fit::parse_hours(c.hours, o.selection);
  o.selection.interval_s = interval_seconds(c.interval);
  if (!c.train.empty()) o.train = fit::parse_range(c.train, "--train");
  if (!c.test.empty()) o.test = fit::parse_range(c.test, "--test");
  // --emit (earlier versions: write these keys) is what fit does by default now; its keys are
  // still checked, and may not also be left out.
  const auto emit = c.emit.empty() ? std::set<std::string>{} : fit::parse_behaviours(c.emit, "--emit");
  if (!c.without.empty()) o.without = fit::parse_behaviours(c.without, "--without");
  for (const auto& key : emit) {
    if (o.without.contains(key)) throw InputError("--emit and --without both name \"" + key + "\"");
  }
  if (o.staffing != "presence" && o.staffing != "calibrated") {
    throw InputError("--staffing: \"" + o.staffing + "\" is not presence or calibrated");
  }
  check_outputs({{"-o", c.output}, {"--json", c.json}, {"--report", c.report}});
  if (o.replay != "handle" && o.replay != "arrivals") {
    throw InputError("--replay: \"" + o.replay + "\" is not arrivals or handle");
  }
  fit::FitResult r = fit::run_fit(o);
  const std::string text = r.scenario.dump(2) + '\n';
  (void)scenario::load_scenario_text(text, c.output);  // the scenario written must load
  const fit::Json doc = fit::fit_json(r, o);
  analysis::OutputBatch outputs;  // the scenario, --json and --report appear together or not at all
  analysis::write_output_file("-o " + c.output, c.output, text);
  if (!c.json.empty()) write_json_output("--json", c.json, doc);
  if (!c.report.empty()) fit::write_fit_report(c.report, doc);
  outputs.commit();
  if (!c.quiet && c.json != "-") print_summary(std::cout, r, o);
}

}  // namespace

void add_fit_command(CLI::App& app) {
  auto c = std::make_shared<FitCli>();
  auto* cmd = app.add_subcommand("fit", "Estimate a scenario from call records, and back-test it on other days");
  cmd->add_option("records", c->fit.records, "Call records file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", c->fit.format, "anonymous-bank, asterisk-queue-log or columns")->capture_default_str();
  cmd->add_option("--columns", c->fit.columns,
                  "For --format columns: arrival=COL,outcome=COL[,day=,wait=,handle=,type=,caller=]");
  cmd->add_option("--days", c->days, "Days of the week: sun-thu, mon,wed, all")->capture_default_str();
  cmd->add_option("--hours", c->hours, "Hours of the day: 07:00-24:00")->capture_default_str();
  cmd->add_option("--interval", c->interval, "Interval of rates and staffing: 30m, 1h, 900s")->capture_default_str();
  cmd->add_option("--train", c->train, "Fit on these days: YYYY-MM-DD..YYYY-MM-DD (default: all selected)");
  cmd->add_option("--test", c->test, "Back-test on these days: YYYY-MM-DD..YYYY-MM-DD");
  cmd->add_option("-o,--output", c->output, "Write the fitted scenario JSON to FILE")->required();
  cmd->add_option("--json", c->json, "Write every estimate (and the back-test) as JSON to FILE, or - for stdout");
  cmd->add_option("--report", c->report, "Write an HTML report to FILE.html");
  cmd->add_option("--replications", c->fit.replications, "Replications of the scenario and of each back-test day")
      ->capture_default_str();
  cmd->add_option("--seed", c->fit.seed, "Seed of the scenario")->capture_default_str()->check(kSeed);
  cmd->add_option("--threads", c->fit.threads, "Threads for calibration and back-test (0 = all cores)")
      ->capture_default_str();
  cmd->add_option(
      "--without", c->without,
      "Leave these behaviours out of the scenario: busyness,head_start,redial (default: all the records show)");
  cmd->add_option("--emit", c->emit, "Write these behaviours (the default; kept for earlier scripts)");
  cmd->add_option("--staffing", c->fit.staffing,
                  "Back-test staffing: presence (calibrated, scaled by each day's agents seen) or calibrated")
      ->capture_default_str();
  cmd->add_option("--replay", c->fit.replay,
                  "Back-test: replay each day's arrivals, or arrivals and the handle times of answered callers")
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", c->quiet, "No summary on stdout");
  cmd->callback([c] { run(*c); });
}

}  // namespace ccsim::cli
