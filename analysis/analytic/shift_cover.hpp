// Covering a per-interval agent requirement with shifts at least cost: the set-covering
// integer program of Dantzig (1954), with each break placed anywhere in its window as in the
// break-placement variables of Bechtold & Jacobs (1990), solved by GLPK's branch and cut.
// Sources: docs/optimize.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ccsim::analysis {

// A shift template in interval units: on duty in intervals [start, start + length), each
// break taking `length` intervals starting anywhere in [earliest, latest].
struct ShiftTemplate {
  std::string name;
  std::size_t start = 0;
  std::size_t length = 0;
  struct Break {
    std::size_t earliest = 0;
    std::size_t latest = 0;
    std::size_t length = 1;
    double for_s = 0.0;  // the break's real length, for the scenario written
  };
  std::vector<Break> breaks;
  double cost = 0.0;
};

// How many agents work each template, and where their breaks fall: `placements[t]` lists, for
// each group of agents of template t sharing their break starts, the count and the starts.
struct ShiftPlan {
  std::vector<std::uint32_t> agents;  // per template
  struct Placement {
    std::uint32_t agents = 0;
    std::vector<std::size_t> break_starts;  // one per break of the template
  };
  std::vector<std::vector<Placement>> placements;
  double cost = 0.0;
};

// Whether GLPK is built in (scripts/setup.sh installs libglpk-dev).
[[nodiscard]] bool shift_solver_available();

// The least-cost plan covering requirement[i] agents in every interval i (an agent on a break
// anywhere in an interval does not cover it); nullopt when no plan can (an interval no template
// covers). Throws std::runtime_error when GLPK is not built in or fails.
[[nodiscard]] std::optional<ShiftPlan> cover_with_shifts(const std::vector<std::uint32_t>& requirement,
                                                         const std::vector<ShiftTemplate>& templates);

}  // namespace ccsim::analysis
