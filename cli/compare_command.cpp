// TEMPORARY STUB: replaced by the real `ccsim compare` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_compare_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("compare", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim compare: not implemented yet"); });
}

}  // namespace ccsim::cli
