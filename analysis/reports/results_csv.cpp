#include "analysis/reports/results_csv.hpp"

#include "analysis/reports/output_file.hpp"
#include "sim/error.hpp"
#include "sim/model/clock.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

namespace ccsim::analysis {

namespace {

constexpr std::string_view kServiceLevel = "service_level/";
constexpr std::string_view kPercentile = "wait_percentiles/";

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Metrics in seconds (the rest are counts, shares, callers or agents).
bool in_seconds(const std::string& metric) {
  return metric == "asa" || metric == "mean_wait" || metric == "callback_wait" || starts_with(metric, kPercentile);
}

std::string number(const std::optional<double>& x) { return x ? fmt::format("{:.10g}", *x) : ""; }

// The site outages in tally order (sites in order, each site's in time order).
std::vector<std::pair<const model::Site*, const model::Outage*>> outages_of(const model::Scenario& sc) {
  std::vector<std::pair<const model::Site*, const model::Outage*>> list;
  for (const auto& site : sc.sites) {
    for (const auto& o : site.outages) list.emplace_back(&site, &o);
  }
  return list;
}

// A time of the run as the scenario writes it: clock time with `start`, else seconds.
std::string time_text(const model::Scenario& sc, double t) {
  return sc.start_clock_s ? model::clock_text(*sc.start_clock_s + t) : fmt::format("{:g}", t);
}

// The columns that say which outage a row of outages.csv is, with their values.
std::string outage_head(const model::Scenario& sc) {
  return sc.start_clock_s ? "site,from_s,from,for_s,waiting_calls" : "site,from_s,for_s,waiting_calls";
}
std::string outage_cells(const model::Scenario& sc, const model::Site& site, const model::Outage& o) {
  std::string cells = csv_field(site.name) + fmt::format(",{:g},", o.from_s);
  if (sc.start_clock_s) cells += model::clock_text(*sc.start_clock_s + o.from_s) + ',';
  return cells +
         fmt::format("{:g},{}", o.for_s, o.waiting_calls == model::Outage::WaitingCalls::Reroute ? "reroute" : "drop");
}

void write_wide(const std::string& dir, const Summary& summary) {
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
    if (k.section == "outages") return "outages.csv";
    return "summary.csv";
  };
  for (const auto& k : summary.keys()) {
    auto& t = tables[file_of(k)];
    if (t.seen.insert(k.metric).second) t.metrics.push_back(k.metric);
    const auto row = std::make_tuple(k.interval, k.section, k.name);
    if (t.row_seen.insert(row).second) t.rows.push_back(row);
  }
  const auto& sc = summary.scenario();
  const auto outages = outages_of(sc);
  for (const auto& [file, t] : tables) {
    std::ostringstream out;
    const bool clock = file == "intervals.csv" && sc.start_clock_s;
    const bool outage = file == "outages.csv";
    if (file == "intervals.csv") out << (clock ? "start_s,interval_start," : "start_s,");
    out << (outage ? outage_head(sc) : "scope,name");
    for (const auto& m : t.metrics) {
      const std::string c = csv_field(csv_column(m));
      out << ',' << c << ',' << csv_field(csv_column(m) + "_ci95");
    }
    out << '\n';
    for (const auto& [interval, section, name] : t.rows) {
      if (interval >= 0) out << fmt::format("{:g},", interval * sc.interval_s);
      if (clock) out << model::clock_text(*sc.start_clock_s + interval * sc.interval_s) << ',';
      if (outage) {
        const auto& [site, o] = outages.at(std::stoul(name));
        out << outage_cells(sc, *site, *o);
      } else {
        out << section << ',' << csv_field(name);
      }
      for (const auto& m : t.metrics) {
        const FigureKey key{section, name, interval, m};
        if (!summary.has(key)) {
          out << ",,";
          continue;
        }
        const auto e = summary.estimate(key);
        out << ',' << number(e.mean) << ',' << number(e.ci95);
      }
      out << '\n';
    }
    write_output_file("--csv " + dir, (std::filesystem::path(dir) / file).string(), out.str());
  }
}

// One row per figure: pandas' pivot_table / a spreadsheet's pivot table take it as it is.
void write_long(const std::string& dir, const Summary& summary) {
  const auto& sc = summary.scenario();
  const auto outages = outages_of(sc);
  std::ostringstream out;
  out << "scope,name,metric,threshold_s,interval_start,mean,ci95\n";
  for (const auto& k : summary.keys()) {
    std::string name = k.name;
    if (k.section == "outages") {
      const auto& [site, o] = outages.at(std::stoul(k.name));
      name = site->name + '@' + time_text(sc, o->from_s);
    }
    std::string metric = csv_column(k.metric);
    std::string threshold;
    if (starts_with(k.metric, kServiceLevel)) {
      metric = "service_level";
      threshold = k.metric.substr(kServiceLevel.size());
    }
    const auto e = summary.estimate(k);
    out << k.section << ',' << csv_field(name) << ',' << csv_field(metric) << ',' << threshold << ','
        << (k.interval >= 0 ? time_text(sc, k.interval * sc.interval_s) : "") << ',' << number(e.mean) << ','
        << number(e.ci95) << '\n';
  }
  write_output_file("--csv " + dir, (std::filesystem::path(dir) / "figures.csv").string(), out.str());
}

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_column(const std::string& metric) {
  if (starts_with(metric, kServiceLevel)) return "service_level_" + metric.substr(kServiceLevel.size()) + "s";
  if (starts_with(metric, kPercentile)) return "wait_" + metric.substr(kPercentile.size()) + "_s";
  return in_seconds(metric) ? metric + "_s" : metric;
}

void write_csv(const std::string& dir, const Summary& summary, CsvLayout layout) {
  make_output_dir("--csv " + dir, dir);
  if (layout == CsvLayout::Long) write_long(dir, summary);
  else write_wide(dir, summary);
}

}  // namespace ccsim::analysis
