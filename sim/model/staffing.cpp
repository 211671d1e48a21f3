#include "sim/model/staffing.hpp"

#include "sim/engine/random.hpp"
#include "sim/model/staffing_plan.hpp"

#include <algorithm>

namespace ccsim::model {

Staffing::Staffing(const Scenario& sc, std::uint32_t replication)
    : present_(sc.agent_groups.size()), at_start_(sc.agent_groups.size(), 0) {
  for (Id g = 0; g < sc.agent_groups.size(); ++g) {
    const AgentGroup& group = sc.agent_groups[g];
    at_start_[g] = agents_at_start(group);
    active_ |= !group.shifts.empty() || group.absence > 0.0;
    if (!group.shifts.empty()) {
      const auto steps = shift_steps(group);
      for (std::size_t k = 1; k < steps.size(); ++k) changes_.push_back({steps[k].at_s, g, steps[k].agents});
    }
    if (group.absence > 0.0) {
      engine::RandomStream rng(sc.seed, replication, "agent_group/" + group.name + "/absence");
      auto& present = present_[g];
      present.push_back(0);
      const std::uint32_t most = most_agents(group);
      for (std::uint32_t k = 0; k < most; ++k) present.push_back(present.back() + (rng.uniform() >= group.absence));
    }
  }
  std::stable_sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) { return a.at_s < b.at_s; });
}

}  // namespace ccsim::model
