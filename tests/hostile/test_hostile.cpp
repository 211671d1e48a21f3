// The hostile-input suite: each case of tests/hostile/cases.json is a shell command running
// the built ccsim on an input of tests/hostile/inputs/ (or a hostile option), with what it must
// give: the exit code, regexes its stderr and stdout must match (or not), files that must or
// must not exist afterwards, and a time bound. Every defect of the robustness issue has a case;
// "defect" says what ccsim did before. In the command, {ccsim}, {inputs} and {tmp} (a fresh
// directory per case) are replaced, and {repeat:TEXT:N} by TEXT N times. Cases marked
// "sanitizers": false (address-space limits) are skipped in sanitizer builds.
#include "tests/support/build_kind.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace ccsim {
namespace {

// How much longer than a Release build a case may take before it counts as hanging: sanitized
// and unoptimised builds run the same work several times slower.
constexpr double kSlowBuild = testing::kSanitizedBuild ? 10.0 : testing::kOptimizedBuild ? 1.0 : 4.0;

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kHostileDir = fs::path(CCSIM_TEST_DATA_DIR).parent_path() / "hostile";

std::vector<json> load_cases() {
  const json cases = json::parse(testing::read_text(kHostileDir / "cases.json"));
  return {cases.begin(), cases.end()};
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

// The command with its placeholders filled in.
std::string expand(std::string s, const fs::path& tmp) {
  replace_all(s, "{ccsim}", "'" + std::string(CCSIM_BINARY) + "'");
  replace_all(s, "{inputs}", (kHostileDir / "inputs").string());
  replace_all(s, "{tmp}", tmp.string());
  static const std::regex repeat(R"(\{repeat:([^:}]*):([0-9]+)\})");
  std::smatch m;
  while (std::regex_search(s, m, repeat)) {
    std::string text;
    for (int i = 0; i < std::stoi(m[2].str()); ++i) text += m[1].str();
    s.replace(static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0)), text);
  }
  return s;
}

class Hostile : public ::testing::TestWithParam<json> {};

TEST_P(Hostile, GivesItsExpectedOutcome) {
  const json& c = GetParam();
  if (testing::kSanitizedBuild && !c.value("sanitizers", true)) {
    GTEST_SKIP() << "address-space limits and sanitizers do not mix";
  }
  std::string pattern = (fs::temp_directory_path() / "ccsim_hostile_XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const fs::path tmp = pattern;
  const fs::path out = c.contains("stdout_to") ? fs::path(c["stdout_to"].get<std::string>()) : tmp / "stdout.txt";
  const fs::path err = tmp / "stderr.txt";
  const std::string command = "( " + expand(c["command"].get<std::string>(), tmp) + " ) >'" + out.string() + "' 2>'" +
                              err.string() + "' </dev/null";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(command.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string out_text = c.contains("stdout_to") ? "" : testing::read_text(out);
  const std::string err_text = testing::read_text(err);
  const std::string context = "command: " + c["command"].get<std::string>() + "\nstderr: " + err_text.substr(0, 2000) +
                              "\nstdout: " + out_text.substr(0, 2000);

  ASSERT_TRUE(status != -1 && WIFEXITED(status)) << context;
  EXPECT_EQ(WEXITSTATUS(status), c["exit"].get<int>()) << context;
  if (c.contains("stderr")) {
    EXPECT_TRUE(std::regex_search(err_text, std::regex(c["stderr"].get<std::string>()))) << context;
  }
  if (c.contains("stderr_not")) {
    EXPECT_FALSE(std::regex_search(err_text, std::regex(c["stderr_not"].get<std::string>()))) << context;
  }
  if (c.contains("stdout")) {
    EXPECT_TRUE(std::regex_search(out_text, std::regex(c["stdout"].get<std::string>()))) << context;
  }
  if (c.contains("stdout_not")) {
    EXPECT_FALSE(std::regex_search(out_text, std::regex(c["stdout_not"].get<std::string>()))) << context;
  }
  for (const auto& p : c.value("absent", json::array())) {
    EXPECT_FALSE(fs::exists(expand(p, tmp))) << p << "\n" << context;
  }
  for (const auto& p : c.value("present", json::array())) {
    EXPECT_TRUE(fs::exists(expand(p, tmp))) << p << "\n" << context;
  }
  if (c.contains("max_seconds")) {  // a guard against hanging, not a speed test
    EXPECT_LE(seconds, c["max_seconds"].get<double>() * kSlowBuild) << context;
  }
  // No temporary output file may be left behind in the case's directory.
  for (const auto& entry : fs::recursive_directory_iterator(tmp)) {
    EXPECT_EQ(entry.path().filename().string().find(".ccsim-"), std::string::npos) << entry.path() << "\n" << context;
  }
  std::error_code ignored;
  fs::remove_all(tmp, ignored);
}

INSTANTIATE_TEST_SUITE_P(Cases, Hostile, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<json>& param) {
                           return param.param["name"].get<std::string>();
                         });

}  // namespace
}  // namespace ccsim
