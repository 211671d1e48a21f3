// `ccsim exact`: the exact steady state of a small Markovian scenario, from its continuous-time
// Markov chain (analysis/ctmc), or its exact day from the state at time 0 (initial state,
// per-interval rates or staffing, shifts) and the mixture over absences. Same results JSON as
// `ccsim run`, with "method": "ctmc".
#include "analysis/analytic/ctmc.hpp"
#include "analysis/reports/output_file.hpp"
#include "analysis/reports/results_json.hpp"
#include "analysis/reports/results_table.hpp"
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "sim/error.hpp"
#include "sim/scenario/loader.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ccsim::cli {

namespace {

struct ExactOptions {
  std::string scenario;
  std::string json;
  std::vector<std::string> sets;
  std::size_t max_states = analysis::CtmcOptions{}.max_states;
};

void exact(const ExactOptions& o) {
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  const model::Scenario sc = scenario::load_scenario_file(o.scenario, overrides);
  if (!o.json.empty() && o.json != "-") analysis::check_output_file("--json " + o.json, o.json);
  analysis::CtmcOptions options;
  options.max_states = o.max_states;
  const analysis::CtmcResult result =
      naming_out_of_memory(sc.source, "solving the exact chain", [&] { return analysis::solve_ctmc(sc, options); });

  if (!o.json.empty()) {
    const std::string text = analysis::ctmc_results_json(result, kVersion).dump(2);
    if (o.json == "-") {
      std::cout << text << '\n';
    } else {
      analysis::write_output_file("--json " + o.json, o.json, text + '\n');
    }
  }
  if (o.json != "-") analysis::write_ctmc_table(std::cout, result);
}

}  // namespace

void add_exact_command(CLI::App& app) {
  auto opts = std::make_shared<ExactOptions>();
  auto* cmd = app.add_subcommand(
      "exact",
      "Exact steady state, or exact day from its state at time 0, of a small Markovian scenario (continuous-time "
      "Markov chain, no simulation)");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--json", opts->json, "Write results JSON to FILE, or - for stdout (JSON alone)");
  cmd->add_option("--set", opts->sets, "Override a scenario value: JSON-POINTER=VALUE (repeatable)");
  cmd->add_option("--max-states", opts->max_states, "Largest chain to solve (default 2000000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{200'000'000}));
  cmd->callback([opts] { exact(*opts); });
}

}  // namespace ccsim::cli
