#include "analysis/results.hpp"

#include "sim/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace ccsim::analysis {

namespace {

Json number_or_null(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string percent(const Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt("%.1f%%", 100.0 * *e.mean);
  if (e.ci95) s += fmt(" ±%.1f", 100.0 * *e.ci95);
  return s;
}

std::string seconds(const Estimate& e) {
  if (!e.mean) return "-";
  std::string s = fmt("%.1fs", *e.mean);
  if (e.ci95) s += fmt(" ±%.1f", *e.ci95);
  return s;
}

std::string count(const Estimate& e) {
  if (!e.mean) return "-";
  const char* f = std::abs(*e.mean) < 10.0 ? "%.1f" : "%.0f";  // small counts keep a decimal
  std::string s = fmt(f, *e.mean);
  if (e.ci95) s += fmt(std::abs(*e.mean) < 10.0 ? " ±%.1f" : " ±%.0f", *e.ci95);
  return s;
}

void pad(std::ostream& out, const std::string& s, std::size_t width, bool left = false) {
  // Width in characters: count UTF-8 lead bytes only (± is two bytes).
  std::size_t len = 0;
  for (const unsigned char c : s) len += (c & 0xC0) != 0x80;
  if (left) out << s;
  for (std::size_t i = len; i < width; ++i) out << ' ';
  if (!left) out << s;
}

}  // namespace

void put_metric(Json& obj, const std::string& metric, Json value) {
  const auto slash = metric.find('/');
  if (slash == std::string::npos) {
    obj[metric] = std::move(value);
    return;
  }
  put_metric(obj[metric.substr(0, slash)], metric.substr(slash + 1), std::move(value));
}

Json estimate_json(const Estimate& e) {
  Json j;
  j["mean"] = number_or_null(e.mean);
  j["ci95"] = number_or_null(e.ci95);
  return j;
}

Json results_json(const Summary& summary, const std::vector<ExpectationResult>& expectations,
                  const std::string& version) {
  const auto& sc = summary.scenario();
  Json root;
  root["ccsim_version"] = version;
  root["scenario"] = sc.name;
  root["seed"] = sc.seed;
  root["replications"] = summary.replications();
  root["horizon_s"] = sc.horizon_s;
  root["warmup_s"] = sc.warmup_s;
  root["interval_s"] = sc.interval_s;
  root["service_level_thresholds_s"] = sc.thresholds_s;
  root["service_level_definition"] = "answered within threshold / offered";
  if (sc.target) root["service_level_target"] = {{"within_s", sc.target->within_s}, {"at_least", sc.target->at_least}};
  root["totals"] = Json::object();
  root["call_types"] = Json::object();
  root["queues"] = Json::object();
  root["agent_groups"] = Json::object();
  Json intervals = Json::array();
  for (std::size_t i = 0; i < sc.interval_count(); ++i) {
    Json iv;
    iv["start_s"] = static_cast<double>(i) * sc.interval_s;
    iv["totals"] = Json::object();
    iv["call_types"] = Json::object();
    intervals.push_back(std::move(iv));
  }
  Json outages = Json::array();
  for (const auto& site : sc.sites) {
    for (const auto& o : site.outages) {
      outages.push_back(
          {{"site", site.name},
           {"from_s", o.from_s},
           {"for_s", o.for_s},
           {"waiting_calls", o.waiting_calls == model::Outage::WaitingCalls::Reroute ? "reroute" : "drop"}});
    }
  }
  for (const auto& key : summary.keys()) {
    Json value = estimate_json(summary.estimate(key));
    Json* scope = nullptr;
    Json& base = key.interval < 0 ? root : intervals[static_cast<std::size_t>(key.interval)];
    if (key.section == "totals") scope = &base["totals"];
    else if (key.section == "outages") scope = &outages[std::stoul(key.name)];
    else scope = &base[key.section][key.name];
    put_metric(*scope, key.metric, std::move(value));
  }
  // Rule texts beside their counts, and the flow table (from -> to, calls) of every rule.
  Json flows = Json::array();
  for (const auto& q : sc.queues) {
    if (q.overflow.empty()) continue;
    auto& qj = root["queues"][q.name];
    for (std::size_t r = 0; r < q.overflow.size(); ++r) {
      auto& rj = qj["rules"][std::to_string(r)];
      rj["text"] = q.overflow[r].text;
      rj["to"] = destination_name(sc, q.overflow[r].to);
    }
    for (const auto& [dest, est] : qj["overflowed"].items()) {
      // Named apart: clang before 16 cannot capture a structured binding in a lambda.
      const std::string& dest_name = dest;
      const bool to_queue =
          std::any_of(sc.queues.begin(), sc.queues.end(), [&](const model::Queue& x) { return x.name == dest_name; });
      flows.push_back({{"from", q.name}, {"to", dest}, {"to_kind", to_queue ? "queue" : "exit"}, {"calls", est}});
    }
  }
  root["flows"] = std::move(flows);
  if (!outages.empty()) root["outages"] = std::move(outages);
  root["intervals"] = std::move(intervals);
  Json ex = Json::array();
  for (const auto& r : expectations) {
    Json j;
    j["text"] = r.text;
    j["value"] = number_or_null(r.value);
    j["ci95"] = number_or_null(r.ci95);
    j["met"] = r.met;
    ex.push_back(std::move(j));
  }
  root["expectations"] = std::move(ex);
  return root;
}

void write_table(std::ostream& out, const Summary& summary, const std::vector<ExpectationResult>& expectations) {
  const auto& sc = summary.scenario();
  out << sc.name << "\n";
  out << summary.replications() << " replications, seed " << sc.seed << ", horizon " << fmt("%g", sc.horizon_s / 3600.0)
      << " h, warm-up " << fmt("%g", sc.warmup_s / 60.0)
      << " min; mean ± 95% CI half-width; service level = answered within T / offered\n\n";

  const std::size_t name_w = 18;
  const std::size_t col_w = 14;
  pad(out, "", name_w, true);
  pad(out, "offered", col_w);
  for (const double t : sc.thresholds_s) pad(out, "SL " + Summary::threshold_key(t) + "s", col_w);
  pad(out, "abandoned", col_w);
  pad(out, "blocked", col_w);
  pad(out, "ASA", col_w);
  out << "\n";
  const auto row = [&](const std::string& label, const std::string& section, const std::string& name) {
    const auto est = [&](const std::string& metric) { return summary.estimate({section, name, -1, metric}); };
    pad(out, label, name_w, true);
    pad(out, count(est("offered")), col_w);
    for (const double t : sc.thresholds_s) {
      pad(out, percent(est("service_level/" + Summary::threshold_key(t))), col_w);
    }
    pad(out, percent(est("abandon_rate")), col_w);
    pad(out, percent(est("block_rate")), col_w);
    pad(out, seconds(est("asa")), col_w);
    out << "\n";
  };
  row("total", "totals", "");
  if (sc.call_types.size() > 1) {
    for (const auto& ct : sc.call_types) row("  " + ct.name, "call_types", ct.name);
  }
  out << "\n";
  pad(out, "queue", name_w, true);
  pad(out, "entered", col_w);
  pad(out, "mean length", col_w);
  pad(out, "max length", col_w);
  pad(out, "ASA here", col_w);
  out << "\n";
  for (const auto& q : sc.queues) {
    const auto est = [&](const std::string& metric) { return summary.estimate({"queues", q.name, -1, metric}); };
    pad(out, q.name, name_w, true);
    pad(out, count(est("entered")), col_w);
    const auto len = est("mean_queue_length");
    pad(out, len.mean ? fmt("%.2f", *len.mean) + (len.ci95 ? fmt(" ±%.2f", *len.ci95) : "") : "-", col_w);
    pad(out, count(est("max_queue_length")), col_w);
    pad(out, seconds(est("asa")), col_w);
    out << "\n";
  }
  out << "\n";
  pad(out, "agent group", name_w, true);
  pad(out, "agents", col_w);
  pad(out, "occupancy", col_w);
  pad(out, "answered", col_w);
  out << "\n";
  for (const auto& g : sc.agent_groups) {
    const auto est = [&](const std::string& metric) { return summary.estimate({"agent_groups", g.name, -1, metric}); };
    pad(out, g.name, name_w, true);
    const auto agents = est("mean_agents");
    pad(out, agents.mean ? fmt("%.1f", *agents.mean) : "-", col_w);
    pad(out, percent(est("occupancy")), col_w);
    pad(out, count(est("answered")), col_w);
    out << "\n";
  }
  bool any_rules = false;
  for (const auto& q : sc.queues) any_rules |= !q.overflow.empty();
  if (any_rules) {
    out << "\noverflow rules (calls sent per replication)\n";
    for (const auto& q : sc.queues) {
      for (std::size_t r = 0; r < q.overflow.size(); ++r) {
        const std::string base = "rules/" + std::to_string(r) + "/";
        out << "  " << q.name << " #" << r << "  " << q.overflow[r].text << ": "
            << count(summary.estimate({"queues", q.name, -1, base + "fired"}));
        if (summary.has({"queues", q.name, -1, base + "switched_on"})) {
          out << ", switched on " << count(summary.estimate({"queues", q.name, -1, base + "switched_on"})) << " times";
        }
        out << "\n";
      }
    }
    out << "\nflows\n";
    for (const auto& q : sc.queues) {
      std::vector<std::string> seen;
      for (const auto& rule : q.overflow) {
        const std::string dest = destination_name(sc, rule.to);
        if (std::find(seen.begin(), seen.end(), dest) != seen.end()) continue;
        seen.push_back(dest);
        out << "  " << q.name << " -> " << dest << ": "
            << count(summary.estimate({"queues", q.name, -1, "overflowed/" + dest})) << " calls\n";
      }
    }
  }
  std::size_t outage_index = 0;
  for (const auto& site : sc.sites) {
    for (const auto& o : site.outages) {
      const std::string name = std::to_string(outage_index++);
      const auto est = [&](const std::string& metric) { return summary.estimate({"outages", name, -1, metric}); };
      out << "\noutage of " << site.name << " from " << fmt("%g", o.from_s / 3600.0) << " h for "
          << fmt("%g", o.for_s / 60.0) << " min: waiting callers rerouted " << count(est("rerouted_waiting"))
          << ", dropped " << count(est("dropped_waiting")) << "; calls arriving meanwhile " << count(est("offered"));
      if (sc.target) {
        out << ", service level " << percent(est("service_level/" + Summary::threshold_key(sc.target->within_s)))
            << " within " << Summary::threshold_key(sc.target->within_s) << "s";
      }
      out << ", abandoned " << percent(est("abandon_rate")) << ", blocked " << percent(est("block_rate")) << "\n";
    }
  }
  if (!expectations.empty()) {
    out << "\nexpectations\n";
    for (const auto& r : expectations) {
      out << "  " << (r.met ? "met     " : "NOT MET ") << r.text << ": ";
      out << (r.value ? fmt("%.4g", *r.value) : std::string("undefined"));
      if (r.ci95) out << fmt(" ± %.2g", *r.ci95);
      out << "\n";
    }
  }
}

void write_csv(const std::string& dir, const Summary& summary) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("--csv " + dir + ": cannot create the directory (" + ec.message() + ")");

  // One file per kind of row; columns are the metrics of that kind in first-seen order.
  struct Table {
    std::vector<std::string> metrics;
    std::set<std::string> seen;
    std::vector<std::tuple<int, std::string, std::string>> rows;  // interval, section, name
    std::set<std::tuple<int, std::string, std::string>> row_seen;
  };
  std::map<std::string, Table> tables;
  const auto file_of = [](const FigureKey& k) -> std::string {
    if (k.interval >= 0) return "intervals.csv";
    if (k.section == "agent_groups") return "groups.csv";
    return "summary.csv";
  };
  for (const auto& k : summary.keys()) {
    auto& t = tables[file_of(k)];
    if (t.seen.insert(k.metric).second) t.metrics.push_back(k.metric);
    const auto row = std::make_tuple(k.interval, k.section, k.name);
    if (t.row_seen.insert(row).second) t.rows.push_back(row);
  }
  const auto& sc = summary.scenario();
  for (const auto& [file, t] : tables) {
    const std::string path = (std::filesystem::path(dir) / file).string();
    std::ofstream out(path);
    if (!out) throw InputError("--csv " + dir + ": cannot write " + path);
    if (file == "intervals.csv") out << "start_s,";
    out << "scope,name";
    for (const auto& m : t.metrics) out << ',' << m << ',' << m << "_ci95";
    out << '\n';
    for (const auto& [interval, section, name] : t.rows) {
      if (interval >= 0) out << fmt("%g", interval * sc.interval_s) << ',';
      out << section << ',' << name;
      for (const auto& m : t.metrics) {
        const FigureKey key{section, name, interval, m};
        if (!summary.has(key)) {
          out << ",,";
          continue;
        }
        const auto e = summary.estimate(key);
        out << ',' << (e.mean ? fmt("%.10g", *e.mean) : "") << ',' << (e.ci95 ? fmt("%.10g", *e.ci95) : "");
      }
      out << '\n';
    }
  }
}

}  // namespace ccsim::analysis
