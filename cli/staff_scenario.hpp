// `ccsim staff SCENARIO`: prints (or writes as JSON) the staffing plan per interval that the
// planning layer works out (plan/staffing.hpp).
#pragma once

#include "plan/staffing.hpp"

#include <string>

namespace ccsim::cli {

struct StaffScenarioRequest {
  std::string path;
  plan::StaffingRequest staffing;
  std::string json;  // "-" for stdout, a file, or empty
};

void run_staff_scenario(const StaffScenarioRequest& request);

}  // namespace ccsim::cli
