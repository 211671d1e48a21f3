// JUnit XML, the test-report format CI systems (GitLab, Jenkins, GitHub actions) display:
// testsuites > testsuite > testcase, with <failure> for a failed case.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccsim::analysis {

struct JunitCase {
  std::string name;
  std::string classname;
  std::optional<std::string> failure;  // the failure message; none when the case passed
  std::string details;                 // body of <failure>, or <system-out> of a passing case
};

struct JunitSuite {
  std::string name;
  std::string file;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<JunitCase> cases;
};

// Text escaped for XML 1.0 content and attribute values: & < > " ' as entities, tab, newline
// and carriage return as character references (attribute values would normalise them), other
// control characters, which XML 1.0 cannot carry at all, as U+FFFD.
[[nodiscard]] std::string xml_escape(std::string_view text);

// Writes the document; no timestamps or durations, so the same results give the same bytes.
void write_junit(std::ostream& out, const std::string& name, const std::vector<JunitSuite>& suites);

}  // namespace ccsim::analysis
