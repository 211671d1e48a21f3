// A call type's `redial`: callers who abandon or are blocked call again.
#include "sim/scenario/scenario_reader.hpp"

namespace ccsim::scenario {

// {"after_abandon": P, "after_blocked": P, "delay": DISTRIBUTION or duration, "max": N}; every
// key optional (probabilities 0, delay 0, no max: unlimited). Returns false when it is bad.
bool ScenarioReader::read_redial(const json& v, const std::string& ptr, model::CallType& ct) {
  if (!object(v, ptr, {"after_abandon", "after_blocked", "delay", "max"})) return false;
  model::Redial r;
  bool ok = true;
  const auto probability = [&](const char* key, double& out) {
    if (const json* p = find(v, key)) {
      if (auto x = number(*p, ptr + "/" + key, 0.0, 1.0, "a probability")) out = *x;
      else ok = false;
    }
  };
  probability("after_abandon", r.after_abandon);
  probability("after_blocked", r.after_blocked);
  if (const json* d = find(v, "delay")) {
    if (auto x = duration_or_distribution(*d, ptr + "/delay")) r.delay = *x;
    else ok = false;
  }
  if (const json* m = find(v, "max")) {
    if (auto x = integer(*m, ptr + "/max", 0, 1000000, "redials per caller")) r.max = static_cast<std::uint32_t>(*x);
    else ok = false;
  }
  // Redialling at once without end would never let the clock move.
  if (ok && !r.max && r.delay.mean() <= 0.0 && (r.after_abandon >= 1.0 || r.after_blocked >= 1.0)) {
    error(ptr,
          "a caller who always redials at once, with no max, could call forever at one instant; give a delay "
          "or a max");
    ok = false;
  }
  if (ok) ct.redial = r;
  return ok;
}

}  // namespace ccsim::scenario
