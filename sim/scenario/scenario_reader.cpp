#include "sim/scenario/scenario_reader.hpp"

#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ccsim::scenario {

namespace {

// Per-interval tallies (intervals x call types) a replication may keep: each holds a wait
// histogram of about 6.4 kB, so this bounds that memory to about 640 MB.
constexpr std::size_t kMaxIntervalTallies = 100000;

// Distinct service-level thresholds (from the list, the target and expectations): each adds
// a counter to every tally.
constexpr std::size_t kMaxThresholds = 64;

}  // namespace

model::Scenario ScenarioReader::build(const json& root) {
  model::Scenario sc;
  sc.source = source();
  if (!object(root, "",
              {"name",          "description",   "horizon",    "warmup", "interval", "replications", "seed",
               "service_level", "sites",         "call_types", "queues", "exits",    "agent_groups", "expectations",
               "max_hops",      "initial_state", "start",      "date",   "busyness", "$schema"})) {
    throw InputError(errors());
  }
  read_clock(root, sc);
  const json* interval = read_settings(root, sc);
  read_service_level(root, sc);
  read_lists(root, sc);
  if (const json* init = find(root, "initial_state")) read_initial_state(*init, sc);
  read_busyness(root, sc);
  check_limits(root, interval, sc);
  if (!errors().empty()) throw InputError(errors());
  return sc;
}

// The scalars of the top level. Returns the "interval" value, if given.
const ScenarioReader::json* ScenarioReader::read_settings(const json& root, model::Scenario& sc) {
  if (const json* n = required(root, "", "name")) {
    if (auto s = string(*n, "/name"); s && checked_name(*s, "/name")) sc.name = *s;
  }
  if (const json* d = find(root, "description")) {
    if (auto s = string(*d, "/description")) sc.description = *s;
  }
  // The JSON Schema of the format (docs/scenario.schema.json), for editors: only its type is checked.
  if (const json* schema = find(root, "$schema")) (void)string(*schema, "/$schema");
  if (const json* h = required(root, "", "horizon")) {
    if (auto d = time_point(*h, "/horizon")) {
      if (*d > 0.0) sc.horizon_s = *d;
      else error("/horizon", show(*h) + " must be a positive duration");
    }
  }
  if (const json* w = find(root, "warmup")) {
    if (auto d = time_point(*w, "/warmup")) {
      sc.warmup_s = *d;
      if (sc.horizon_s > 0.0 && *d >= sc.horizon_s) {
        error("/warmup", show(*w) + " must be shorter than the horizon (" + format_duration(sc.horizon_s) + ")");
      }
    }
  }
  const json* interval = read_interval(root, sc);
  if (const json* r = find(root, "replications")) {
    if (auto x = integer(*r, "/replications", 1, 1000000, "replications"))
      sc.replications = static_cast<std::uint32_t>(*x);
  } else {
    sc.replications = 10;
  }
  if (const json* s = find(root, "seed")) {
    // Up to 2^64 - 1, as --seed: the seed a results document reports can be written back.
    if (s->is_number_unsigned()) sc.seed = s->get<std::uint64_t>();
    else if (s->is_number() && (s->get<double>() < 0.0 || s->get<double>() >= 18446744073709551616.0))
      error("/seed", show(*s) + " is out of range for seed (must be between 0 and 18446744073709551615)");
    else if (auto x = integer(*s, "/seed", 0, std::numeric_limits<std::int64_t>::max(), "seed"))
      sc.seed = static_cast<std::uint64_t>(*x);
  }
  if (const json* m = find(root, "max_hops")) {
    if (auto x = integer(*m, "/max_hops", 1, 1000, "max_hops")) sc.max_hops = static_cast<std::uint32_t>(*x);
  }
  return interval;
}

// The reporting interval (the horizon when not given) and from it the number of intervals
// that per-interval lists must have. Returns the "interval" value, if given.
const ScenarioReader::json* ScenarioReader::read_interval(const json& root, model::Scenario& sc) {
  sc.interval_s = sc.horizon_s;
  bool interval_ok = true;
  const json* interval = find(root, "interval");
  if (interval) {
    if (auto d = positive_duration(*interval, "/interval")) {
      sc.interval_s = *d;
      if (sc.horizon_s > 0.0) {
        const double n = sc.horizon_s / *d;
        if (std::abs(n - std::round(n)) > 1e-9 * n) {
          error("/interval", show(*interval) + " does not divide the horizon (" + format_duration(sc.horizon_s) +
                                 ") into whole intervals");
          interval_ok = false;
        } else if (n > 100000) {
          error("/interval", show(*interval) + " makes more than 100000 intervals");
          interval_ok = false;
        }
      }
    } else {
      interval_ok = false;
    }
  }
  if (sc.horizon_s > 0.0 && sc.interval_s > 0.0 && interval_ok) {
    intervals_ = sc.interval_count();
    intervals_why_ =
        interval ? "horizon " + format_duration(sc.horizon_s) + " / interval " + format_duration(sc.interval_s)
                 : "no \"interval\" is set, so the " + format_duration(sc.horizon_s) + " horizon is one interval";
  }
  return interval;
}

void ScenarioReader::read_service_level(const json& root, model::Scenario& sc) {
  sc.thresholds_s = {10.0, 20.0, 30.0, 60.0};
  const json* slv = find(root, "service_level");
  if (!slv) return;
  const std::string ptr = "/service_level";
  if (!object(*slv, ptr, {"thresholds", "target"})) return;
  if (const json* th = find(*slv, "thresholds")) {
    if (!th->is_array() || th->empty()) {
      error(ptr + "/thresholds", "expected a non-empty list of durations, got " + show(*th));
    } else {
      sc.thresholds_s.clear();
      for (std::size_t i = 0; i < th->size(); ++i) {
        const std::string p = ptr + "/thresholds/" + std::to_string(i);
        if (const auto d = duration((*th)[i], p)) {
          if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *d) != sc.thresholds_s.end()) {
            error(p, show((*th)[i]) + " is listed twice");
          }
          sc.thresholds_s.push_back(*d);
        }
      }
      std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
    }
  }
  if (const json* target = find(*slv, "target")) {
    const std::string p = ptr + "/target";
    if (object(*target, p, {"within", "at_least"})) {
      const json* within = required(*target, p, "within");
      const json* at_least = required(*target, p, "at_least");
      std::optional<double> w, a;
      if (within) w = duration(*within, p + "/within");
      if (at_least) a = number(*at_least, p + "/at_least", 0.0, 1.0, "a service-level share");
      if (w && a) {
        sc.target = model::ServiceLevelTarget{*w, *a};
        if (std::find(sc.thresholds_s.begin(), sc.thresholds_s.end(), *w) == sc.thresholds_s.end()) {
          sc.thresholds_s.push_back(*w);  // the target's threshold is always reported
          std::sort(sc.thresholds_s.begin(), sc.thresholds_s.end());
        }
      }
    }
  }
}

// The names of a list's entries by position ("" where an entry has none), reporting names
// given twice. Read before the lists themselves, so that any entry can name any other.
NameIndex ScenarioReader::names_of(const json& root, const char* list) {
  NameIndex names;
  const json* arr = find(root, list);
  if (!arr) return names;
  const std::string ptr = std::string("/") + list;
  if (!arr->is_array()) {
    error(ptr, "expected a list, got " + show(*arr));
    return names;
  }
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto& item = (*arr)[i];
    std::string n;
    if (item.is_object()) {
      if (const json* v = find(item, "name"); v && v->is_string()) n = v->get<std::string>();
    }
    if (const auto earlier = names.push_back(n); earlier && !n.empty()) {
      error(ptr + "/" + std::to_string(i) + "/name",
            quote(n) + " is already the name of " + ptr + "/" + std::to_string(*earlier));
    }
  }
  return names;
}

// Sites, exits, queues, call types, agent groups and expectations, in that order (each list
// may name entries of the lists before it, and names of all of them are known beforehand).
void ScenarioReader::read_lists(const json& root, model::Scenario& sc) {
  site_names_ = names_of(root, "sites");
  queue_names_ = names_of(root, "queues");
  call_type_names_ = names_of(root, "call_types");
  group_names_ = names_of(root, "agent_groups");  // named by initial_state
  exit_names_ = names_of(root, "exits");
  for (const auto& names : {&queue_names_, &exit_names_}) {
    for (const auto& n : names->names()) target_names_.push_back(n);
  }

  const auto each = [&](const char* list, auto&& read) {
    const json* arr = find(root, list);
    if (!arr || !arr->is_array()) return;
    for (std::size_t i = 0; i < arr->size(); ++i) read((*arr)[i], std::string("/") + list + "/" + std::to_string(i));
  };
  sc_horizon_ = sc.horizon_s;
  for (std::size_t i = 0; i < exit_names_.size(); ++i) {
    if (!exit_names_[i].empty() && queue_names_.find(exit_names_[i])) {
      error("/exits/" + std::to_string(i) + "/name",
            quote(exit_names_[i]) + " is already the name of a queue; rules name queues and exits alike");
    }
  }
  each("sites", [&](const json& v, const std::string& ptr) { read_site(v, ptr, sc); });
  each("exits", [&](const json& v, const std::string& ptr) { read_exit(v, ptr, sc); });
  each("queues", [&](const json& v, const std::string& ptr) { read_queue(v, ptr, sc); });
  each("call_types", [&](const json& v, const std::string& ptr) { read_call_type(v, ptr, sc); });
  each("agent_groups", [&](const json& v, const std::string& ptr) { read_group(v, ptr, sc); });
  each("expectations", [&](const json& v, const std::string& ptr) { read_expectation(v, ptr, sc); });
}

// Bounds on what a replication keeps per interval and per threshold (memory, not taste), and
// the lists a scenario cannot do without.
void ScenarioReader::check_limits(const json& root, const json* interval, const model::Scenario& sc) {
  if (intervals_why_ && intervals_ * call_type_names_.size() > kMaxIntervalTallies) {
    error(interval ? "/interval" : "/horizon", std::to_string(intervals_) + " intervals x " +
                                                   std::to_string(call_type_names_.size()) +
                                                   " call types make more than " + std::to_string(kMaxIntervalTallies) +
                                                   " per-interval tallies; use a longer interval");
  }
  if (sc.thresholds_s.size() > kMaxThresholds) {
    error("/service_level/thresholds", std::to_string(sc.thresholds_s.size()) +
                                           " distinct service-level thresholds (with the target's and the "
                                           "expectations'), more than " +
                                           std::to_string(kMaxThresholds));
  }

  if (!find(root, "queues") || queue_names_.empty()) error("/queues", "a scenario needs at least one queue");
  if (!find(root, "call_types") || call_type_names_.empty())
    error("/call_types", "a scenario needs at least one call type");
  if (!find(root, "agent_groups")) error("/agent_groups", "a scenario needs a list of agent groups");
  // The other lists are checked by names_of; expectations have no names.
  if (const json* arr = find(root, "expectations"); arr && !arr->is_array()) {
    error("/expectations", "expected a list, got " + show(*arr));
  }
}

}  // namespace ccsim::scenario
