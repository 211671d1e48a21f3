// Shared fixture for tests that run the ccsim binary: a temporary directory, files written
// into it, and `ccsim ARGS` with stdout and stderr captured (stderr is a file, never a
// terminal, so no progress line appears).
#pragma once

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim::testing {

struct CliOutcome {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::vector<std::string> err_lines;
};

class CliTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccsim_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Writes `text` to `name` in the temporary directory; returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  CliOutcome ccsim(const std::string& args) const {
    const std::filesystem::path out = dir_ / "stdout.txt";
    const std::filesystem::path err = dir_ / "stderr.txt";
    const std::string command =
        "'" + std::string(CCSIM_BINARY) + "' " + args + " >'" + out.string() + "' 2>'" + err.string() + "' </dev/null";
    const int status = std::system(command.c_str());
    CliOutcome o;
    if (status != -1 && WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
    o.out = read(out);
    o.err = read(err);
    std::istringstream lines(o.err);
    for (std::string line; std::getline(lines, line);) o.err_lines.push_back(line);
    return o;
  }

  static std::string quoted(const std::string& s) { return "'" + s + "'"; }

  std::filesystem::path dir_;
};

}  // namespace ccsim::testing
