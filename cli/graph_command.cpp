// `ccsim graph`: the scenario's routing graph as Graphviz DOT on stdout.
#include "cli/commands.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace ccsim::cli {

namespace {

struct GraphOptions {
  std::string scenario;
  std::vector<std::string> sets;
};

void graph(const GraphOptions& o) {
  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  const model::Scenario sc = scenario::load_scenario_file(o.scenario, overrides);
  std::cout << scenario::to_dot(sc);
}

}  // namespace

void add_graph_command(CLI::App& app) {
  auto opts = std::make_shared<GraphOptions>();
  auto* cmd = app.add_subcommand(
      "graph", "Print the routing graph as Graphviz DOT (e.g. ccsim graph x.json | dot -Tsvg > x.svg)");
  cmd->add_option("scenario", opts->scenario, "Scenario JSON file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--set", opts->sets, "Override a scenario value: JSON-POINTER=VALUE (repeatable)");
  cmd->callback([opts] { graph(*opts); });
}

}  // namespace ccsim::cli
