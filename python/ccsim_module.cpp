// ccsim._ccsim: the Python module's native part (pybind11). Each function takes what the
// command line takes and returns the JSON text the matching command writes, built by the same
// planning layer (plan/) as the CLI; python/ccsim/__init__.py wraps them. Bad input raises
// _ccsim.InputError with the CLI's messages (FILE: /json/pointer: message), one per line. The
// GIL is released while scenarios load and simulate, so other Python threads keep running.
#include "analysis/analytic/erlang.hpp"
#include "ccsim/version.hpp"
#include "plan/comparison.hpp"
#include "plan/simulation.hpp"
#include "plan/sweep_grid.hpp"
#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

using ccsim::InputError;
namespace plan = ccsim::plan;

// A scenario file, or (with `text`) JSON given as a dict, named `name` in messages.
plan::ScenarioSource source_of(const std::string& name, const std::optional<std::string>& text) {
  return text ? plan::ScenarioSource(name, *text) : plan::ScenarioSource(name);
}

std::optional<plan::PrecisionRequest> precision_of(std::optional<double> half_width,
                                                   std::optional<std::uint32_t> max_replications) {
  if (!half_width) return std::nullopt;
  plan::PrecisionRequest r;
  r.half_width = *half_width;
  if (max_replications) r.max_replications = *max_replications;
  return r;
}

// What `ccsim run --json -` writes (the JSON and its newline).
std::string run(const std::string& name, const std::optional<std::string>& text,
                std::optional<std::uint32_t> replications, std::optional<std::uint64_t> seed, unsigned threads,
                const std::vector<std::string>& sets, std::optional<double> precision,
                std::optional<std::uint32_t> max_replications) {
  const py::gil_scoped_release unlocked;
  plan::Progress quiet;
  auto sc = plan::load_scenario(source_of(name, text), plan::parse_overrides(sets), {replications, seed});
  const auto sim = plan::simulate(std::move(sc), threads, precision_of(precision, max_replications), quiet);
  return sim->results_json().dump(2) + "\n";
}

// What `ccsim sweep --json -` writes.
std::string sweep(const std::string& name, const std::optional<std::string>& text, const std::vector<std::string>& vary,
                  std::optional<std::uint32_t> replications, std::optional<std::uint64_t> seed, unsigned threads,
                  const std::vector<std::string>& sets, std::optional<double> precision,
                  std::optional<std::uint32_t> max_replications) {
  const py::gil_scoped_release unlocked;
  plan::Progress quiet;
  const plan::SweepGrid grid = plan::parse_grid(vary);
  auto scenarios = plan::load_points(source_of(name, text), plan::parse_overrides(sets), grid, {replications, seed});
  const auto request = precision_of(precision, max_replications);
  if (request) {
    for (const auto& sc : scenarios) (void)plan::precision_target(sc);
  }
  const auto sims = plan::simulate_all(std::move(scenarios), threads, request, quiet);
  return plan::sweep_json(grid, sims).dump(2) + "\n";
}

// What `ccsim compare --json -` writes.
std::string compare(const std::string& a_name, const std::optional<std::string>& a_text, const std::string& b_name,
                    const std::optional<std::string>& b_text, std::optional<std::uint32_t> replications,
                    std::optional<std::uint64_t> seed, unsigned threads,
                    const std::vector<std::string>& fail_if_worse) {
  const py::gil_scoped_release unlocked;
  plan::Progress quiet;
  auto planned =
      plan::plan_comparison(source_of(a_name, a_text), source_of(b_name, b_text), {replications, seed}, fail_if_worse);
  return plan::run_comparison(std::move(planned), threads, quiet).json().dump(2) + "\n";
}

double duration_of(const char* what, const std::string& text) {
  const auto seconds = ccsim::scenario::parse_duration(text);
  if (!seconds || *seconds <= 0.0)
    throw InputError(std::string(what) + " \"" + text + "\": expected a duration such as 240, 240s, 4m or 1.5h");
  return *seconds;
}

// The figures `ccsim erlang c|a --json -` gives (Erlang C with `patience` none, else A).
std::string erlang(double calls_per_hour, const std::string& handle_time, int agents,
                   const std::optional<std::string>& patience, const std::optional<int>& capacity,
                   const std::vector<int>& within) {
  ccsim::analysis::QueueModel model;
  model.traffic = {calls_per_hour, duration_of("handle_time", handle_time)};
  model.agents = agents;
  model.capacity = capacity;
  if (patience) model.patience_s = duration_of("patience", *patience);
  if (calls_per_hour < 0.0) throw InputError("calls_per_hour must be >= 0");
  if (agents < 1) throw InputError("agents must be at least 1");
  const auto solution = ccsim::analysis::QueueSolution::solve(model);
  if (!solution)
    throw InputError("erlang c: " + std::to_string(model.traffic.offered_erlangs()) + " erlangs offered to " +
                     std::to_string(agents) + " agents has no steady state (the queue grows without bound)");
  const auto& f = solution->figures();
  nlohmann::json out = nlohmann::json::object();
  if (capacity) out["block_rate"] = f.block_rate;
  out["p_wait"] = f.p_wait;
  nlohmann::json levels = nlohmann::json::object();
  for (const int t : within) levels[std::to_string(t)] = solution->service_level(t);
  out["service_level"] = levels;
  out["asa"] = f.asa;
  out["mean_wait"] = f.mean_wait;
  if (patience) out["abandon_rate"] = f.abandon_rate;
  out["occupancy"] = f.occupancy;
  return out.dump(2) + "\n";
}

}  // namespace

PYBIND11_MODULE(_ccsim, m) {
  m.doc() = "ccsim's native part; use the ccsim package (python/ccsim/__init__.py)";
  m.attr("__version__") = ccsim::kVersion;
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);
  m.def("run", &run, py::arg("name"), py::arg("text"), py::arg("replications"), py::arg("seed"), py::arg("threads"),
        py::arg("sets"), py::arg("precision"), py::arg("max_replications"));
  m.def("sweep", &sweep, py::arg("name"), py::arg("text"), py::arg("vary"), py::arg("replications"), py::arg("seed"),
        py::arg("threads"), py::arg("sets"), py::arg("precision"), py::arg("max_replications"));
  m.def("compare", &compare, py::arg("a_name"), py::arg("a_text"), py::arg("b_name"), py::arg("b_text"),
        py::arg("replications"), py::arg("seed"), py::arg("threads"), py::arg("fail_if_worse"));
  m.def("erlang", &erlang, py::arg("calls_per_hour"), py::arg("handle_time"), py::arg("agents"), py::arg("patience"),
        py::arg("capacity"), py::arg("within"));
}
