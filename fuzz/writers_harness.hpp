// The harness of the results-writers fuzz target (fuzz_writers.cpp). An input is either
//  - a results document (a JSON object with "ccsim_version"), fed as it is to the HTML report
//    writers of a run, a sweep ("points") and a comparison ("differences"): a document ccsim did
//    not write may be refused (InputError, or nlohmann's type and range errors for a value of
//    the wrong kind), nothing else; or
//  - a scenario, loaded and simulated for two short replications (as fuzz/harness.hpp bounds
//    them), whose summary goes through every writer: the table, the results JSON (which must
//    parse back), the CSV files and the HTML report (a whole page).
// Crashes, sanitizer reports, hangs and huge allocations are findings, as for every target.
#pragma once

#include "analysis/estimators/expectations.hpp"
#include "analysis/estimators/summary.hpp"
#include "analysis/reports/html_report.hpp"
#include "analysis/reports/results_csv.hpp"
#include "analysis/reports/results_json.hpp"
#include "analysis/reports/results_table.hpp"
#include "fuzz/harness.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace ccsim::fuzz {

inline std::filesystem::path& writers_scratch() {
  static std::filesystem::path dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccsim_fuzz_writers_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) finding("cannot make a scratch directory");
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline std::string read_back(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What one input did.
enum class WritersOutcome {
  Written,       // every writer wrote its output
  Refused,       // a results document the HTML writers refused, or a scenario the model refused
  NotAScenario,  // neither a results document nor a scenario that loads
  TooManyCalls,  // a scenario with too many arrivals to simulate here
};

// A results document as the HTML writers take it.
inline WritersOutcome check_results_document(const analysis::Json& doc) {
  const auto page = writers_scratch() / "doc.html";
  WritersOutcome outcome = WritersOutcome::Written;
  try {
    if (doc.contains("points")) analysis::write_sweep_report(page.string(), doc);
    else if (doc.contains("differences")) analysis::write_compare_report(page.string(), doc);
    else analysis::write_run_report(page.string(), doc);
    if (read_back(page).find("</html>") == std::string::npos) finding("the report is not a whole page");
  } catch (const InputError&) {
    outcome = WritersOutcome::Refused;
  } catch (const nlohmann::json::type_error&) {
    outcome = WritersOutcome::Refused;
  } catch (const nlohmann::json::out_of_range&) {
    outcome = WritersOutcome::Refused;
  }
  std::error_code ec;
  std::filesystem::remove(page, ec);
  return outcome;
}

// A simulated scenario through every writer.
inline void check_writers_on(const model::Scenario& sc) {
  analysis::Summary summary(sc);
  for (std::uint32_t r = 0; r < 2; ++r) {
    auto tally = model::run_replication(sc, r);
    check_tally(tally);
    summary.add(tally);
  }
  const auto expectations = analysis::evaluate_expectations(summary);
  std::ostringstream table;
  analysis::write_table(table, summary, expectations);
  if (table.str().empty()) finding("the table is empty");
  const analysis::Json doc = analysis::results_json(summary, expectations, "fuzz");
  const std::string text = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!nlohmann::json::accept(text)) finding("the results JSON does not parse back");
  const auto dir = writers_scratch() / "csv";
  analysis::write_csv(dir.string(), summary);
  if (!std::filesystem::exists(dir / "summary.csv")) finding("no summary.csv");
  const auto page = writers_scratch() / "report.html";
  analysis::write_run_report(page.string(), doc);
  if (read_back(page).find("</html>") == std::string::npos) finding("the report is not a whole page");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::remove(page, ec);
}

inline WritersOutcome check_writers_text(const std::string& text) {
  const analysis::Json doc = analysis::Json::parse(text, nullptr, false);
  if (doc.is_object() && doc.contains("ccsim_version")) return check_results_document(doc);
  model::Scenario sc;
  try {
    sc = scenario::load_scenario_text(text, "fuzz.json");
  } catch (const InputError&) {
    return WritersOutcome::NotAScenario;
  }
  sc = shortened(sc);
  if (!(expected_arrivals(sc) <= kMaxExpectedArrivals / 2)) return WritersOutcome::TooManyCalls;
  try {
    check_writers_on(sc);
  } catch (const InputError&) {  // the model refused the scenario (callers stuck for ever)
    return WritersOutcome::Refused;
  }
  return WritersOutcome::Written;
}

}  // namespace ccsim::fuzz
