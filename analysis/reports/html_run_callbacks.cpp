// The run report's callback section (virtual hold): present only when the results have
// callbacks (their definitions), per total, call type and queue that offers them.
#include "analysis/reports/html_run_sections.hpp"

#include <string>
#include <vector>

namespace ccsim::analysis::html {

void callback_section(Page& page, const Json& results) {
  if (child(&results, "callback_definitions") == nullptr) return;
  page.h2("callbacks", "Callbacks (virtual hold)");
  page.para(
      "Callers who found no agent free while the callback was on offer; those who took it hung up and were "
      "called back (outcome callback). Callback wait = mean time from the request to the agent calling back. "
      "Service level and ASA are over the callers who stayed on the line.");
  struct Row {
    std::string label;
    const Json* figures;
  };
  std::vector<Row> rows{{"total", child(&results, "totals")}};
  const Json* types = child(&results, "call_types");
  const auto type_names = keys_of(types);
  if (type_names.size() > 1) {
    for (const auto& n : type_names) rows.push_back({n, child(types, n)});
  }
  const Json* queues = child(&results, "queues");
  for (const auto& n : keys_of(queues)) {
    const Json* q = child(queues, n);
    if (child(q, "callback") != nullptr) rows.push_back({"queue " + n, q});
  }
  std::string s =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th></th><th>offered a callback</th><th>took it</th>"
      "<th>callback rate</th><th>callback wait</th></tr></thead>\n<tbody>\n";
  for (const auto& r : rows) {
    s += r.label == "total" ? "<tr class=\"total\">" : "<tr>";
    s += "<td>" + escape(r.label) + "</td>";
    s += cell(est(child(r.figures, "callbacks_offered")), Kind::count);
    s += cell(est(child(r.figures, "callback")), Kind::count);
    s += cell(est(child(r.figures, "callback_rate")), Kind::share);
    s += cell(est(child(r.figures, "callback_wait")), Kind::seconds);
    s += "</tr>\n";
  }
  s += "</tbody></table></div>\n";
  page.raw(s);
}

}  // namespace ccsim::analysis::html
