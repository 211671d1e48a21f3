// Reading JSON while collecting errors (internal to sim/scenario): typed readers that return
// nothing and record a message naming the file, the JSON pointer and the offending value, so
// that the loader reports every problem of a scenario file at once.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/scenario/name_index.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ccsim::scenario {

// The longest duration accepted, in seconds (about 31.7 years). Longer ones are mistakes,
// and keeping every time below it keeps sums of times finite and the clock's resolution
// (an ulp of 1e9 s is 1.2e-7 s) far finer than the gaps between arrivals.
constexpr double kMaxDurationS = 1e9;

// The longest name (of the scenario, a queue, group, call type, site or exit), in characters:
// names show in tables, DOT labels and file names; Graphviz refuses labels of 100,000.
constexpr std::size_t kMaxNameCharacters = 200;

// A short rendering of a JSON value for messages (at most 60 characters).
[[nodiscard]] std::string show(const nlohmann::json& v);

// `s` in double quotes.
[[nodiscard]] std::string quote(const std::string& s);

// An object key as a JSON pointer token ("~" -> "~0", "/" -> "~1").
[[nodiscard]] std::string escape_token(const std::string& key);

// nlohmann's message without its "[json.exception.parse_error.107] parse error at byte 1: " prefix.
[[nodiscard]] std::string json_error_text(const nlohmann::json::exception& e);

// The typed readers. Each returns nothing when the value is bad, and records why.
class JsonReader {
public:
  using json = nlohmann::json;

  explicit JsonReader(std::string source) : source_(std::move(source)) {}

  [[nodiscard]] const std::string& source() const { return source_; }
  [[nodiscard]] const std::vector<std::string>& errors() const { return errors_; }

  // Records "SOURCE: PTR: WHAT".
  void error(const std::string& ptr, const std::string& what);

  // Reports keys of `obj` not in `allowed`, with a suggestion. Returns false if obj is not an object.
  bool object(const json& obj, const std::string& ptr, const std::vector<std::string>& allowed);

  [[nodiscard]] static const json* find(const json& obj, const std::string& key) {
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
  }

  // `key` of `obj`, recording "missing KEY" when it is absent.
  const json* required(const json& obj, const std::string& ptr, const std::string& key);

  // Seconds, as a number or a string with a unit ("90s"), from 0 to kMaxDurationS.
  std::optional<double> duration(const json& v, const std::string& ptr);
  std::optional<double> positive_duration(const json& v, const std::string& ptr);
  // A number from `min` to `max`; `what` names it in messages ("calls per hour").
  std::optional<double> number(const json& v, const std::string& ptr, double min, double max, const char* what);
  std::optional<std::int64_t> integer(const json& v, const std::string& ptr, std::int64_t min, std::int64_t max,
                                      const char* what);
  std::optional<std::string> string(const json& v, const std::string& ptr);
  // Whether `s` can be a name: no control characters, at most kMaxNameCharacters; records why not.
  bool checked_name(const std::string& s, const std::string& ptr);
  // The non-empty "name" of an object, checked as above.
  std::optional<std::string> name(const json& obj, const std::string& ptr);

  // Looks a name up in `names`; records "no X named ..." with a suggestion.
  std::optional<model::Id> resolve(const json& v, const std::string& ptr, const NameIndex& names, const char* what);

private:
  std::string source_;
  std::vector<std::string> errors_;
};

}  // namespace ccsim::scenario
