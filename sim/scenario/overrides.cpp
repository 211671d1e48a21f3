#include "sim/scenario/overrides.hpp"

#include "sim/error.hpp"
#include "sim/scenario/json_reader.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>

namespace ccsim::scenario {

using nlohmann::json;

namespace {

bool is_index(const std::string& token) {
  return !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
}

// `pointer` with every list entry given by name (/agent_groups/supervisor/agents) turned into
// its index (/agent_groups/2/agents): in a list of objects with a "name", a token that is not
// an index names an entry. Index tokens, and tokens past a place that does not exist, stay as
// they are (setting the value then says what is missing). Throws json::parse_error for a
// malformed pointer; returns why a name matches no entry in `why`.
json::json_pointer resolve_names(const json& root, const std::string& pointer, std::string& why) {
  json::json_pointer given(pointer);
  std::vector<std::string> tokens;
  for (json::json_pointer p = given; !p.empty(); p.pop_back()) tokens.insert(tokens.begin(), p.back());
  json::json_pointer out;
  const json* node = &root;
  for (std::string token : tokens) {
    if (node != nullptr && node->is_array() && !is_index(token)) {
      std::vector<std::string> names;
      std::optional<std::size_t> found;
      for (std::size_t i = 0; i < node->size(); ++i) {
        const json& entry = (*node)[i];
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) continue;
        names.push_back(entry["name"].get<std::string>());
        if (names.back() == token && !found) found = i;
      }
      if (!names.empty() && !found) {
        why = "no entry named \"" + token + "\" in " + out.to_string();
        const std::string hint = did_you_mean(token, names);
        if (!hint.empty()) why += " (did you mean \"" + hint + "\"?)";
        return given;
      }
      if (found) token = std::to_string(*found);
    }
    if (node != nullptr && node->is_array() && is_index(token)) {
      const std::size_t index = std::strtoull(token.c_str(), nullptr, 10);
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else if (node != nullptr && node->is_object() && node->contains(token)) {
      node = &(*node)[token];
    } else {
      node = nullptr;
    }
    out /= token;
  }
  return out;
}

// Sets one override, or returns why it cannot be set (`where` starts the message).
std::optional<std::string> apply_override(json& root, const Override& o, const std::string& where) {
  json value;
  try {
    value = json::parse(o.value);
  } catch (const json::exception&) {
    value = o.value;  // not JSON (or a number out of range): take it as a string ("4h")
  }
  try {
    std::string why;
    const json::json_pointer ptr = resolve_names(root, o.pointer, why);
    if (!why.empty()) return where + ": " + why;
    if (ptr.empty()) return where + ": cannot replace the whole scenario";
    if (!root.contains(ptr.parent_pointer())) {
      return where + ": no such place in the scenario (" + ptr.parent_pointer().to_string() + " does not exist)";
    }
    auto& parent = root[ptr.parent_pointer()];
    if (parent.is_array()) {
      const std::string& last = ptr.back();
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), index);
      if (last.empty() || ec != std::errc{} || end != last.data() + last.size() || index >= parent.size()) {
        return where + ": no such list entry (" + ptr.parent_pointer().to_string() +
               (parent.empty() ? " is empty)" : " has entries 0 to " + std::to_string(parent.size() - 1) + ")");
      }
    } else if (!parent.is_object()) {
      return where + ": " + ptr.parent_pointer().to_string() + " is not an object or list";
    }
    root[ptr] = value;
  } catch (const json::parse_error& e) {
    return where + ": not a valid JSON pointer (" + json_error_text(e) + "); write it like /queues/0/capacity";
  } catch (const json::exception& e) {
    return where + ": no such place in the scenario (" + json_error_text(e) + ")";
  }
  return std::nullopt;
}

}  // namespace

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError("--set " + text + ": expected PTR=VALUE, e.g. --set /queues/0/capacity=30");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

void apply_overrides(json& root, const std::vector<Override>& overrides, const std::string& source) {
  std::vector<std::string> errors;
  for (const auto& o : overrides) {
    if (auto why = apply_override(root, o, source + ": --set " + o.pointer)) errors.push_back(std::move(*why));
  }
  if (!errors.empty()) throw InputError(errors);
}

}  // namespace ccsim::scenario
