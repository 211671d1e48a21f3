// TEMPORARY STUB: replaced by the real `ccsim check` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_check_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim check: not implemented yet"); });
}

}  // namespace ccsim::cli
