// The sites of a contact center: which are down now, and where their outages are tallied.
#pragma once

#include "sim/model/scenario.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace ccsim::model {

// While a site is down its queues take no calls and its agents log out (ContactCenter's
// outage events). Outages are numbered across the center, sites in order and each site's
// outages in time order: the index of ReplicationTally::outages.
class Sites {
public:
  explicit Sites(const Scenario& sc) : sites_(sc.sites.size()) {
    std::size_t outages = 0;
    for (std::size_t s = 0; s < sc.sites.size(); ++s) {
      sites_[s].first_outage = outages;
      outages += sc.sites[s].outages.size();
    }
    outages_ = outages;
    for (Id g = 0; g < sc.agent_groups.size(); ++g) {
      if (const auto site = sc.agent_groups[g].site) sites_[*site].groups.push_back(g);
    }
  }

  // The agent groups logged in at `site` (not those of no site), in scenario order.
  [[nodiscard]] const std::vector<Id>& groups(Id site) const { return sites_[site].groups; }

  // Whether `site` is down; no site (a queue or group that belongs to none) is never down.
  [[nodiscard]] bool down(std::optional<Id> site) const { return site && sites_[*site].down; }
  void set_down(Id site, bool down) { sites_[site].down = down; }

  // The center-wide index of outage `k` of `site`.
  [[nodiscard]] std::size_t outage_index(Id site, std::size_t k) const { return sites_[site].first_outage + k; }
  [[nodiscard]] std::size_t outage_count() const { return outages_; }

private:
  struct SiteState {
    bool down = false;
    std::size_t first_outage = 0;
    std::vector<Id> groups;
  };
  std::vector<SiteState> sites_;
  std::size_t outages_ = 0;
};

}  // namespace ccsim::model
