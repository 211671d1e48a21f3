// `--set PTR=VALUE` overrides applied to a scenario's JSON before it is read (internal to
// sim/scenario; parse_override and the Override type are in loader.hpp).
#pragma once

#include "sim/scenario/loader.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ccsim::scenario {

// Replaces the value at each override's pointer in `root`, in order. Throws InputError listing
// every override whose place does not exist; `source` names the file in messages.
void apply_overrides(nlohmann::json& root, const std::vector<Override>& overrides, const std::string& source);

}  // namespace ccsim::scenario
