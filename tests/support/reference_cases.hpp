// The independently computed reference figures of tests/data/queueing_exact.json, shared by
// the tests that check against them (validation, CTMC, overflow).
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>

namespace ccsim::testing {

// Every case: {"id", "params", "exact": {figure: value}}.
inline nlohmann::json reference_cases() {
  std::ifstream in(std::string(CCSIM_TEST_DATA_DIR) + "/queueing_exact.json");
  return nlohmann::json::parse(in)["cases"];
}

// The case with this id (a test failure, and null, when there is none).
inline nlohmann::json find_case(const std::string& id) {
  for (const auto& c : reference_cases()) {
    if (c["id"] == id) return c;
  }
  ADD_FAILURE() << "no reference case " << id;
  return {};
}

// The ccsim total metric a reference figure (other than service levels and occupancy) is.
inline const std::map<std::string, std::string>& reference_metric() {
  static const std::map<std::string, std::string> metric = {{"block_rate", "block_rate"},
                                                            {"blocked", "block_rate"},
                                                            {"abandoned", "abandon_rate"},
                                                            {"p_wait", "p_wait"},
                                                            {"asa", "asa"},
                                                            {"mean_wait", "mean_wait"}};
  return metric;
}

}  // namespace ccsim::testing
