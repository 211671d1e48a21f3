// Loading a scenario: parse the JSON, apply the overrides, read and validate it
// (ScenarioReader, scenario_reader.hpp).
#include "sim/scenario/loader.hpp"

#include "sim/error.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/strict_json.hpp"

#include <array>
#include <fstream>

namespace ccsim::scenario {

using nlohmann::json;

namespace {

// Line and column of a byte offset, for messages about malformed JSON.
std::string line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace

model::Scenario load_scenario_text(const std::string& text, const std::string& source,
                                   const std::vector<Override>& overrides) {
  if (const std::string nul = nul_byte_error(text, source); !nul.empty()) throw InputError(nul);
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    const auto pos = what.find("syntax error");
    throw InputError(source + ":" + line_column(text, e.byte == 0 ? 0 : e.byte - 1) +
                     ": malformed JSON: " + (pos == std::string::npos ? what : what.substr(pos)));
  } catch (const json::exception& e) {  // e.g. out_of_range: "number overflow parsing '1e999'"
    throw InputError(source + ": malformed JSON: " + json_error_text(e));
  }
  if (auto duplicates = duplicate_key_errors(text, source); !duplicates.empty()) throw InputError(duplicates);
  apply_overrides(root, overrides, source);
  return ScenarioReader(source).build(root);
}

model::Scenario load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the scenario file");
  // At most kMaxScenarioBytes: an endless file (/dev/zero) must not fill memory.
  std::string text;
  std::array<char, 65536> chunk{};
  while (in && text.size() <= kMaxScenarioBytes) {
    in.read(chunk.data(), chunk.size());
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError(path + ": cannot read the scenario file");
  if (text.size() > kMaxScenarioBytes) {
    throw InputError(path + ": the scenario file is larger than " + std::to_string(kMaxScenarioBytes >> 20) +
                     " MiB (README \"Robustness\": limits)");
  }
  return naming_out_of_memory(path, "loading the scenario", [&] { return load_scenario_text(text, path, overrides); });
}

}  // namespace ccsim::scenario
