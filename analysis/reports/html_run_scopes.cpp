// The run report's tables of a row per scope (summary, callbacks, redials): which scopes, and
// the table around their cells.
#include "analysis/reports/html_run_sections.hpp"

#include <string>
#include <vector>

namespace ccsim::analysis::html {

std::vector<Scope> scopes_of(const Json* totals, const Json* call_types) {
  std::vector<Scope> out;
  const auto names = keys_of(call_types);
  if (totals != nullptr) out.push_back({"total", totals, kTotalColor});
  if (names.size() > 1 || totals == nullptr) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      out.push_back({names[i], child(call_types, names[i]), svg::series_color(i)});
    }
  }
  return out;
}

std::string scope_table(const std::vector<std::string>& columns, const std::vector<Scope>& scopes,
                        const std::function<std::string(const Json* figures)>& cells) {
  std::string s = "<div class=\"table-wrap\"><table>\n<thead><tr><th></th>";
  for (const auto& c : columns) s += "<th>" + escape(c) + "</th>";
  s += "</tr></thead>\n<tbody>\n";
  for (const auto& scope : scopes) {
    s += scope.label == "total" ? "<tr class=\"total\">" : "<tr>";
    s += "<td>" + escape(scope.label) + "</td>" + cells(scope.figures) + "</tr>\n";
  }
  return s + "</tbody></table></div>\n";
}

}  // namespace ccsim::analysis::html
