// `ccsim check`: simulate scenarios and gate on their expectations (exit 1 if one fails), for CI.
#include "analysis/reports/junit.hpp"
#include "analysis/reports/output_file.hpp"
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "plan/mpi.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

namespace ccsim::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> scenarios;
  SimulationOptions sim;
  std::string junit;
  std::string json;
  bool quiet = false;
};

// "0.7585 ± 0.0312", and with a confidence level the CI bound that was judged.
std::string describe(const model::Expectation& e, const analysis::ExpectationResult& r) {
  if (!r.value) return "undefined (no call counted for it in any replication)";
  std::string s = fmt::format("{:.4g}", *r.value);
  if (r.ci95) s += " ± " + fmt::format("{:.2g}", *r.ci95);
  if (e.confidence && r.judged) {
    const bool lower = e.at_least.has_value();
    s += std::string(", ") + (lower ? "lower" : "upper") + " end of the " + fmt::format("{:g}", 100.0 * *e.confidence) +
         "% CI " + fmt::format("{:.4g}", *r.judged);
  }
  return s;
}

// {"text", "value", "ci95", "judged", "met"}: `judged` is the figure compared with the bound
// (the mean, or with a confidence level the CI end).
analysis::Json expectation_json(const analysis::ExpectationResult& r) {
  const auto number = [](const std::optional<double>& v) { return v ? analysis::Json(*v) : analysis::Json(nullptr); };
  return {{"text", r.text},
          {"value", number(r.value)},
          {"ci95", number(r.ci95)},
          {"judged", number(r.judged)},
          {"met", r.met}};
}

struct Checked {
  std::string path;
  std::unique_ptr<plan::Simulation> sim;
};

void check(const CheckOptions& o) {
  // Every scenario is read and validated before any is simulated, and every problem reported.
  const auto overrides = plan::parse_overrides(o.sim.sets);
  std::vector<model::Scenario> scenarios;
  std::vector<std::string> errors;
  for (const auto& path : o.scenarios) {
    try {
      model::Scenario sc = plan::load_scenario(path, overrides, run_settings(o.sim));
      if (sc.expectations.empty()) {
        errors.push_back(path +
                         ": no expectations to check (add an \"expectations\" list; a CI gate with "
                         "nothing to check is a configuration error)");
      }
      scenarios.push_back(std::move(sc));
    } catch (const InputError& e) {
      errors.insert(errors.end(), e.messages().begin(), e.messages().end());
    }
  }
  if (!errors.empty()) throw InputError(errors);
  check_outputs({{"--junit", o.junit}});
  for (std::size_t i = 0; i < scenarios.size(); ++i) warn_load(o.scenarios[i], scenarios[i]);
  plan::WorkEstimate work;
  for (const auto& sc : scenarios) work = work + plan::estimate_work(sc, 1, sc.replications, o.sim.threads);
  check_budget(o.sim, work, scenarios.size() == 1 ? o.scenarios.front() : "check");

  SimulationProgress progress("scenario", scenarios.size(), !o.quiet);
  std::vector<Checked> checked;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    progress.start_item(i);
    checked.push_back({o.scenarios[i], plan::simulate(std::move(scenarios[i]), o.sim.threads, std::nullopt, progress)});
  }
  progress.finish();

  std::size_t total = 0;
  std::size_t failed = 0;
  std::vector<analysis::JunitSuite> suites;
  std::ostream null_stream(nullptr);  // --json -: stdout carries the JSON alone
  std::ostream& text = o.json == "-" ? null_stream : std::cout;
  analysis::Json doc{{"ccsim_version", kVersion}, {"scenarios", analysis::Json::array()}};
  for (const auto& [path, sim] : checked) {
    const auto& sc = sim->scenario();
    analysis::Json scenario_doc{{"file", path},
                                {"scenario", sc.name},
                                {"replications", sc.replications},
                                {"seed", sc.seed},
                                {"expectations", analysis::Json::array()}};
    text << "check " << path << ": " << sc.name << "\n";
    text << "  " << sc.replications << " replications, seed " << sc.seed << "\n";
    analysis::JunitSuite suite;
    suite.name = sc.name;
    suite.file = path;
    suite.properties = {
        {"scenario_file", path}, {"replications", std::to_string(sc.replications)}, {"seed", std::to_string(sc.seed)}};
    for (std::size_t k = 0; k < sc.expectations.size(); ++k) {
      const auto& e = sc.expectations[k];
      const auto& r = sim->expectations()[k];
      const std::string value = describe(e, r);
      scenario_doc["expectations"].push_back(expectation_json(r));
      text << "  " << (r.met ? "PASS" : "FAIL") << "  " << r.text << ": " << value << "\n";
      ++total;
      failed += !r.met;
      analysis::JunitCase c;
      c.name = r.text;
      c.classname = path;
      c.details = r.text + ": " + value + " (" + std::to_string(sc.replications) + " replications, seed " +
                  std::to_string(sc.seed) + ")";
      if (!r.met) c.failure = "not met: " + r.text + ": " + value;
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
    doc["scenarios"].push_back(std::move(scenario_doc));
  }
  text << total << (total == 1 ? " expectation, " : " expectations, ") << failed << " failed\n";
  std::cout.flush();
  doc["expectations"] = total;
  doc["failed"] = failed;
  if (!o.json.empty()) write_json_output("--json", o.json, doc);

  if (!o.junit.empty() && plan::mpi::is_root()) {  // every rank has the verdicts; rank 0 writes them
    std::ostringstream out;
    analysis::write_junit(out, "ccsim check", suites);
    analysis::write_output_file("--junit " + o.junit, o.junit, out.str());
  }
  if (failed > 0) throw CLI::RuntimeError(1);
}

}  // namespace

void add_check_command(CLI::App& app) {
  auto opts = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand(
      "check", "Simulate scenarios and check their expectations: exit 0 if all hold, 1 if one fails, 2 on bad input");
  cmd->add_option("scenarios", opts->scenarios, "Scenario JSON files, each with an \"expectations\" list")
      ->required()
      ->check(CLI::ExistingFile);
  add_simulation_options(*cmd, opts->sim);
  cmd->add_option("--junit", opts->junit, "Also write the verdicts as JUnit XML to FILE (for CI test reports)");
  cmd->add_option("--json", opts->json, "Write the verdicts as JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_flag("--quiet,-q", opts->quiet, "No progress on stderr");
  cmd->callback([opts] { check(*opts); });
}

}  // namespace ccsim::cli
