#include "plan/optimize_routing.hpp"

#include "analysis/estimators/ranking.hpp"
#include "ccsim/version.hpp"
#include "plan/replication_batches.hpp"
#include "sim/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace ccsim::plan {

namespace {

bool in_seconds(const std::string& metric) {
  return metric == "asa" || metric == "mean_wait" || metric.rfind("wait_percentiles/", 0) == 0 ||
         metric == "callback_wait";
}

// Values 0..n-1 of a figure of one point; throws when a replication leaves it undefined.
std::vector<double> values_of(const analysis::Summary& s, const analysis::FigureKey& key, const std::string& what,
                              std::size_t n, const std::string& point) {
  const auto& v = s.values(key);
  std::vector<double> out(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
  for (std::size_t r = 0; r < n; ++r) {
    if (!std::isfinite(out[r])) {
      throw InputError(what + ": undefined in replication " + std::to_string(r) + " of point " + point +
                       " (nothing to divide by); choose a figure every replication defines");
    }
  }
  return out;
}

void require_figure(const analysis::Summary& s, const analysis::FigureKey& key, const std::string& what) {
  if (s.has(key)) return;
  std::string msg = what +
                    ": no such figure in the results; e.g. service_level/20, abandon_rate, asa, "
                    "call_types/NAME/abandon_rate, queues/NAME/mean_queue_length, agent_groups/NAME/occupancy";
  throw InputError(msg);
}

bool all_feasible(const std::vector<analysis::Feasibility>& checks) {
  return std::all_of(checks.begin(), checks.end(),
                     [](analysis::Feasibility f) { return f == analysis::Feasibility::Feasible; });
}

// The figures of every point and the choice, once the procedure has stopped.
void conclude(RoutingChoice& out, const analysis::KnProcedure& kn,
              const std::vector<std::unique_ptr<analysis::Summary>>& sums,
              const std::vector<std::vector<analysis::Feasibility>>& status, std::uint32_t first_stage,
              std::uint32_t scenario_replications) {
  const std::size_t k = sums.size();
  const auto feasible = [&](std::size_t i) { return all_feasible(status[i]); };
  for (std::size_t i = 0; i < k; ++i) {
    auto& p = out.points[i];
    p.replications = static_cast<std::uint32_t>(sums[i]->replications());
    p.objective = sums[i]->estimate(out.objective);
    p.out_at = kn.alive(i) ? std::nullopt : kn.out_at(i);
    p.out_by = kn.out_by(i);
    for (const auto& c : out.constraints) p.constraints.push_back(sums[i]->estimate(c.key));
    const bool no = std::any_of(status[i].begin(), status[i].end(),
                                [](analysis::Feasibility f) { return f == analysis::Feasibility::Infeasible; });
    p.feasible = no ? "no" : feasible(i) ? "yes" : "undecided";
    out.spent += p.replications;
  }
  out.decided = kn.done();
  if (kn.alive_count() >= 1) {
    const std::size_t best = kn.best();
    if (feasible(best)) out.selected = best;
  }
  out.last_stage = std::max<std::size_t>(first_stage, kn.last_stage());
  out.grid_same_guarantee = static_cast<std::uint64_t>(k) * out.last_stage;
  out.scenario_replications = scenario_replications;
  out.grid_scenario = static_cast<std::uint64_t>(k) * out.scenario_replications;
}

}  // namespace

analysis::FigureKey parse_metric_path(const std::string& path) {
  for (const char* section : {"call_types/", "queues/", "agent_groups/"}) {
    const std::string s(section);
    if (path.rfind(s, 0) != 0) continue;
    const auto slash = path.find('/', s.size());
    if (slash == std::string::npos) throw InputError(path + ": expected " + s + "NAME/METRIC");
    return {s.substr(0, s.size() - 1), path.substr(s.size(), slash - s.size()), -1, path.substr(slash + 1)};
  }
  const std::string m = path.rfind("totals/", 0) == 0 ? path.substr(7) : path;
  return {"totals", "", -1, m};
}

RoutingConstraint parse_subject_to(const std::string& text) {
  RoutingConstraint c;
  c.text = text;
  std::size_t at = text.find("<=");
  c.at_most = at != std::string::npos;
  if (!c.at_most) at = text.find(">=");
  if (at == std::string::npos) throw InputError("--subject-to " + text + ": expected METRIC<=X or METRIC>=X");
  c.key = parse_metric_path(text.substr(0, at));
  try {
    std::size_t used = 0;
    const std::string number = text.substr(at + 2);
    c.bound = std::stod(number, &used);
    if (used != number.size()) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    throw InputError("--subject-to " + text + ": the bound after " + (c.at_most ? "<=" : ">=") + " is not a number");
  }
  return c;
}

RoutingChoice optimize_routing(const RoutingRequest& rq, Progress& progress) {
  RoutingChoice out;
  out.grid = parse_grid(rq.vary);
  RunSettings settings;
  settings.seed = rq.seed;
  const auto scenarios = load_points(rq.path, parse_overrides(rq.sets), out.grid, settings);
  const std::size_t k = scenarios.size();
  if (k < 2) throw InputError("--vary: optimize routing needs at least 2 points to choose from");
  if (!(rq.confidence > 0.5 && rq.confidence < 1.0)) throw InputError("--confidence: must be in (0.5, 1)");
  if (rq.first_stage < 2) throw InputError("--first-stage: at least 2 replications");
  if (rq.max_replications < rq.first_stage) throw InputError("--max-replications: below --first-stage");
  out.objective = parse_metric_path(rq.metric);
  out.metric = rq.metric;
  out.maximize = rq.maximize;
  out.confidence = rq.confidence;
  out.first_stage = rq.first_stage;
  out.seed = scenarios.front().seed;
  out.margin = rq.margin ? *rq.margin : in_seconds(out.objective.metric) ? 1.0 : 0.01;
  if (!(out.margin > 0.0)) throw InputError("--margin: must be > 0");
  for (const auto& t : rq.subject_to) out.constraints.push_back(parse_subject_to(t));

  // The error 1 - confidence is split: half to KN, half over the feasibility checks.
  const std::size_t m = out.constraints.size();
  const double alpha = 1.0 - rq.confidence;
  const double kn_confidence = m == 0 ? rq.confidence : 1.0 - alpha / 2.0;
  const double check_confidence = 1.0 - alpha / (2.0 * static_cast<double>(k * std::max<std::size_t>(m, 1)));
  analysis::KnProcedure kn(k, rq.first_stage, kn_confidence, out.margin);
  out.h2 = kn.h2();

  std::vector<std::unique_ptr<analysis::Summary>> sums;
  for (const auto& sc : scenarios) sums.push_back(std::make_unique<analysis::Summary>(sc));
  std::vector<std::vector<analysis::Feasibility>> status(
      k, std::vector<analysis::Feasibility>(m, analysis::Feasibility::Undecided));
  out.points.resize(k);
  const auto feasible = [&](std::size_t i) { return all_feasible(status[i]); };

  const auto label = [&](std::size_t i) {
    return std::to_string(i + 1) + " (" + point_label(out.grid.varies, out.grid.points[i]) + ")";
  };
  std::size_t r = 0;
  bool checked = false;
  for (;;) {
    std::vector<std::size_t> run;
    const bool kn_done = kn.done();
    for (std::size_t i = 0; i < k; ++i) {
      if (kn.alive(i) && (!kn_done || !feasible(i))) run.push_back(i);
    }
    if (run.empty() || r >= rq.max_replications) break;
    const std::uint32_t b =
        r < rq.first_stage ? rq.first_stage : std::max<std::uint32_t>(1, 8 / static_cast<std::uint32_t>(run.size()));
    const std::uint32_t count = std::min<std::uint32_t>(b, rq.max_replications - static_cast<std::uint32_t>(r));
    std::vector<Batch> batches;
    for (const std::size_t i : run) batches.push_back({sums[i].get(), static_cast<std::uint32_t>(r), count});
    progress.start_item(r);
    run_batches(batches, rq.threads,
                [&](std::size_t j, analysis::ReplicationFigures&& f) { sums[run[j]]->add_figures(f); });
    if (!checked) {
      require_figure(*sums[run.front()], out.objective, rq.metric);
      for (const auto& c : out.constraints) require_figure(*sums[run.front()], c.key, "--subject-to " + c.text);
      checked = true;
    }
    for (std::size_t s = r; s < r + count; ++s) {
      // Constraints first: a point known infeasible leaves before it can screen others.
      for (const std::size_t i : run) {
        if (!kn.alive(i)) continue;
        for (std::size_t c = 0; c < m; ++c) {
          if (status[i][c] != analysis::Feasibility::Undecided) continue;
          const auto& con = out.constraints[c];
          status[i][c] = analysis::feasibility(values_of(*sums[i], con.key, con.text, s + 1, label(i)), con.bound,
                                               con.at_most, check_confidence);
          if (status[i][c] == analysis::Feasibility::Infeasible) kn.drop(i, s + 1);
        }
      }
      if (kn_done) continue;  // only confirming the winner's feasibility
      std::vector<double> obs(k, 0.0);
      for (const std::size_t i : run) {
        if (!kn.alive(i)) continue;
        const double v = values_of(*sums[i], out.objective, rq.metric, s + 1, label(i))[s];
        obs[i] = rq.maximize ? v : -v;
      }
      kn.add(obs);
      if (kn.done()) break;
    }
    r += count;
  }

  conclude(out, kn, sums, status, rq.first_stage, scenarios.front().replications);
  return out;
}

analysis::Json routing_json(const RoutingChoice& c) {
  analysis::Json doc;
  doc["ccsim_version"] = kVersion;
  doc["procedure"] = "KN (Kim & Nelson 2001), common random numbers";
  analysis::Json vary = analysis::Json::array();
  for (const auto& v : c.grid.varies) vary.push_back({{"pointer", v.pointer}, {"values", v.values}});
  doc["vary"] = std::move(vary);
  doc["objective"] = {{"metric", c.metric}, {"direction", c.maximize ? "maximize" : "minimize"}};
  analysis::Json subject = analysis::Json::array();
  for (const auto& con : c.constraints) subject.push_back(con.text);
  doc["subject_to"] = std::move(subject);
  doc["confidence"] = c.confidence;
  doc["margin"] = c.margin;
  doc["first_stage"] = c.first_stage;
  doc["h2"] = c.h2;
  doc["seed"] = c.seed;
  doc["decided"] = c.decided;
  doc["probability_of_correct_selection"] = {
      {"at_least", c.confidence},
      {"holds_when", fmt::format("the best point's {} is better than every other point's by at least the margin {:g}"
                                 "{}",
                                 c.metric, c.margin, c.constraints.empty() ? "" : ", among the feasible points")}};
  analysis::Json points = analysis::Json::array();
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    const auto& p = c.points[i];
    analysis::Json values = analysis::Json::array();
    for (std::size_t v = 0; v < c.grid.varies.size(); ++v)
      values.push_back(c.grid.varies[v].values[c.grid.points[i][v]]);
    analysis::Json row;
    row["values"] = std::move(values);
    row["replications"] = p.replications;
    row["objective"] = analysis::estimate_json(p.objective);
    row["screened_out_at"] = p.out_at ? analysis::Json(*p.out_at) : analysis::Json(nullptr);
    row["screened_out_by"] = p.out_by ? analysis::Json(*p.out_by) : analysis::Json(nullptr);
    row["feasible"] = p.feasible;
    analysis::Json cons = analysis::Json::array();
    for (const auto& e : p.constraints) cons.push_back(analysis::estimate_json(e));
    row["constraints"] = std::move(cons);
    points.push_back(std::move(row));
  }
  doc["points"] = std::move(points);
  doc["selected"] = c.selected ? analysis::Json(*c.selected) : analysis::Json(nullptr);
  doc["replications"] = {{"spent", c.spent},
                         {"grid_same_guarantee", c.grid_same_guarantee},
                         {"per_point_same_guarantee", c.last_stage},
                         {"grid_scenario_replications", c.grid_scenario},
                         {"scenario_replications", c.scenario_replications}};
  return doc;
}

}  // namespace ccsim::plan
