// How far a batch of simulations has got, for whoever shows it (the CLI draws a progress line
// on stderr). The planning layer reports; it never prints.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ccsim::plan {

class Progress {
public:
  Progress() = default;
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  Progress(Progress&&) = delete;
  Progress& operator=(Progress&&) = delete;
  virtual ~Progress() = default;

  // The batch moves on to item `index` (0-based: a point of a sweep, a scenario of a check).
  virtual void start_item(std::size_t /*index*/) {}
  // `done` of the `planned` replications of the current item have been summed.
  virtual void replication_done(std::uint32_t /*done*/, std::uint32_t /*planned*/) {}
};

}  // namespace ccsim::plan
