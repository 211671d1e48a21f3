// `ccsim validate`: load a scenario (errors -> exit 2) and report the routing graph's warnings.
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ccsim::cli {

namespace {

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> sets;
  bool strict = false;
  std::string json;
};

std::string count(std::size_t n, const std::string& singular, const std::string& plural) {
  return std::to_string(n) + " " + (n == 1 ? singular : plural);
}

void validate(const ValidateOptions& o) {
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  const model::Scenario sc = scenario::load_scenario_file(o.scenario, overrides);
  const auto diagnostics = scenario::check_routing(sc);
  std::size_t warnings = 0;
  std::size_t errors = 0;
  std::ostream null_stream(nullptr);  // --json -: stdout carries the JSON alone
  std::ostream& out = o.json == "-" ? null_stream : std::cout;
  analysis::Json listed = analysis::Json::array();
  for (const auto& d : diagnostics) {
    const bool error = d.severity == scenario::Diagnostic::Severity::Error;
    (error ? errors : warnings) += 1;
    listed.push_back({{"pointer", d.pointer}, {"severity", error ? "error" : "warning"}, {"message", d.message}});
    out << o.scenario << ": " << d.pointer << ": " << (error ? "error" : "warning") << ": " << d.message << '\n';
  }
  out << o.scenario << ": " << (errors ? "invalid" : "valid") << " (" << count(sc.queues.size(), "queue", "queues")
      << ", " << count(sc.call_types.size(), "call type", "call types") << ", "
      << count(sc.agent_groups.size(), "agent group", "agent groups") << ", " << count(sc.exits.size(), "exit", "exits")
      << "); ";
  if (errors) out << count(errors, "error", "errors") << ", ";
  out << (warnings ? count(warnings, "warning", "warnings") : "no warnings") << '\n';
  if (!o.json.empty()) {
    const analysis::Json doc{{"ccsim_version", kVersion},
                             {"file", o.scenario},
                             {"scenario", sc.name},
                             {"valid", errors == 0},
                             {"queues", sc.queues.size()},
                             {"call_types", sc.call_types.size()},
                             {"agent_groups", sc.agent_groups.size()},
                             {"exits", sc.exits.size()},
                             {"errors", errors},
                             {"warnings", warnings},
                             {"diagnostics", std::move(listed)}};
    write_json_output("--json", o.json, doc);
  }
  if (errors) throw CLI::RuntimeError(2);
  if (o.strict && warnings) throw CLI::RuntimeError(1);
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto opts = std::make_shared<ValidateOptions>();
  auto* cmd =
      app.add_subcommand("validate",
                         "Check a scenario: errors exit 2; routing warnings (dead queues, overflow cycles, rules "
                         "that never fire) are listed and exit 0 unless --strict");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--set", opts->sets, "Override a scenario value: JSON-POINTER=VALUE (repeatable)");
  cmd->add_flag("--strict", opts->strict, "Exit 1 when there are warnings");
  cmd->add_option("--json", opts->json, "Write the diagnostics as JSON to FILE, or - for stdout (JSON alone)");
  cmd->callback([opts] { validate(*opts); });
}

}  // namespace ccsim::cli
