#include "sim/model/callbacks.hpp"

namespace ccsim::model {

Callbacks::Callbacks(const Scenario& sc, std::uint32_t replication) : sc_(sc), requests_(sc.queues.size()) {
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

}  // namespace ccsim::model
