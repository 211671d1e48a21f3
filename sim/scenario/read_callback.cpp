// A queue's `callback` (virtual hold): when to offer it (any overflow condition), the share of
// callers who take it, and where requests wait (keep_place | when_idle).
#include "sim/scenario/scenario_reader.hpp"

namespace ccsim::scenario {

std::optional<model::Callback> ScenarioReader::read_callback(const json& v, const std::string& ptr) {
  if (!object(v, ptr, {"offer_when", "accept", "mode"})) return std::nullopt;
  model::Callback cb;
  bool ok = true;
  if (const json* w = required(v, ptr, "offer_when")) {
    if (w->is_object() && w->contains("waited")) {
      error(ptr + "/offer_when/waited",
            "a callback is offered when the caller would join the line: a \"waited\" timer cannot be its condition");
      ok = false;
    } else if (auto c = condition(*w, ptr + "/offer_when", false, false)) {
      cb.offer_when = std::move(*c);
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const json* a = find(v, "accept")) {
    if (auto x = number(*a, ptr + "/accept", 0.0, 1.0, "share of callers who take the callback")) cb.accept = *x;
    else ok = false;
  }
  if (const json* m = find(v, "mode")) {
    if (auto s = string(*m, ptr + "/mode")) {
      if (*s == "keep_place") cb.mode = model::Callback::Mode::KeepPlace;
      else if (*s == "when_idle") cb.mode = model::Callback::Mode::WhenIdle;
      else {
        error(ptr + "/mode", "expected \"keep_place\" or \"when_idle\", got " + show(*m));
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return cb;
}

}  // namespace ccsim::scenario
