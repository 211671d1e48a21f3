// Call types: where their calls enter, how they arrive, how long they are handled and how
// patient their callers are.
#include "sim/scenario/scenario_reader.hpp"

namespace ccsim::scenario {

void ScenarioReader::read_call_type(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr,
              {"name", "description", "priority", "enters", "arrivals", "handle_time", "patience", "wrap_up",
               "head_start", "redial"})) {
    return;
  }
  model::CallType ct;
  bool ok = true;
  if (auto n = name(v, ptr)) ct.name = *n;
  else ok = false;
  if (const json* d = find(v, "description")) ok &= string(*d, ptr + "/description").has_value();
  if (const json* p = find(v, "priority")) {
    if (auto x = integer(*p, ptr + "/priority", -1000000, 1000000, "priority")) ct.priority = static_cast<int>(*x);
    else ok = false;
  }
  if (const json* e = required(v, ptr, "enters")) {
    if (auto q = resolve(*e, ptr + "/enters", queue_names_, "queue")) ct.enters = *q;
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* arr = required(v, ptr, "arrivals")) ok &= read_arrivals(*arr, ptr + "/arrivals", ct);
  else ok = false;
  if (const json* h = required(v, ptr, "handle_time")) {
    if (auto d = distribution(*h, ptr + "/handle_time")) ct.handle_time = *d;
    else ok = false;
  } else {
    ok = false;
  }
  if (const json* p = find(v, "patience")) {
    if (auto d = distribution(*p, ptr + "/patience")) ct.patience = *d;
    else ok = false;
  }
  if (const json* w = find(v, "wrap_up")) {
    if (auto d = distribution(*w, ptr + "/wrap_up")) ct.wrap_up = *d;
    else ok = false;
  }
  if (const json* h = find(v, "head_start")) {
    if (auto d = duration(*h, ptr + "/head_start")) ct.head_start_s = *d;
    else ok = false;
  }
  if (const json* r = find(v, "redial")) ok &= read_redial(*r, ptr + "/redial", ct);
  if (ok) sc.call_types.push_back(std::move(ct));
}

// {"poisson": {"per_hour": RATE or one rate per interval}}, kept per second, or {"trace": ...}
// (read_trace.cpp). Returns false
// when the arrivals are bad.
bool ScenarioReader::read_arrivals(const json& v, const std::string& ptr, model::CallType& ct) {
  if (!object(v, ptr, {"poisson", "trace"})) return false;
  if (const json* trace = find(v, "trace")) {
    if (find(v, "poisson")) {
      error(ptr, "give either poisson or trace arrivals, not both");
      return false;
    }
    return read_trace(*trace, ptr + "/trace", ct);
  }
  const json* poisson = required(v, ptr, "poisson");
  if (!poisson) return false;
  const std::string pp = ptr + "/poisson";
  if (!object(*poisson, pp, {"per_hour"})) return false;
  const json* rate = required(*poisson, pp, "per_hour");
  if (!rate) return false;
  auto rates = per_interval<double>(*rate, pp + "/per_hour", [&](const json& x, const std::string& xp) {
    return number(x, xp, 0.0, 1e9, "calls per hour");
  });
  const bool ok = !rates.empty();
  for (auto& r : rates) r /= 3600.0;
  ct.arrivals.per_second = std::move(rates);
  return ok;
}

}  // namespace ccsim::scenario
