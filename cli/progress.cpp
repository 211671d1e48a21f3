#include "cli/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace ccsim::cli {

Progress::Progress(std::string what, std::uint64_t total, bool enabled)
    : what_(std::move(what)), total_(total), enabled_(enabled && isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::step() {
  ++done_;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || std::chrono::duration<double>(now - last_).count() < 0.2) return;
  last_ = now;
  const double left = elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  std::fprintf(stderr, "\r%llu/%llu %s done, about %.0f s left   ", static_cast<unsigned long long>(done_),
               static_cast<unsigned long long>(total_), what_.c_str(), left);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish() {
  if (shown_) std::fprintf(stderr, "\r%*s\r", 60, "");
}

}  // namespace ccsim::cli
