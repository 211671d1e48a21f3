// The ccsim subcommands. Each file in cli/ registers one command on the CLI11 app; the
// command's callback does the work. main() maps errors to exit codes:
//   ccsim::InputError (bad scenario, bad flag value) -> message on stderr, exit 2
//   CLI::ParseError (unknown flag, missing argument) -> CLI11's message, exit 2
//   CLI::RuntimeError(code)                           -> exit `code` (1: an expectation failed)
#pragma once

#include <CLI/CLI.hpp>

namespace ccsim::cli {

void add_run_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_check_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_graph_command(CLI::App& app);
void add_exact_command(CLI::App& app);
void add_erlang_command(CLI::App& app);
void add_staff_command(CLI::App& app);
void add_fit_command(CLI::App& app);
void add_optimize_command(CLI::App& app);
void add_optimize_routing_command(CLI::App& optimize);  // cli/optimize_routing_command.cpp
void add_init_command(CLI::App& app);

}  // namespace ccsim::cli
