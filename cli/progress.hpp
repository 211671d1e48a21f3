// Progress on stderr, shown only when stderr is a terminal and the work lasts over a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ccsim::cli {

class Progress {
public:
  Progress(std::string what, std::uint64_t total, bool enabled);
  void step();
  void finish();

private:
  std::string what_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace ccsim::cli
