// `ccsim init`: write a starting scenario (a template) whose "$schema" points editors at
// docs/scenario.schema.json.
#include "cli/commands.hpp"
#include "sim/error.hpp"
#include "sim/scenario/templates.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

namespace ccsim::cli {

namespace {

struct InitOptions {
  std::string templ = "single-queue";
  std::string output = "-";
  std::string schema;
  bool force = false;
};

// The schema of this build's source tree, as a path relative to the directory the scenario is
// written to (absolute when there is no relative path); editors resolve "$schema" from there.
std::string default_schema(const std::string& output) {
  namespace fs = std::filesystem;
  const fs::path schema = CCSIM_SCHEMA_PATH;
  std::error_code ec;
  const fs::path dir = output == "-" ? fs::current_path(ec) : fs::absolute(output, ec).parent_path();
  if (ec) return schema.string();
  const fs::path rel = fs::relative(schema, dir, ec);
  return ec || rel.empty() ? schema.string() : rel.generic_string();
}

void init(const InitOptions& o) {
  const auto text = scenario::scenario_template(o.templ, o.schema.empty() ? default_schema(o.output) : o.schema);
  if (!text) throw InputError("--template " + o.templ + ": no such template");
  if (o.output == "-") {
    std::cout << *text;
    return;
  }
  if (!o.force && std::filesystem::exists(o.output)) {
    throw InputError(o.output + ": the file exists; give another name, or --force to overwrite it");
  }
  std::ofstream out(o.output);
  out << *text;
  if (!out) throw InputError(o.output + ": cannot write the file");
  std::cerr << "wrote " << o.output << " (template " << o.templ << "); try: ccsim run " << o.output << '\n';
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto opts = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Write a starting scenario (with its $schema) to edit");
  cmd->add_option("--template,-t", opts->templ, "single-queue (default), two-site or failover")
      ->check(CLI::IsMember(scenario::template_names()));
  cmd->add_option("--output,-o", opts->output, "Scenario file to write, or - for stdout (the default)");
  cmd->add_option("--schema", opts->schema, "\"$schema\" to write (default: this build's docs/scenario.schema.json)");
  cmd->add_flag("--force", opts->force, "Overwrite an existing file");
  cmd->callback([opts] { init(*opts); });
}

}  // namespace ccsim::cli
