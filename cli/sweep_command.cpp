// TEMPORARY STUB: replaced by the real `ccsim sweep` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim sweep: not implemented yet"); });
}

}  // namespace ccsim::cli
