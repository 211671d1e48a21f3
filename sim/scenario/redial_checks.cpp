// `validate` warnings for call types' `redial` settings that can never take effect.
#include "sim/scenario/routing_checks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace ccsim::scenario {

namespace {

// The smallest delay the distribution can give, where it is known (else 0).
double least_delay(const engine::Distribution& d) {
  using Kind = engine::Distribution::Kind;
  if (d.kind() == Kind::Constant) return d.mean();
  if (d.kind() == Kind::Uniform) return d.mean() - std::sqrt(3.0 * d.variance());
  return 0.0;
}

// Whether some call of the scenario can ever be blocked: a queue with a capacity, a site that
// goes down, or a rule moving calls between queues (max_hops).
bool may_block(const model::Scenario& sc) {
  for (const auto& q : sc.queues) {
    if (q.capacity) return true;
    for (const auto& r : q.overflow) {
      if (r.to.kind == model::Target::Kind::Queue) return true;
    }
  }
  return std::any_of(sc.sites.begin(), sc.sites.end(), [](const model::Site& s) { return !s.outages.empty(); });
}

}  // namespace

void check_redials(const model::Scenario& sc, std::vector<Diagnostic>& out) {
  const auto warn = [&](const std::string& ptr, const std::string& message) {
    out.push_back({Diagnostic::Severity::Warning, ptr, message});
  };
  for (std::size_t i = 0; i < sc.call_types.size(); ++i) {
    const auto& ct = sc.call_types[i];
    if (!ct.redial) continue;
    const auto& r = *ct.redial;
    const std::string ptr = "/call_types/" + std::to_string(i) + "/redial";
    const std::string who = "callers of \"" + ct.name + "\"";
    if (r.after_abandon <= 0.0 && r.after_blocked <= 0.0) {
      warn(ptr, "after_abandon and after_blocked are both 0: " + who + " never redial");
      continue;
    }
    if (r.max && *r.max == 0) {
      warn(ptr + "/max", "max is 0: " + who + " never redial");
      continue;
    }
    if (least_delay(r.delay) >= sc.horizon_s) {
      warn(ptr + "/delay",
           "the delay is never shorter than the horizon: every redial would come at or after "
           "the horizon, and none is made");
      continue;
    }
    if (r.after_abandon > 0.0 && !ct.patience) {
      warn(ptr + "/after_abandon", who + " have no patience and never abandon: after_abandon never takes effect");
    }
    if (r.after_blocked > 0.0 && !may_block(sc)) {
      warn(ptr + "/after_blocked",
           "no call can be blocked (no queue capacity, outage or transfer between queues): "
           "after_blocked never takes effect");
    }
  }
}

}  // namespace ccsim::scenario
