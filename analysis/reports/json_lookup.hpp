// A member of a large ordered JSON object by name without a linear search (internal to
// analysis/reports). nlohmann's ordered_json finds a member by scanning its object, so a
// report that looks up each of ten thousand queues by name was quadratic (HTML report of
// 30,000 queues: 18 s). The index of an object is kept while the object keeps its address and
// size; a hit is checked against the member's own key, so a stale index (another object at
// the same address) is never believed: it is rebuilt. A miss returns nothing, and the caller
// searches as before.
#pragma once

#include "analysis/reports/results_json.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ccsim::analysis {

// Objects with fewer members are searched: an index would not pay.
inline constexpr std::size_t kIndexedMembers = 64;

[[nodiscard]] inline const Json* indexed_member(const Json& object, std::string_view key) {
  struct Index {
    std::size_t size = 0;
    std::unordered_map<std::string, std::size_t> position;
  };
  thread_local std::unordered_map<const Json*, Index> indexes;
  const auto& members = object.get_ref<const Json::object_t&>();
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (indexes.size() > 64) indexes.clear();  // reports of many documents: keep it small
    Index& index = indexes[&object];
    if (attempt == 1 || index.size != members.size() || index.position.empty()) {
      index.size = members.size();
      index.position.clear();
      for (std::size_t i = 0; i < members.size(); ++i) index.position.emplace((members.begin() + i)->first, i);
    }
    const auto it = index.position.find(std::string(key));
    if (it == index.position.end()) return nullptr;
    const auto& member = *(members.begin() + it->second);
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

}  // namespace ccsim::analysis
