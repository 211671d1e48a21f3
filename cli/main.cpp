// ccsim: contact-center routing simulator. main() only wires the subcommands and exit codes.
#include "cli/commands.hpp"
#include "sim/error.hpp"

#include <cstdio>
#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"ccsim: contact-center routing simulator (ACD queues, overflow, failover)"};
  app.set_version_flag("--version", std::string("ccsim ") + CCSIM_VERSION);
  app.require_subcommand(1);
  ccsim::cli::add_run_command(app);
  ccsim::cli::add_sweep_command(app);
  ccsim::cli::add_check_command(app);
  ccsim::cli::add_compare_command(app);
  ccsim::cli::add_validate_command(app);
  ccsim::cli::add_graph_command(app);
  ccsim::cli::add_exact_command(app);
  ccsim::cli::add_erlang_command(app);
  ccsim::cli::add_staff_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const ccsim::InputError& e) {
    for (const auto& line : e.messages()) std::cerr << "ccsim: " << line << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ccsim: error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
