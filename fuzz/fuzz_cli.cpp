// libFuzzer target over the command line: each input is split at newlines (or NUL bytes) into
// the arguments of `ccsim`, and the real main() (cli/main.cpp, compiled here as
// ccsim_cli_main) parses and runs them: every subcommand, option, value and combination,
// through the option layer, the budget, the simulations and the output writers.
//
// The run happens in a scratch directory holding two small scenarios (s.json, b.json; the
// dictionary names them), emptied after each input. Simulations are capped tiny: --threads,
// --max-calls, --max-memory and --max-states of the input are dropped and the harness appends
// its own (one thread, 20,000 calls, 256 MiB, 20,000 states). So that nothing is written
// outside the scratch directory, an argument holding "/" is kept only as a JSON-pointer
// assignment (it holds "=": --set, --vary) or right after --fail-if-worse, and "." and ".."
// are dropped.
//
// Contract: exit 0, 1 or 2; exit 2 always with a message; no message of the raw form
// "ccsim: error: <a C++ library's exception text>" (every error names what was being done);
// and, as for every target, no crash, sanitizer report, hang or huge allocation.
#include "fuzz/cli_harness.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  ccsim::fuzz::make_scratch_directory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ccsim::fuzz::check_command_line(text);
  return 0;
}
