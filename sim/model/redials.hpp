// Redials (a call type's `redial`): whether a caller who abandoned or was blocked calls again,
// when, and the fresh attributes of that new attempt. Each draw comes from a stream of its
// own (call_type/NAME/redial/...), so the first attempts draw exactly what they draw without
// redials (common random numbers). A pending redial is one calendar event, not a record.
#pragma once

#include "sim/engine/random.hpp"
#include "sim/model/scenario.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ccsim::model {

class Redials {
public:
  Redials(const Scenario& sc, std::uint32_t replication);

  // Whether any call type redials: without, nothing here is ever asked.
  [[nodiscard]] bool any() const { return any_; }

  // A caller of `type` who has redialled `redials` times left at `now`, abandoning or
  // (`blocked`) blocked: the time of its next attempt, if it makes one (its probability,
  // under its `max`, before the horizon).
  std::optional<double> next(Id type, std::uint32_t redials, bool blocked, double now);

  // A new attempt of `type` arriving at `now`: its handle time (+ wrap-up) and its patience
  // deadline (+inf without patience).
  struct Attempt {
    double service = 0.0;
    double deadline = 0.0;
  };
  Attempt draw(Id type, double now);

private:
  struct Streams {
    engine::RandomStream decision;
    engine::RandomStream delay;
    engine::RandomStream handle;
    engine::RandomStream patience;
    engine::RandomStream wrap;
  };
  const Scenario& sc_;
  std::vector<Streams> streams_;  // per call type, when any redials
  bool any_ = false;
};

}  // namespace ccsim::model
