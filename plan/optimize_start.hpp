// The inputs of `ccsim optimize staffing` checked, and its starting point: per queue and
// interval, the fewest agents of one Erlang pool meeting the expectations that apply to that
// queue, given to the group that serves the queue first (plan/optimize_staffing.hpp).
#pragma once

#include "plan/optimize_staffing.hpp"

#include <string>
#include <vector>

namespace ccsim::plan {

// The groups to staff: those named (every group when none is), in scenario order. Throws
// InputError for an unknown name, a scenario without expectations, contradictory bounds or
// costs given for some groups and not others.
[[nodiscard]] std::vector<model::Id> groups_to_staff(const model::Scenario& sc, const std::vector<std::string>& names);

// Cost per agent-hour of each group (1 when no group has one).
[[nodiscard]] std::vector<double> group_costs(const model::Scenario& sc, const std::vector<model::Id>& groups);

// The staffing the scenario itself has, per interval (shifts read at each interval's middle).
[[nodiscard]] Staffing scenario_staffing(const model::Scenario& sc, const std::vector<model::Id>& groups);

// Per-queue Erlang answers (Erlang A when every call type entering the queue abandons, else
// Erlang C; the queue's capacity as a waiting room): the bounds of the expectations on the
// whole center, on the call types entering the queue and on the queue itself; a queue no call
// type enters needs no agent. Each queue's agents go to the first staffed group whose serves
// list starts with it (else the first that serves it at all); capped at max_agents.
[[nodiscard]] Staffing erlang_start(const model::Scenario& sc, const std::vector<model::Id>& groups,
                                    std::uint32_t max_agents);

}  // namespace ccsim::plan
