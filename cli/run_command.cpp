// `ccsim run`: simulate a scenario and print/write its results.
#include "analysis/expectations.hpp"
#include "analysis/results.hpp"
#include "analysis/summary.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "sim/error.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"

#include <fstream>
#include <iostream>
#include <memory>

namespace ccsim::cli {

namespace {

struct RunOptions {
  std::string scenario;
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  unsigned threads = 0;
  std::vector<std::string> sets;
  std::string json;
  std::string csv;
  bool quiet = false;
};

void write_json_output(const std::string& target, const analysis::Json& doc) {
  if (target == "-") {
    std::cout << doc.dump(2) << '\n';
    return;
  }
  std::ofstream out(target);
  if (!out) throw InputError("--json " + target + ": cannot write the file");
  out << doc.dump(2) << '\n';
}

void run(const RunOptions& o) {
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  model::Scenario sc = scenario::load_scenario_file(o.scenario, overrides);
  if (o.replications) sc.replications = *o.replications;
  if (o.seed) sc.seed = *o.seed;

  analysis::Summary summary(sc);
  Progress progress("replications", sc.replications, !o.quiet);
  model::run_replications(sc, 0, sc.replications, o.threads, [&](std::uint32_t, model::ReplicationTally&& t) {
    summary.add(t);
    progress.step();
  });
  progress.finish();

  const auto expectations = analysis::evaluate_expectations(summary);
  const bool json_to_stdout = o.json == "-";
  if (!o.json.empty()) write_json_output(o.json, analysis::results_json(summary, expectations, CCSIM_VERSION));
  if (!o.csv.empty()) analysis::write_csv(o.csv, summary);
  if (!o.quiet && !json_to_stdout) analysis::write_table(std::cout, summary, expectations);
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Simulate a scenario and report service levels with confidence intervals");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--replications,-r", opts->replications, "Number of replications (overrides the scenario)")
      ->check(CLI::Range(1u, 1000000u));
  cmd->add_option("--seed", opts->seed, "Random seed (overrides the scenario)");
  cmd->add_option("--threads,-j", opts->threads, "Worker threads (0 = all cores); results do not depend on it")
      ->check(CLI::Range(0u, 4096u));
  cmd->add_option("--set", opts->sets, "Override a scenario value: JSON-POINTER=VALUE (repeatable)");
  cmd->add_option("--json", opts->json, "Write results JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--csv", opts->csv, "Write CSV files into DIR");
  cmd->add_flag("--quiet,-q", opts->quiet, "No table and no progress");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace ccsim::cli
