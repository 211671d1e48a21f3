// The staffing of one replication beyond per-interval lists: the steps of groups on shifts, as
// calendar events at the change instants only, and the agents absent today (group `absence`).
#pragma once

#include "sim/model/scenario.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ccsim::model {

class Staffing {
public:
  // A change of a shift group's schedule: from `at_s` on, `agents` on duty (before absence).
  struct Change {
    double at_s = 0.0;
    Id group = 0;
    std::uint32_t agents = 0;
  };

  // Draws the replication's absences: agent k (k = 1..most on duty) of a group with absence
  // is absent all day with that probability, from the stream "agent_group/NAME/absence".
  Staffing(const Scenario& sc, std::uint32_t replication);

  // Whether any group has shifts or absence (else nothing here changes a run).
  [[nodiscard]] bool active() const { return active_; }
  // The agents present among the first `scheduled` on duty.
  [[nodiscard]] std::uint32_t present(Id group, std::uint32_t scheduled) const {
    const auto& p = present_[group];
    if (p.empty()) return scheduled;
    return p[std::min<std::size_t>(scheduled, p.size() - 1)];
  }
  // The schedule at time 0 (before absence).
  [[nodiscard]] std::uint32_t at_start(Id group) const { return at_start_[group]; }
  // The shift groups' changes after time 0, in time order (groups in order at one instant).
  [[nodiscard]] const std::vector<Change>& changes() const { return changes_; }

private:
  bool active_ = false;
  // Per group with absence: [n] = agents present among the first n (n = 0..most); empty
  // without absence.
  std::vector<std::vector<std::uint32_t>> present_;
  std::vector<std::uint32_t> at_start_;
  std::vector<Change> changes_;
};

}  // namespace ccsim::model
