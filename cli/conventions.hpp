// Command-line conventions every ccsim command follows: EXAMPLES and EXIT STATUS at the end
// of each --help, "did you mean" for a mistyped command or option, and the checks of output
// arguments that are not files (`--csv -`).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ccsim::cli {

// Sets the footer (EXAMPLES, EXIT STATUS) of the app and of each of its subcommands.
void add_help_footers(CLI::App& app);

// When the first argument is not an option and names no command: "unknown command "rn" (did
// you mean "run"?); commands: run, sweep, ...". Nothing otherwise.
[[nodiscard]] std::optional<std::string> unknown_command(const CLI::App& app, const std::vector<std::string>& args);

// For each argument that looks like an option and that the command given (args[0]) does not
// have: "run: unknown option --replicatons (did you mean --replications?)".
[[nodiscard]] std::vector<std::string> unknown_options(const CLI::App& app, const std::vector<std::string>& args);

// --csv DIR writes several files: "-" (stdout) is refused, exit 2.
[[nodiscard]] CLI::Validator csv_directory();

}  // namespace ccsim::cli
