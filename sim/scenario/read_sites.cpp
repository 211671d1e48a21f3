// Sites and their outages.
#include "sim/scenario/scenario_reader.hpp"

#include "sim/scenario/duration.hpp"

#include <algorithm>

namespace ccsim::scenario {

void ScenarioReader::read_site(const json& v, const std::string& ptr, model::Scenario& sc) {
  if (!object(v, ptr, {"name", "description", "outages"})) return;
  model::Site site;
  if (auto n = name(v, ptr)) site.name = *n;
  if (const json* d = find(v, "description")) (void)string(*d, ptr + "/description");
  if (const json* outages = find(v, "outages")) {
    if (!outages->is_array()) {
      error(ptr + "/outages", "expected a list of outages, got " + show(*outages));
    } else {
      for (std::size_t i = 0; i < outages->size(); ++i)
        read_outage((*outages)[i], ptr + "/outages/" + std::to_string(i), site);
      std::sort(site.outages.begin(), site.outages.end(),
                [](const model::Outage& a, const model::Outage& b) { return a.from_s < b.from_s; });
    }
  }
  // A site is kept even with errors, so that site ids stay aligned with site names.
  sc.sites.push_back(std::move(site));
}

// One outage, added to `site` when valid: it starts within the horizon and overlaps none of
// the site's earlier ones.
void ScenarioReader::read_outage(const json& o, const std::string& op, model::Site& site) {
  if (!object(o, op, {"from", "for", "waiting_calls", "description"})) return;
  model::Outage outage;
  const json* from = required(o, op, "from");
  const json* length = required(o, op, "for");
  std::optional<double> f, l;
  if (from) f = time_point(*from, op + "/from");
  if (length) l = positive_duration(*length, op + "/for");
  if (const json* w = find(o, "waiting_calls")) {
    const auto mode = string(*w, op + "/waiting_calls");
    if (mode == "reroute") outage.waiting_calls = model::Outage::WaitingCalls::Reroute;
    else if (mode == "drop") outage.waiting_calls = model::Outage::WaitingCalls::Drop;
    else if (mode) error(op + "/waiting_calls", show(*w) + " is not \"reroute\" or \"drop\"");
  }
  if (const json* d = find(o, "description")) (void)string(*d, op + "/description");
  if (!f || !l) return;
  if (sc_horizon_ > 0.0 && *f >= sc_horizon_) {
    error(op + "/from", show(*from) + " is not before the end of the horizon (" + format_duration(sc_horizon_) + ")");
    return;
  }
  for (const auto& earlier : site.outages) {
    if (*f < earlier.from_s + earlier.for_s && earlier.from_s < *f + *l) {
      error(op, "overlaps an earlier outage of this site (" + format_duration(earlier.from_s) + " for " +
                    format_duration(earlier.for_s) + ")");
      return;
    }
  }
  outage.from_s = *f;
  outage.for_s = *l;
  site.outages.push_back(outage);
}

}  // namespace ccsim::scenario
