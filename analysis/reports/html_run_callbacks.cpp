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
  auto scopes = scopes_of(child(&results, "totals"), child(&results, "call_types"));
  const Json* queues = child(&results, "queues");
  for (const auto& n : keys_of(queues)) {
    const Json* q = child(queues, n);
    if (child(q, "callback") != nullptr) scopes.push_back({"queue " + n, q, ""});
  }
  page.raw(
      scope_table({"offered a callback", "took it", "callback rate", "callback wait"}, scopes, [](const Json* figures) {
        return cell(est(child(figures, "callbacks_offered")), Kind::count) +
               cell(est(child(figures, "callback")), Kind::count) +
               cell(est(child(figures, "callback_rate")), Kind::share) +
               cell(est(child(figures, "callback_wait")), Kind::seconds);
      }));
}

}  // namespace ccsim::analysis::html
