#include "sim/model/callbacks.hpp"

#include "sim/error.hpp"

#include <cstdio>
#include <string>

namespace ccsim::model {

Callbacks::Callbacks(const Scenario& sc, std::uint32_t replication)
    : sc_(sc), bound_(CallPool::unstable_bound(sc)), requests_(sc.queues.size()) {
  for (const auto& q : sc.queues) {
    accept_rng_.emplace_back(sc.seed, replication, "queue/" + q.name + "/callback/accept");
    if (!q.callback) continue;
    any_ = true;
    any_when_idle_ |= q.callback->mode == Callback::Mode::WhenIdle;
  }
}

bool Callbacks::accepts(Id queue) {
  const double accept = sc_.queues[queue].callback->accept;
  // accept 0 or 1 draws nothing: accept 0 is the same run as no callback, stream and all.
  if (accept <= 0.0) return false;
  if (accept >= 1.0) return true;
  return accept_rng_[queue].uniform() < accept;
}

void Callbacks::throw_unstable(Id queue, double now) const {
  char at[32];
  std::snprintf(at, sizeof at, "%gs", now);
  throw InputError(sc_.source + ": queue \"" + sc_.queues[queue].name + "\" is unstable: " + std::to_string(pending_) +
                   " callback requests waiting at t=" + at +
                   "; offered load exceeds what its agents can answer and call back");
}

}  // namespace ccsim::model
