// The `ccsim fit --report` page: regimes, Kaplan-Meier patience with the chosen fit,
// handle-time quantiles, calibrated staffing and the back-test per interval (observed with its
// CI over days, simulated with its CI over replications). Self-contained HTML with SVG.
#pragma once

#include "fit/scenario_writer.hpp"

#include <string>

namespace ccsim::fit {

[[nodiscard]] std::string fit_report_html(const Json& doc);
void write_fit_report(const std::string& path, const Json& doc);

}  // namespace ccsim::fit
