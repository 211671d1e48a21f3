// TEMPORARY STUB: replaced by the real `ccsim validate` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_validate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("validate", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim validate: not implemented yet"); });
}

}  // namespace ccsim::cli
