// TEMPORARY STUB: replaced by the real `ccsim graph` implementation.
#include "cli/commands.hpp"
#include "sim/error.hpp"

namespace ccsim::cli {

void add_graph_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("graph", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([] { throw InputError("ccsim graph: not implemented yet"); });
}

}  // namespace ccsim::cli
