// Members of an ordered JSON object by name in constant time. nlohmann's ordered_json keeps an
// object's members in a vector and finds one by a linear search, so filling the "call_types"
// of ten thousand call types one figure at a time took 14 s (writing each result document
// was quadratic in the number of call types, queues and groups). Internal to analysis/reports.
#pragma once

#include "analysis/reports/results_json.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>

namespace ccsim::analysis {

class JsonMembers {
public:
  // Indexes the members `object` (an object, or null: made an object) already has. The
  // object must not gain members but through member() while this index is in use; it may
  // move (its parent growing): the index holds its members, which stay where they are.
  explicit JsonMembers(Json& object) {
    if (object.is_null()) object = Json::object();
    members_ = object.get_ptr<Json::object_t*>();
    for (std::size_t i = 0; i < members_->size(); ++i) index_.emplace((members_->begin() + i)->first, i);
  }

  // The member `key`, appended (null) when absent: the same as object[key], without the search.
  Json& member(const std::string& key) {
    const auto [it, added] = index_.try_emplace(key, members_->size());
    if (added) static_cast<Json::object_t::Container&>(*members_).emplace_back(key, Json());
    return (members_->begin() + it->second)->second;
  }

private:
  Json::object_t* members_ = nullptr;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace ccsim::analysis
