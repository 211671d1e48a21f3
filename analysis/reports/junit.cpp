#include "analysis/reports/junit.hpp"

namespace ccsim::analysis {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += "\xEF\xBF\xBD";  // U+FFFD
        else out += ch;
    }
  }
  return out;
}

void write_junit(std::ostream& out, const std::string& name, const std::vector<JunitSuite>& suites) {
  std::size_t tests = 0;
  std::size_t failures = 0;
  for (const auto& s : suites) {
    tests += s.cases.size();
    for (const auto& c : s.cases) failures += c.failure.has_value();
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << xml_escape(name) << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\">\n";
  for (const auto& s : suites) {
    std::size_t suite_failures = 0;
    for (const auto& c : s.cases) suite_failures += c.failure.has_value();
    out << "  <testsuite name=\"" << xml_escape(s.name) << "\" tests=\"" << s.cases.size() << "\" failures=\""
        << suite_failures << "\" errors=\"0\" skipped=\"0\"";
    if (!s.file.empty()) out << " file=\"" << xml_escape(s.file) << '"';
    out << ">\n";
    if (!s.properties.empty()) {
      out << "    <properties>\n";
      for (const auto& [key, value] : s.properties) {
        out << "      <property name=\"" << xml_escape(key) << "\" value=\"" << xml_escape(value) << "\"/>\n";
      }
      out << "    </properties>\n";
    }
    for (const auto& c : s.cases) {
      out << "    <testcase name=\"" << xml_escape(c.name) << "\" classname=\"" << xml_escape(c.classname) << '"';
      if (!c.failure && c.details.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (c.failure) {
        out << "      <failure message=\"" << xml_escape(*c.failure) << "\" type=\"expectation\">"
            << xml_escape(c.details) << "</failure>\n";
      } else {
        out << "      <system-out>" << xml_escape(c.details) << "</system-out>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace ccsim::analysis
