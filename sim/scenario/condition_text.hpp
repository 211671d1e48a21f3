// Conditions and overflow rules as a person reads them ("queue_length at_least 20 until_below
// 10", "all(site_down, waited 1.5m) -> backup_q"): the loader writes these texts into the
// model, and the routing checks, `ccsim graph` and reports print them.
#pragma once

#include "sim/model/scenario.hpp"

#include <string>
#include <vector>

namespace ccsim::scenario {

// A condition as a person reads it: its `text` when the loader kept one, else rebuilt from
// its fields the way the loader writes it ("queue_length at_least 20 until_below 10",
// "all(site_down, waited 1.5m)").
[[nodiscard]] std::string condition_text(const model::Scenario& sc, const model::Condition& c);

// The same, naming queues and sites by position in lists of names (the loader's, while the
// scenario is still being read). An id without a name in the list is left out.
[[nodiscard]] std::string condition_text(const model::Condition& c, const std::vector<std::string>& queue_names,
                                         const std::vector<std::string>& site_names);

// A rule as a person reads it: its `text`, else "CONDITION -> TARGET".
[[nodiscard]] std::string rule_text(const model::Scenario& sc, const model::OverflowRule& rule);

// A level of a metric comparison as condition texts write it: a duration for metrics in
// seconds ("1.5m"), else the number ("20", "0.85").
[[nodiscard]] std::string level_text(model::Condition::Kind kind, double level);

}  // namespace ccsim::scenario
