#include "analysis/reports/results_csv.hpp"

#include "analysis/reports/output_file.hpp"
#include "sim/model/clock.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

namespace ccsim::analysis {

void write_csv(const std::string& dir, const Summary& summary) {
  make_output_dir("--csv " + dir, dir);

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
    std::ostringstream out;
    const bool clock = file == "intervals.csv" && sc.start_clock_s;
    if (file == "intervals.csv") out << (clock ? "start_s,interval_start," : "start_s,");
    out << "scope,name";
    for (const auto& m : t.metrics) out << ',' << m << ',' << m << "_ci95";
    out << '\n';
    for (const auto& [interval, section, name] : t.rows) {
      if (interval >= 0) out << fmt::format("{:g},", interval * sc.interval_s);
      if (clock) out << model::clock_text(*sc.start_clock_s + interval * sc.interval_s) << ',';
      out << section << ',' << name;
      for (const auto& m : t.metrics) {
        const FigureKey key{section, name, interval, m};
        if (!summary.has(key)) {
          out << ",,";
          continue;
        }
        const auto e = summary.estimate(key);
        out << ',' << (e.mean ? fmt::format("{:.10g}", *e.mean) : "") << ','
            << (e.ci95 ? fmt::format("{:.10g}", *e.ci95) : "");
      }
      out << '\n';
    }
    write_output_file("--csv " + dir, path, out.str());
  }
}

}  // namespace ccsim::analysis
