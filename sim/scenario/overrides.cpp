#include "sim/scenario/overrides.hpp"

#include "sim/error.hpp"
#include "sim/scenario/json_reader.hpp"

#include <charconv>
#include <optional>

namespace ccsim::scenario {

using nlohmann::json;

namespace {

// Sets one override, or returns why it cannot be set (`where` starts the message).
std::optional<std::string> apply_override(json& root, const Override& o, const std::string& where) {
  json value;
  try {
    value = json::parse(o.value);
  } catch (const json::exception&) {
    value = o.value;  // not JSON (or a number out of range): take it as a string ("4h")
  }
  try {
    const json::json_pointer ptr(o.pointer);
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
