// TEMPORARY STUB: replaced by the real `ccsim exact` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_exact_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("exact", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim exact: not implemented yet"); });
}

}  // namespace ccsim::cli
