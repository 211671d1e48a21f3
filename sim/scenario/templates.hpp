// Starting scenarios for `ccsim init`: small, valid, commented by their descriptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccsim::scenario {

// The names of the templates, the default first: single-queue, two-site, failover.
[[nodiscard]] const std::vector<std::string>& template_names();

// The scenario text of template `name` with `schema` (a URI or path, JSON-escaped here) as its
// "$schema"; none for an unknown name.
[[nodiscard]] std::optional<std::string> scenario_template(std::string_view name, const std::string& schema);

}  // namespace ccsim::scenario
