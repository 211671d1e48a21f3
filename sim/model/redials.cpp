#include "sim/model/redials.hpp"

#include <limits>
#include <string>

namespace ccsim::model {

Redials::Redials(const Scenario& sc, std::uint32_t replication) : sc_(sc) {
  for (const auto& ct : sc.call_types) any_ |= ct.redial.has_value();
  if (!any_) return;
  for (const auto& ct : sc.call_types) {
    const std::string base = "call_type/" + ct.name + "/redial/";
    streams_.push_back(Streams{{sc.seed, replication, base + "decision"},
                               {sc.seed, replication, base + "delay"},
                               {sc.seed, replication, base + "handle_time"},
                               {sc.seed, replication, base + "patience"},
                               {sc.seed, replication, base + "wrap_up"}});
  }
}

std::optional<double> Redials::next(Id type, std::uint32_t redials, bool blocked, double now) {
  const auto& r = sc_.call_types[type].redial;
  if (!r || (r->max && redials >= *r->max)) return std::nullopt;
  const double p = blocked ? r->after_blocked : r->after_abandon;
  if (p <= 0.0) return std::nullopt;
  Streams& s = streams_[type];
  if (s.decision.uniform() >= p) return std::nullopt;
  const double at = now + r->delay.sample(s.delay);
  if (at >= sc_.horizon_s) return std::nullopt;  // no redial at or after the horizon
  return at;
}

Redials::Attempt Redials::draw(Id type, double now) {
  const auto& ct = sc_.call_types[type];
  Streams& s = streams_[type];
  Attempt a;
  a.service = ct.handle_time.sample(s.handle);
  a.service += ct.wrap_up ? ct.wrap_up->sample(s.wrap) : 0.0;
  a.deadline = ct.patience ? now + ct.patience->sample(s.patience) : std::numeric_limits<double>::infinity();
  return a;
}

}  // namespace ccsim::model
