// Scenario files: JSON -> validated model::Scenario (README "Scenario format").
#pragma once

#include "sim/model/scenario.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ccsim::scenario {

// A `--set PTR=VALUE` override applied to the JSON before validation. VALUE is read as JSON
// when it parses as JSON, else as a string (so `--set /horizon=4h` works unquoted).
struct Override {
  std::string pointer;
  std::string value;
};

// Parses "PTR=VALUE" as given on the command line; throws InputError when there is no '='.
[[nodiscard]] Override parse_override(const std::string& text);

// Reads, overrides and validates a scenario file. Throws ccsim::InputError listing every
// problem found, each naming the file, the JSON pointer and the offending value.
[[nodiscard]] model::Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {});

// Same from text already in memory; `source` names it in messages.
[[nodiscard]] model::Scenario load_scenario_text(const std::string& text, const std::string& source,
                                                 const std::vector<Override>& overrides = {});

// The closest of `candidates` to `word` by edit distance, if close enough to suggest.
[[nodiscard]] std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace ccsim::scenario
