#include "sim/scenario/condition_verdict.hpp"

#include "sim/model/conditions.hpp"
#include "sim/model/staffing_plan.hpp"
#include "sim/scenario/condition_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ccsim::scenario {

using model::Condition;
using model::Id;
using Kind = Condition::Kind;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }

// "1 caller", "2 callers", "2.5 callers".
std::string count(double n, const std::string& noun) { return number(n) + " " + noun + (n == 1.0 ? "" : "s"); }

// The queue whose metric a comparison reads.
Id metric_queue(const Condition& c, const RuleContext& ctx) { return c.queue.value_or(ctx.queue); }

// The largest value a metric can take (its smallest is always 0).
double metric_max(const Condition& c, const RuleContext& ctx) {
  if (model::condition_kind(c.kind).value == model::ConditionValue::Share) return 1.0;
  switch (c.kind) {
    case Kind::QueueLength: {
      const auto& cap = ctx.sc.queues[metric_queue(c, ctx)].capacity;
      return cap ? static_cast<double>(*cap) : infinity;
    }
    case Kind::AvailableAgents: return ctx.most_agents[metric_queue(c, ctx)];
    default: return infinity;
  }
}

Verdict analyze_comparison(const Condition& c, const RuleContext& ctx) {
  const std::string t = quote(condition_text(ctx.sc, c));
  const std::string metric(model::condition_name(c.kind));
  if (c.at_least && c.at_most && *c.at_least > *c.at_most) {
    return Verdict::never(t + " asks for at_least " + level_text(c.kind, *c.at_least) + " but at_most " +
                          level_text(c.kind, *c.at_most));
  }
  if (c.at_most && *c.at_most < 0.0) return Verdict::never(t + " asks for a negative " + metric);
  const double hi = metric_max(c, ctx);
  if (c.at_least && *c.at_least > hi) {
    const std::string q = quote(ctx.sc.queues[metric_queue(c, ctx)].name);
    switch (c.kind) {
      case Kind::QueueLength:
        return Verdict::never(t + " needs " + count(*c.at_least, "caller") + " in queue " + q +
                              ", which holds at most " + number(hi) + " (its capacity)");
      case Kind::AvailableAgents:
        if (hi == 0.0) {
          return Verdict::never(t + " needs " + count(*c.at_least, "idle agent") + ", but no agent is ever " +
                                "logged into a group that serves queue " + q);
        }
        return Verdict::never(t + " needs " + count(*c.at_least, "idle agent") + ", but at most " + number(hi) +
                              " are ever logged into the groups that serve queue " + q);
      case Kind::Occupancy: return Verdict::never(t + " asks for an occupancy above 1, the most it can be");
      case Kind::ServiceLevel: return Verdict::never(t + " asks for a service level above 1, the most it can be");
      default: break;
    }
  }
  // Counts are always defined, so a range covering all of [0, hi] always holds. (Rates and
  // waits may be undefined, e.g. occupancy with nobody logged in: never claimed "always".)
  if (model::is_count(c.kind) && (c.at_least || c.at_most)) {
    const bool low_ok = !c.at_least || *c.at_least <= 0.0;
    const bool high_ok = !c.at_most || *c.at_most >= hi;
    if (low_ok && high_ok) return Verdict::always();
  }
  return Verdict::maybe();
}

// As the model reads it: the named site, else the site of the rule's own queue.
Verdict analyze_site_down(const Condition& c, const RuleContext& ctx) {
  const std::optional<Id> site = c.site ? c.site : ctx.sc.queues[ctx.queue].site;
  std::string never_down;
  if (!site) {
    never_down = "queue " + quote(ctx.sc.queues[ctx.queue].name) + " has no site, so it is never down";
  } else if (ctx.sc.sites[*site].outages.empty()) {
    never_down = "site " + quote(ctx.sc.sites[*site].name) + " has no outages in this scenario, so it is never down";
  } else {
    return Verdict::maybe();
  }
  if (c.expect_down) return Verdict::never(never_down);
  return Verdict::always();
}

// Two comparisons of one metric of one queue inside an `all` whose ranges do not meet. A
// hysteresis condition that is on holds down to its release level, so the ranges used are the
// widest in which each can hold.
std::optional<std::string> disjoint_pair(const Condition& a, const Condition& b, const RuleContext& ctx) {
  if (a.kind != b.kind || !model::compares_metric(a.kind) || metric_queue(a, ctx) != metric_queue(b, ctx))
    return std::nullopt;
  if (a.kind == Kind::ServiceLevel && (a.within_s != b.within_s || a.window_s != b.window_s)) return std::nullopt;
  const auto low = [](const Condition& c) {
    if (!c.at_least) return -infinity;
    return c.until_below ? std::min(*c.at_least, *c.until_below) : *c.at_least;
  };
  const auto high = [](const Condition& c) {
    if (!c.at_most) return infinity;
    return c.until_above ? std::max(*c.at_most, *c.until_above) : *c.at_most;
  };
  double lo = std::max(low(a), low(b));
  double hi = std::min(high(a), high(b));
  if (model::is_count(a.kind)) {
    lo = std::ceil(lo);
    hi = std::floor(hi);
  }
  if (lo <= hi) return std::nullopt;
  return "its conditions " + quote(condition_text(ctx.sc, a)) + " and " + quote(condition_text(ctx.sc, b)) +
         " never hold at once";
}

// An `all` never holds when one of its conditions never does or two of them exclude each
// other, and always holds when all of its conditions always do.
Verdict analyze_all(const Condition& c, const RuleContext& ctx) {
  bool all_always = true;
  for (const auto& child : c.children) {
    Verdict v = analyze(child, ctx);
    if (v.truth == Verdict::Truth::Never) return v;
    all_always = all_always && v.truth == Verdict::Truth::Always;
  }
  for (std::size_t i = 0; i < c.children.size(); ++i) {
    for (std::size_t j = i + 1; j < c.children.size(); ++j) {
      if (auto why = disjoint_pair(c.children[i], c.children[j], ctx)) return Verdict::never(*why);
    }
  }
  return all_always ? Verdict::always() : Verdict::maybe();
}

// An `any` always holds when one of its conditions always does, and never holds when none of
// them can (the reasons are all given).
Verdict analyze_any(const Condition& c, const RuleContext& ctx) {
  if (c.children.empty()) return Verdict::never("\"any\" with no conditions never holds");
  std::vector<std::string> reasons;
  bool some_maybe = false;
  for (const auto& child : c.children) {
    Verdict v = analyze(child, ctx);
    if (v.truth == Verdict::Truth::Always) return v;
    if (v.truth == Verdict::Truth::Never) reasons.push_back(std::move(v.why));
    else some_maybe = true;
  }
  if (some_maybe) return Verdict::maybe();
  if (reasons.size() == 1) return Verdict::never(reasons.front());
  std::string why = "none of its conditions can hold (";
  for (std::size_t i = 0; i < reasons.size(); ++i) why += (i ? "; " : "") + reasons[i];
  return Verdict::never(why + ")");
}

}  // namespace

Verdict analyze(const Condition& c, const RuleContext& ctx) {
  switch (model::condition_kind(c.kind).value) {
    case model::ConditionValue::SiteState: return analyze_site_down(c, ctx);
    case model::ConditionValue::Timer:
      // A timer rule is checked when its timer fires: its `waited` holds by then.
      if (ctx.timer_s && c.waited_s <= *ctx.timer_s) return Verdict::always();
      return Verdict::maybe();
    case model::ConditionValue::Combinator: return c.kind == Kind::All ? analyze_all(c, ctx) : analyze_any(c, ctx);
    default: return analyze_comparison(c, ctx);
  }
}

// Most agents ever logged into the groups that serve each queue (sum over groups of each
// group's largest per-interval count). Outages only ever log agents out.
std::vector<double> most_agents_per_queue(const model::Scenario& sc) {
  std::vector<double> most(sc.queues.size(), 0.0);
  for (const auto& g : sc.agent_groups) {
    const std::uint32_t peak = model::most_agents(g);
    for (const auto& s : g.serves) {
      if (s.queue < most.size()) most[s.queue] += peak;
    }
  }
  return most;
}

}  // namespace ccsim::scenario
