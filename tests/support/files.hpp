// Reading test data: a file's bytes, and the JSON files of a folder of cases.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccsim::testing {

// The whole file, byte for byte; throws when it cannot be opened.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The names of the *.json files of `dir` but its expected.json (the table of what each
// should give), sorted.
inline std::vector<std::string> case_files(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name != "expected.json") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ccsim::testing
