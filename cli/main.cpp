// ccsim: contact-center routing simulator. main() only wires the subcommands and exit codes
// (and, in an MPI run, agrees on them with the other ranks: see plan/mpi.hpp).
#include "analysis/reports/output_file.hpp"
#include "ccsim/version.hpp"
#include "cli/commands.hpp"
#include "cli/conventions.hpp"
#include "cli/terminal_text.hpp"
#include "plan/mpi.hpp"
#include "sim/error.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The exit code for what the app threw; messages go to `err` (printed once the ranks agree).
// `args` are the arguments after the program name, for "did you mean" hints.
int exit_code(const std::exception_ptr& error, CLI::App& app, const std::vector<std::string>& args, std::ostream& err) {
  try {
    std::rethrow_exception(error);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, std::cout, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, std::cout, err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, std::cout, err);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    if (const auto unknown = ccsim::cli::unknown_command(app, args)) {
      err << "ccsim: " << *unknown << '\n';
      return 2;
    }
    const auto hints = ccsim::cli::unknown_options(app, args);
    for (const auto& h : hints) err << "ccsim: " << h << '\n';
    if (hints.empty()) app.exit(e, std::cout, err);
    else err << "Run ccsim " << args.front() << " --help for its options.\n";
    return 2;
  } catch (const ccsim::InputError& e) {
    for (const auto& line : e.messages()) err << "ccsim: " << line << '\n';
    return 2;
  } catch (const std::bad_alloc&) {
    err << "ccsim: error: out of memory: the work needs more memory than the machine gives it (README "
           "\"Robustness\": limits)\n";
    return 2;
  } catch (const std::exception& e) {
    err << "ccsim: error: " << e.what() << '\n';
    return 2;
  } catch (...) {
    err << "ccsim: error: unknown exception\n";
    return 2;
  }
}

// Memory kept in reserve for running out of it: the first allocation that fails releases it
// and throws std::bad_alloc, so that the destructors run while unwinding (nlohmann's json
// allocates in its destructor) and the message have room. Without it a scenario too large
// for the memory ended in "terminate called after throwing std::bad_alloc" (exit 134).
constexpr std::size_t kReserveBytes = std::size_t{16} << 20;

// Allocates the reserve (keep) or frees it.
void reserve(bool keep) {
  static std::unique_ptr<char[]> block;  // not zeroed: untouched pages cost no physical memory
  if (keep && !block) block.reset(new char[kReserveBytes]);
  if (!keep) block.reset();
}

void release_reserve() {
  reserve(false);
  std::set_new_handler(nullptr);
  throw std::bad_alloc();
}

void keep_reserve() {
  reserve(true);
  std::set_new_handler(release_reserve);
}

int run(int argc, char** argv) {
  keep_reserve();
  namespace mpi = ccsim::plan::mpi;
  const mpi::Session mpi_session(argc, argv);
  CLI::App app{"ccsim: contact-center routing simulator (ACD queues, overflow, failover)"};
  app.set_version_flag("--version", std::string("ccsim ") + ccsim::kVersion + (mpi::built_with_mpi() ? " (MPI)" : ""));
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
  ccsim::cli::add_fit_command(app);
  ccsim::cli::add_init_command(app);
  ccsim::cli::add_optimize_command(app);
  ccsim::cli::add_help_footers(app);
  const std::vector<std::string> args(argv + 1, argv + argc);

  std::ostringstream err;
  int code = 0;
  mpi::Conclusion end;
  try {
    app.parse(argc, argv);
    ccsim::analysis::check_stdout();  // output lost on a full disk or device is an error, not a success
    end = mpi::conclude(code, false);
  } catch (const mpi::Failed& f) {  // the ranks have already agreed that the run failed
    if (f.own()) code = exit_code(f.own(), app, args, err);
    end = {std::max(code, f.worst_code()), f.root_has_message()};
  } catch (...) {
    code = exit_code(std::current_exception(), app, args, err);
    end = mpi::conclude(code, !err.str().empty());
  }
  // Rank 0 speaks; another rank only when rank 0 has nothing to say (its error is its own).
  // Control characters quoted from the input are escaped (terminal_text.hpp).
  if (mpi::is_root() || !end.root_has_message) std::cerr << ccsim::cli::terminal_safe(err.str());
  return end.worst_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {  // only outside app.parse, e.g. out of memory while registering the commands
    std::fputs("ccsim: internal error\n", stderr);
    return 2;
  }
}
