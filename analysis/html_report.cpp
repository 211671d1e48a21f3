// TEMPORARY STUB: replaced by the real HTML report writer.
#include "analysis/html_report.hpp"

#include "sim/error.hpp"

namespace ccsim::analysis {

void write_run_report(const std::string&, const Json&) {
  throw InputError("--report: HTML reports are not implemented yet");
}

void write_sweep_report(const std::string&, const Json&) {
  throw InputError("--report: HTML reports are not implemented yet");
}

void write_compare_report(const std::string&, const Json&) {
  throw InputError("--report: HTML reports are not implemented yet");
}

}  // namespace ccsim::analysis
