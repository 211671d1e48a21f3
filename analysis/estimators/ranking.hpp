// Ranking and selection: the fully sequential indifference-zone procedure KN of Kim & Nelson
// (2001) for the best of k simulated systems, valid with common random numbers (it works on
// the variances of paired differences), and a sequential feasibility check of constraints
// (in the spirit of Andradottir & Kim 2010). Pure arithmetic on observations: the planning
// layer runs the replications (plan/optimize_routing.hpp). Sources: docs/optimize.md.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace ccsim::analysis {

// KN's constants for k systems, first stage n0 >= 2, error alpha (confidence 1 - alpha):
// eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2, h^2 = 2 eta (n0 - 1).
[[nodiscard]] double kn_eta(std::size_t k, std::size_t n0, double alpha);
[[nodiscard]] double kn_h2(std::size_t k, std::size_t n0, double alpha);

// The state of a KN run. Observations are "larger is better" (negate a figure to minimise).
class KnProcedure {
public:
  // k >= 2 systems, first stage n0 >= 2, confidence in (0, 1), indifference zone delta > 0.
  KnProcedure(std::size_t k, std::size_t n0, double confidence, double delta);

  // Appends replication r's observation of every system still in (in system order; systems
  // out are skipped by the caller and their entry ignored). Call once per replication,
  // r = 0, 1, ...; from r = n0 - 1 on, screens after each call.
  void add(const std::vector<double>& observation);

  // Removes system i for a reason of the caller's (infeasible): it neither wins nor screens.
  void drop(std::size_t i, std::size_t stage);

  [[nodiscard]] bool alive(std::size_t i) const { return alive_[i]; }
  [[nodiscard]] std::size_t alive_count() const;
  [[nodiscard]] std::size_t stages() const { return stages_; }  // replications added
  [[nodiscard]] bool done() const;                              // one left, or the last stage reached
  // The best of the systems still in (largest mean); the answer once done().
  [[nodiscard]] std::size_t best() const;
  // Most stages KN can need: max over pairs of floor(h^2 S^2_il / delta^2) + 1 (after n0).
  [[nodiscard]] std::size_t last_stage() const { return last_stage_; }
  [[nodiscard]] double mean(std::size_t i) const;
  // Stage at which system i was screened out and by which system (none while in).
  [[nodiscard]] std::optional<std::size_t> out_at(std::size_t i) const { return out_at_[i]; }
  [[nodiscard]] std::optional<std::size_t> out_by(std::size_t i) const { return out_by_[i]; }
  [[nodiscard]] double h2() const { return h2_; }

private:
  void first_stage_variances();
  void screen();

  std::size_t k_;
  std::size_t n0_;
  double delta_;
  double h2_;
  std::vector<std::vector<double>> obs_;  // [system][replication]
  std::vector<double> sum_;
  std::vector<std::vector<double>> s2_;  // S^2_il of the first stage
  std::vector<bool> alive_;
  std::vector<std::optional<std::size_t>> out_at_;
  std::vector<std::optional<std::size_t>> out_by_;
  std::size_t stages_ = 0;
  std::size_t last_stage_ = 0;
};

// Sequential feasibility of a constraint "mean <= bound" (or >=) from n observations:
// Feasible when the CI at `confidence` lies on the right side, Infeasible when it lies on the
// wrong side, else Undecided.
enum class Feasibility { Undecided, Feasible, Infeasible };
[[nodiscard]] Feasibility feasibility(const std::vector<double>& values, double bound, bool at_most, double confidence);

}  // namespace ccsim::analysis
