// The names of one of a scenario's lists by position, with a hash index by name (internal to
// sim/scenario), so that every reference a scenario makes by name resolves in constant time:
// a linear search made loading quadratic in the number of queues, groups and call types
// (10^4 queues took 8 s). Positions without a name hold "".
#pragma once

#include "sim/model/scenario.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ccsim::scenario {

class NameIndex {
public:
  NameIndex() = default;

  // Appends the name of the next position. Returns the first position already holding it,
  // if any ("" included).
  std::optional<model::Id> push_back(std::string name) {
    const auto id = static_cast<model::Id>(names_.size());
    const auto [it, added] = index_.try_emplace(name, id);
    names_.push_back(std::move(name));
    if (added) return std::nullopt;
    return it->second;
  }

  // The first position holding `name`.
  [[nodiscard]] std::optional<model::Id> find(const std::string& name) const {
    const auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] const std::string& operator[](std::size_t i) const { return names_[i]; }
  [[nodiscard]] std::size_t size() const { return names_.size(); }
  [[nodiscard]] bool empty() const { return names_.empty(); }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, model::Id> index_;
};

}  // namespace ccsim::scenario
