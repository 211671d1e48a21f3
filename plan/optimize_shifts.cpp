#include "plan/optimize_shifts.hpp"

#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace ccsim::plan {

namespace {

using analysis::Json;

class TemplateReader {
public:
  TemplateReader(std::string path, const model::Scenario& sc) : path_(std::move(path)), sc_(sc) {}

  void fail(const std::string& ptr, const std::string& msg) { problems_.push_back(path_ + ": " + ptr + ": " + msg); }
  void throw_if_failed() const {
    if (!problems_.empty()) throw InputError(problems_);
  }

  // A time of day as an interval index: clock time (with the scenario's start) or duration.
  std::optional<double> time(const Json& v, const std::string& ptr) {
    if (v.is_number()) return v.get<double>();
    if (!v.is_string()) {
      fail(ptr, "expected a clock time or a duration, got " + v.dump());
      return std::nullopt;
    }
    const auto text = v.get<std::string>();
    if (text.find(':') != std::string::npos) {
      const auto c = scenario::parse_clock(text);
      if (!c || !sc_.start_clock_s) {
        fail(ptr, c ? "a clock time needs the scenario's \"start\"" : "not a clock time: " + text);
        return std::nullopt;
      }
      return *c - *sc_.start_clock_s;
    }
    const auto d = scenario::parse_duration(text);
    if (!d) fail(ptr, "not a duration: " + text);
    return d;
  }

  // t / interval as a whole number of intervals within the day, or a complaint.
  std::optional<std::size_t> slot(const Json& v, const std::string& ptr, bool may_end) {
    const auto t = time(v, ptr);
    if (!t) return std::nullopt;
    const double x = *t / sc_.interval_s;
    const auto n = static_cast<double>(sc_.interval_count());
    if (std::abs(x - std::round(x)) > 1e-9 || x < 0 || x > n || (!may_end && x >= n)) {
      fail(ptr, "must fall on an interval boundary (every " + scenario::format_duration(sc_.interval_s) +
                    ") within the day");
      return std::nullopt;
    }
    return static_cast<std::size_t>(std::llround(x));
  }

  const std::string& path() const { return path_; }

private:
  std::string path_;
  const model::Scenario& sc_;
  std::vector<std::string> problems_;
};

std::optional<analysis::ShiftTemplate> read_template(TemplateReader& r, const Json& v, const std::string& ptr,
                                                     const model::Scenario& sc) {
  if (!v.is_object()) {
    r.fail(ptr, "expected a shift template object");
    return std::nullopt;
  }
  for (const auto& [key, _] : v.items()) {
    static const std::vector<std::string> known{"name", "start", "length", "cost", "breaks", "groups", "description"};
    if (std::find(known.begin(), known.end(), key) == known.end()) r.fail(ptr + "/" + key, "unknown key");
  }
  analysis::ShiftTemplate t;
  t.name = v.value("name", ptr);
  const auto start = v.contains("start") ? r.slot(v["start"], ptr + "/start", false) : std::nullopt;
  if (!v.contains("start")) r.fail(ptr, "missing \"start\"");
  std::optional<double> length;
  if (v.contains("length")) length = r.time(v["length"], ptr + "/length");
  else r.fail(ptr, "missing \"length\"");
  if (!start || !length) return std::nullopt;
  const double slots = *length / sc.interval_s;
  if (slots < 1 || std::abs(slots - std::round(slots)) > 1e-9) {
    r.fail(ptr + "/length", "must be a whole number of intervals (" + scenario::format_duration(sc.interval_s) + ")");
    return std::nullopt;
  }
  t.start = *start;
  t.length = std::min(static_cast<std::size_t>(std::llround(slots)), sc.interval_count() - t.start);
  if (v.contains("cost")) {
    if (!v["cost"].is_number() || v["cost"].get<double>() < 0) r.fail(ptr + "/cost", "expected a number >= 0");
    else t.cost = v["cost"].get<double>();
  } else {
    t.cost = -1.0;  // per group: hours x cost per agent-hour
  }
  const Json breaks = v.value("breaks", Json::array());
  for (std::size_t b = 0; b < breaks.size(); ++b) {
    const std::string bp = ptr + "/breaks/" + std::to_string(b);
    const auto& br = breaks[b];
    const auto from = br.contains("from") ? r.slot(br["from"], bp + "/from", false) : std::nullopt;
    const auto to = br.contains("to") ? r.slot(br["to"], bp + "/to", false) : from;
    double for_s = 0.0;
    if (br.contains("for")) for_s = r.time(br["for"], bp + "/for").value_or(0.0);
    if (!from || !to || for_s <= 0) {
      r.fail(bp, "a break needs \"from\" (and \"to\"), the window of its start, and \"for\" > 0");
      continue;
    }
    const auto len = static_cast<std::size_t>(std::ceil(for_s / sc.interval_s - 1e-9));
    if (*from > *to || *from < t.start || *to + len > t.start + t.length) {
      r.fail(bp, "the break window must lie inside the shift, \"from\" not after \"to\"");
      continue;
    }
    t.breaks.push_back({*from, *to, len, for_s});
  }
  return t;
}

}  // namespace

std::vector<std::vector<analysis::ShiftTemplate>> read_shift_templates(const std::string& path,
                                                                       const StaffingOptimum& o) {
  std::ifstream in(path);
  if (!in) throw InputError("--shifts " + path + ": cannot read the file");
  Json doc;
  try {
    doc = Json::parse(in);
  } catch (const std::exception& e) {
    throw InputError(path + ": not JSON: " + e.what());
  }
  const auto& sc = o.scenario;
  TemplateReader r(path, sc);
  if (doc.is_object()) {
    for (const auto& [key, _] : doc.items()) {
      if (key != "templates" && key != "description") r.fail("/" + key, "unknown key (expected \"templates\")");
    }
  }
  if (!doc.is_object() || !doc.contains("templates") || !doc["templates"].is_array() || doc["templates"].empty()) {
    r.fail("/templates", "expected a non-empty list of shift templates");
    r.throw_if_failed();
  }
  std::vector<std::vector<analysis::ShiftTemplate>> out(o.groups.size());
  const auto& list = doc["templates"];
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string ptr = "/templates/" + std::to_string(k);
    auto t = read_template(r, list[k], ptr, sc);
    if (!t) continue;
    std::vector<std::string> groups;
    if (list[k].contains("groups")) groups = list[k]["groups"].get<std::vector<std::string>>();
    for (std::size_t g = 0; g < o.groups.size(); ++g) {
      const auto& group = sc.agent_groups[o.groups[g]];
      if (!groups.empty() && std::find(groups.begin(), groups.end(), group.name) == groups.end()) continue;
      auto copy = *t;
      if (copy.cost < 0) copy.cost = o.costs[g] * static_cast<double>(copy.length) * sc.interval_s / 3600.0;
      out[g].push_back(std::move(copy));
    }
  }
  // Every interval where a group needs agents must be covered by one of its templates.
  for (std::size_t g = 0; g < o.groups.size(); ++g) {
    for (std::size_t i = 0; i < sc.interval_count(); ++i) {
      if (o.agents[g][i] == 0) continue;
      const bool covered = std::any_of(out[g].begin(), out[g].end(), [&](const analysis::ShiftTemplate& t) {
        return i >= t.start && i < t.start + t.length;
      });
      if (!covered) {
        r.fail("/templates", "no template of group " + sc.agent_groups[o.groups[g]].name +
                                 " covers the interval from " +
                                 scenario::format_duration(static_cast<double>(i) * sc.interval_s) + ", which needs " +
                                 std::to_string(o.agents[g][i]) + " agents");
      }
    }
  }
  r.throw_if_failed();
  return out;
}

namespace {

std::vector<model::Shift> model_shifts(const model::Scenario& sc, const std::vector<analysis::ShiftTemplate>& ts,
                                       const analysis::ShiftPlan& plan) {
  std::vector<model::Shift> out;
  for (std::size_t t = 0; t < ts.size(); ++t) {
    for (const auto& p : plan.placements[t]) {
      model::Shift s;
      s.from_s = static_cast<double>(ts[t].start) * sc.interval_s;
      s.to_s = static_cast<double>(ts[t].start + ts[t].length) * sc.interval_s;
      s.agents = p.agents;
      for (std::size_t b = 0; b < p.break_starts.size(); ++b) {
        s.breaks.push_back({static_cast<double>(p.break_starts[b]) * sc.interval_s, ts[t].breaks[b].for_s});
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace

ShiftOutcome plan_shifts(const StaffingOptimum& o, const std::vector<std::vector<analysis::ShiftTemplate>>& templates,
                         const OptimizeStaffingRequest& request, Progress& progress) {
  ShiftOutcome out;
  out.requirement = o.agents;
  const std::size_t n = o.scenario.interval_count();
  for (unsigned round = 0; round < 10; ++round) {
    out.rounds = round + 1;
    out.plans.clear();
    out.scenario = o.scenario;
    out.cost = 0.0;
    for (std::size_t g = 0; g < o.groups.size(); ++g) {
      auto plan = analysis::cover_with_shifts(out.requirement[g], templates[g]);
      if (!plan)
        throw InputError("--shifts: the templates cannot cover group " + o.scenario.agent_groups[o.groups[g]].name +
                         "'s requirement");
      auto& group = out.scenario.agent_groups[o.groups[g]];
      group.shifts = model_shifts(o.scenario, templates[g], *plan);
      group.agents.clear();
      out.cost += plan->cost;
      out.plans.push_back(std::move(*plan));
    }
    progress.start_item(round);
    const auto sim = simulate(out.scenario, request.threads, std::nullopt, progress);
    out.checks = analysis::check_constraints(sim->summary(), o.constraints);
    out.feasible = std::all_of(out.checks.begin(), out.checks.end(), [](const auto& c) { return c.met; });
    if (out.feasible) break;
    // Raise the requirement by one where a constraint fails, for the cheapest group serving there.
    std::vector<bool> failing(n, false);
    for (std::size_t c = 0; c < o.constraints.size(); ++c) {
      const int i = o.constraints[c].interval;
      if (!out.checks[c].met) {
        if (i >= 0) failing[static_cast<std::size_t>(i)] = true;
        else std::fill(failing.begin(), failing.end(), true);
      }
    }
    std::size_t cheapest = 0;
    for (std::size_t g = 1; g < o.groups.size(); ++g) {
      if (o.costs[g] < o.costs[cheapest]) cheapest = g;
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (failing[i]) ++out.requirement[cheapest][i];
    }
  }
  model::Scenario fresh = out.scenario;
  fresh.seed = request.verify_seed ? *request.verify_seed : o.scenario.seed + 1;
  if (request.verify_replications) fresh.replications = *request.verify_replications;
  out.verification = simulate(std::move(fresh), request.threads, std::nullopt, progress);
  out.verified = analysis::check_constraints(out.verification->summary(), o.constraints);
  return out;
}

Json shifts_json(const model::Scenario& sc, const std::vector<analysis::ShiftTemplate>& ts,
                 const analysis::ShiftPlan& plan) {
  Json shifts = Json::array();
  for (const auto& s : model_shifts(sc, ts, plan)) {
    Json row{
        {"from", scenario::format_duration(s.from_s)}, {"to", scenario::format_duration(s.to_s)}, {"agents", s.agents}};
    if (!s.breaks.empty()) {
      row["breaks"] = Json::array();
      for (const auto& b : s.breaks) {
        row["breaks"].push_back(
            {{"from", scenario::format_duration(b.from_s)}, {"for", scenario::format_duration(b.for_s)}});
      }
    }
    shifts.push_back(std::move(row));
  }
  return {{"shifts", std::move(shifts)}};
}

Json scenario_with_staffing(const std::string& path, const StaffingOptimum& o, const std::vector<Json>& agents_json) {
  std::ifstream in(path);
  Json doc = Json::parse(in);
  for (std::size_t g = 0; g < o.groups.size(); ++g) doc["agent_groups"][o.groups[g]]["agents"] = agents_json[g];
  return doc;
}

}  // namespace ccsim::plan
