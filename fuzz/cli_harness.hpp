// The harness of the command-line fuzz target (fuzz_cli.cpp): the scratch directory, the
// argument filter and the contract. Header-only; needs cli/main.cpp compiled with
// -Dmain=ccsim_cli_main in the same program.
#pragma once

#include "fuzz/harness.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int ccsim_cli_main(int argc, char** argv);

namespace ccsim::fuzz {

inline constexpr std::size_t kMaxArguments = 48;
inline constexpr std::size_t kMaxArgumentLength = 512;

// The fixtures of the scratch directory: a small scenario with overflow, expectations and
// per-interval staffing, and a variant for `compare`.
inline const char* const kScenarioS = R"({"name": "s", "horizon": "1h", "interval": "30m", "replications": 3,
 "call_types": [{"name": "a", "enters": "q", "arrivals": {"poisson": {"per_hour": [60, 90]}},
                 "handle_time": {"exponential": {"mean": "3m"}}, "patience": {"exponential": {"mean": "4m"}}}],
 "queues": [{"name": "q", "overflow": [{"when": {"queue_length": {"at_least": 3}}, "to": "r"}]}, {"name": "r"}],
 "agent_groups": [{"name": "g", "agents": [3, 4], "serves": ["q"]}, {"name": "h", "agents": 1, "serves": ["r", "q"]}],
 "expectations": [{"metric": "service_level", "within": "20s", "at_least": 0.5}, {"metric": "abandon_rate", "at_most": 0.3}]}
)";
inline const char* const kScenarioB = R"({"name": "b", "horizon": "1h", "replications": 3,
 "call_types": [{"name": "a", "enters": "q", "arrivals": {"poisson": {"per_hour": 70}},
                 "handle_time": {"exponential": {"mean": "3m"}}, "patience": {"exponential": {"mean": "4m"}}}],
 "queues": [{"name": "q"}],
 "agent_groups": [{"name": "g", "agents": 4, "serves": ["q"]}]}
)";

inline std::filesystem::path& scratch() {
  static std::filesystem::path dir;
  return dir;
}

// Makes the scratch directory with its fixtures, and sends stdout to /dev/null. Each input
// runs inside it (the harness changes directory there and back: libFuzzer's own paths, the
// dictionary, corpus and artifacts, stay relative to where it was started).
inline void make_scratch_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ccsim_fuzz_cli_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) finding("cannot make a scratch directory");
  scratch() = pattern;
  std::ofstream(scratch() / "s.json") << kScenarioS;
  std::ofstream(scratch() / "b.json") << kScenarioB;
  if (std::freopen("/dev/null", "w", stdout) == nullptr) finding("cannot silence stdout");
}

// Removes what the last command wrote, keeping the fixtures.
inline void empty_scratch_directory() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(scratch(), ec)) {
    const auto name = entry.path().filename().string();
    if (name != "s.json" && name != "b.json") std::filesystem::remove_all(entry.path(), ec);
  }
}

// The input as arguments: split at '\n' and NUL, at most kMaxArguments of at most
// kMaxArgumentLength bytes, with the harness's filter and caps applied.
inline std::vector<std::string> arguments(const std::string& text) {
  std::vector<std::string> raw;
  std::string current;
  for (const char c : text) {
    if (c == '\n' || c == '\0') {
      raw.push_back(current);
      current.clear();
    } else if (current.size() < kMaxArgumentLength) {
      current += c;
    }
  }
  raw.push_back(current);
  if (raw.size() > kMaxArguments) raw.resize(kMaxArguments);
  std::vector<std::string> args;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const std::string& a = raw[i];
    const bool metric = i > 0 && raw[i - 1] == "--fail-if-worse";
    if (a.find('/') != std::string::npos && a.find('=') == std::string::npos && !metric) continue;
    if (a == "." || a == ".." || a.rfind("../", 0) == 0) continue;
    bool capped = false;
    for (const char* flag : {"--threads", "-j", "--max-calls", "--max-memory", "--max-states"}) {
      capped |= a.rfind(flag, 0) == 0;
    }
    if (capped) continue;
    args.push_back(a);
  }
  if (args.empty()) return args;
  const std::string command = args.front();  // a copy: the caps below grow args
  // Searches that run simulations until their own budgets (optimize) are left out: a fuzzed
  // budget would only make them slow, which the 10 s timeout would call a hang.
  if (command == "optimize") return {};
  if (command == "run" || command == "sweep" || command == "check" || command == "compare" || command == "fit") {
    for (const char* cap : {"--threads", "1"}) args.emplace_back(cap);
  }
  if (command == "run" || command == "sweep" || command == "check" || command == "compare") {
    for (const char* cap : {"--max-calls", "20000", "--max-memory", "256M"}) args.emplace_back(cap);
  }
  if (command == "exact") {
    for (const char* cap : {"--max-states", "20000"}) args.emplace_back(cap);
  }
  return args;
}

// A message line that is a C++ library's exception text passed through, not one of ccsim's
// (at the start of a line: messages quote arguments, which may hold anything).
inline bool raw_library_error(const std::string& err) {
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    for (const char* raw :
         {"ccsim: error: std::", "ccsim: error: basic_string", "ccsim: error: stoi", "ccsim: error: stod",
          "ccsim: error: stoul", "ccsim: error: vector", "ccsim: error: map::at", "ccsim: error: unknown exception",
          "ccsim: error: ccsim::", "ccsim: internal error", "ccsim: error: [json.exception"}) {
      if (line.rfind(raw, 0) == 0) return true;
    }
  }
  return false;
}

inline void check_command_line(const std::string& text) {
  std::vector<std::string> args = arguments(text);
  if (args.empty()) return;
  std::vector<char*> argv;
  std::string program = "ccsim";
  argv.push_back(program.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  const std::filesystem::path home = std::filesystem::current_path();
  std::filesystem::current_path(scratch());
  std::ostringstream err;
  std::streambuf* const saved = std::cerr.rdbuf(err.rdbuf());
  const int code = ccsim_cli_main(static_cast<int>(argv.size() - 1), argv.data());
  std::cerr.rdbuf(saved);
  std::filesystem::current_path(home);
  std::cout.clear();
  std::clearerr(stdout);
  empty_scratch_directory();

  std::string shown;
  for (const auto& a : args) shown += " [" + a + "]";
  if (code < 0 || code > 2) finding("exit " + std::to_string(code) + " for" + shown);
  if (code == 2 && err.str().empty()) finding("exit 2 without a message for" + shown);
  if (raw_library_error(err.str())) finding("a raw library error for" + shown + ":\n" + err.str());
}

}  // namespace ccsim::fuzz
