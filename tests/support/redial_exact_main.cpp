// Writes tests/data/redial_exact.json: the exact figures of the redial validation cases from
// the (system, orbit) chain of redial_ctmc.hpp. Not part of the build; regenerate with
//   g++ -std=c++20 -O2 -I. -I/usr/include/eigen3 tests/support/redial_exact_main.cpp -o /tmp/redial_exact \
//     && /tmp/redial_exact > tests/data/redial_exact.json
#include "tests/support/redial_ctmc.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
  using nlohmann::json;
  struct Case {
    const char* name;
    double per_hour, handle_s, patience_s, delay_s, p_abandon, p_blocked;
    int agents, capacity;
  };
  const Case cases[] = {
      {"redial_after_abandon", 600.0, 240.0, 120.0, 120.0, 0.5, 0.0, 40, -1},
      {"redial_after_blocked", 600.0, 240.0, 180.0, 60.0, 0.3, 0.7, 38, 5},
  };
  json out;
  out["method"] =
      "Stationary distribution of the (system, orbit) CTMC of M/M/c+M with redials (exponential redial delay, "
      "unlimited redials, orbit truncated at m_max with the mass at the bounds reported), solved with Eigen's "
      "SparseLU; service level by uniformisation of the tagged attempt's absorbing chain; figures per attempt, an "
      "attempt seeing state (n, m) with weight (lambda + m nu) pi(n, m). Computed by "
      "tests/support/redial_exact_main.cpp (tests/support/redial_ctmc.hpp), independent of ccsim's code.";
  json list = json::array();
  for (const Case& c : cases) {
    ccsim::testing::RedialChain ch;
    ch.lambda = c.per_hour / 3600.0;
    ch.mu = 1.0 / c.handle_s;
    ch.theta = 1.0 / c.patience_s;
    ch.nu = 1.0 / c.delay_s;
    ch.p_abandon = c.p_abandon;
    ch.p_blocked = c.p_blocked;
    ch.agents = c.agents;
    ch.capacity = c.capacity;
    ch.n_max = 200;
    ch.m_max = 80;
    ch.within_s = {10, 20, 30, 60};
    const auto f = ccsim::testing::solve_redial_chain(ch);
    json p = {{"calls_per_hour", c.per_hour},
              {"mean_handle_time_s", c.handle_s},
              {"mean_patience_s", c.patience_s},
              {"mean_redial_delay_s", c.delay_s},
              {"after_abandon", c.p_abandon},
              {"after_blocked", c.p_blocked},
              {"agents", c.agents},
              {"n_max", ch.n_max},
              {"m_max", ch.m_max}};
    if (c.capacity >= 0) p["queue_capacity"] = c.capacity;
    json e = {{"offered_per_hour", 3600.0 * f.offered_per_s},
              {"redials_per_hour", 3600.0 * f.redials_per_s},
              {"answered_rate", f.answered_rate},
              {"abandon_rate", f.abandon_rate},
              {"block_rate", f.block_rate},
              {"redial_rate", f.redial_rate},
              {"caller_answered_rate", f.caller_answered_rate},
              {"mass_at_bounds", f.mass_at_bounds}};
    for (std::size_t k = 0; k < ch.within_s.size(); ++k) {
      e["service_level"][std::to_string(static_cast<int>(ch.within_s[k]))] = f.service_level[k];
    }
    list.push_back({{"name", c.name}, {"parameters", p}, {"exact", e}});
  }
  out["cases"] = list;
  std::cout << out.dump(2) << "\n";
}
