// The reader of a scenario's JSON (internal to sim/scenario): walks the document, building the
// model while collecting every error with its pointer. Its parts live one file each:
// scenario_reader.cpp (the top level: horizon, intervals, service level, the lists),
// read_clock.cpp (start, date, clock times, busyness),
// read_distributions.cpp, read_call_types.cpp, read_queues.cpp (queues, overflow rules,
// exits), read_conditions.cpp, read_agent_groups.cpp, read_sites.cpp, read_expectations.cpp.
#pragma once

#include "sim/model/conditions.hpp"
#include "sim/model/scenario.hpp"
#include "sim/scenario/json_reader.hpp"

#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::scenario {

class ScenarioReader : public JsonReader {
public:
  explicit ScenarioReader(std::string source) : JsonReader(std::move(source)) {}

  // The validated scenario; throws InputError with every problem found.
  model::Scenario build(const json& root);

private:
  // A value given once or once per interval: a number, or a list of exactly n_intervals.
  template <class T, class Read>
  std::vector<T> per_interval(const json& v, const std::string& ptr, Read read) {
    std::vector<T> out;
    if (v.is_array()) {
      // With a bad horizon or interval the count is unknown; that error is reported already.
      if (intervals_why_ && v.size() != intervals_) {
        std::ostringstream os;
        os << "a per-interval list needs exactly " << intervals_ << (intervals_ == 1 ? " entry (" : " entries (")
           << *intervals_why_ << "), got " << v.size();
        error(ptr, os.str());
        return {};
      }
      bool ok = true;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (auto x = read(v[i], ptr + "/" + std::to_string(i))) out.push_back(*x);
        else ok = false;
      }
      return ok ? out : std::vector<T>{};
    }
    if (auto x = read(v, ptr)) out.push_back(*x);
    return out;
  }

  // scenario_reader.cpp
  const json* read_settings(const json& root, model::Scenario& sc);
  const json* read_interval(const json& root, model::Scenario& sc);
  void read_service_level(const json& root, model::Scenario& sc);
  NameIndex names_of(const json& root, const char* list);
  void read_lists(const json& root, model::Scenario& sc);
  void check_limits(const json& root, const json* interval, const model::Scenario& sc);
  // read_clock.cpp
  void read_clock(const json& root, model::Scenario& sc);
  std::optional<double> time_point(const json& v, const std::string& ptr);
  void read_busyness(const json& root, model::Scenario& sc);
  // read_distributions.cpp
  std::optional<engine::Distribution> distribution(const json& v, const std::string& ptr);
  std::optional<engine::Distribution> distribution_params(const std::string& kind, const json& params,
                                                          const std::string& p);
  std::optional<engine::Distribution> duration_or_distribution(const json& v, const std::string& ptr);
  // read_call_types.cpp
  void read_call_type(const json& v, const std::string& ptr, model::Scenario& sc);
  bool read_arrivals(const json& v, const std::string& ptr, model::CallType& ct);
  // read_redial.cpp
  bool read_redial(const json& v, const std::string& ptr, model::CallType& ct);
  // read_trace.cpp
  bool read_trace(const json& v, const std::string& ptr, model::CallType& ct);
  // read_queues.cpp
  void read_queue(const json& v, const std::string& ptr, model::Scenario& sc);
  std::optional<model::OverflowRule> overflow_rule(const json& v, const std::string& ptr, model::Id queue);
  bool read_target(const json& v, const std::string& ptr, model::Id queue, model::OverflowRule& rule);
  void read_exit(const json& v, const std::string& ptr, model::Scenario& sc);
  // read_callback.cpp
  std::optional<model::Callback> read_callback(const json& v, const std::string& ptr);
  // read_conditions.cpp
  std::optional<model::Condition> condition(const json& v, const std::string& ptr, bool top, bool in_all,
                                            std::size_t depth = 0);
  std::optional<model::Condition> combinator(const model::ConditionKindInfo& kind, const json& body,
                                             const std::string& p, bool top, std::size_t depth);
  std::optional<model::Condition> timer(const json& body, const std::string& p, bool top, bool in_all);
  std::optional<model::Condition> site_state(const json& body, const std::string& p);
  std::optional<model::Condition> comparison(const model::ConditionKindInfo& kind, const json& body,
                                             const std::string& p);
  std::optional<double> level(const model::ConditionKindInfo& kind, const json& v, const std::string& ptr);
  bool check_levels(const model::Condition& c, const json& body, const std::string& p);
  [[nodiscard]] std::string text_of(const model::Condition& c) const;
  // read_agent_groups.cpp
  void read_group(const json& v, const std::string& ptr, model::Scenario& sc);
  bool read_serves(const json& v, const std::string& ptr, model::AgentGroup& g);
  // read_shifts.cpp
  bool read_shifts(const json& v, const std::string& ptr, model::AgentGroup& g);
  std::optional<model::Shift> read_shift(const json& v, const std::string& ptr);
  // read_initial_state.cpp
  void read_initial_state(const json& v, model::Scenario& sc);
  std::vector<model::InitialState::Count> initial_counts(const json& v, const std::string& ptr,
                                                         std::optional<model::Id> first_type, const char* what);
  // read_sites.cpp
  void read_site(const json& v, const std::string& ptr, model::Scenario& sc);
  void read_outage(const json& o, const std::string& op, model::Site& site);
  // read_expectations.cpp
  void read_expectation(const json& v, const std::string& ptr, model::Scenario& sc);
  bool read_scope(const json& v, const std::string& ptr, model::Expectation& e, std::string& scope_text);
  bool read_within(const json& v, const std::string& ptr, model::Expectation& e, model::Scenario& sc);

  std::size_t intervals_ = 1;
  std::optional<double> start_clock_s_;  // `start`, for clock times in the scenario
  double sc_horizon_ = 0.0;
  std::size_t skipped_queues_ = 0;            // queues dropped for errors (ids stay aligned with names)
  std::optional<std::string> intervals_why_;  // how intervals_ follows from the scenario; none if unknown
  NameIndex site_names_, queue_names_, call_type_names_, exit_names_, group_names_;
  NameIndex target_names_;  // queues, then exits: the names a rule's "to" may give
};

}  // namespace ccsim::scenario
