// Tests of sim/scenario/routing_graph: the Boost.Graph built from a scenario, every warning of
// check_routing with its exact message, cycle detection, the DOT drawing (and, when Graphviz is
// installed, that `dot` accepts it), and `ccsim validate` / `ccsim graph` on real files.
// Scenarios are loaded from JSON, then changed in code where a test needs what the loader
// rejects (an empty "any", an occupancy above 1, a rule back to its own queue).
#include "sim/model/conditions.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/routing_graph.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ccsim::scenario {
namespace {

namespace fs = std::filesystem;
using model::Condition;
using model::OverflowRule;
using model::Target;
using CKind = Condition::Kind;

// The README's example center: two sites, two queues, an exit, three agent groups (one logged into all
// sites). main overflows to backup_q on outage, on a long line and after 90 s; backup_q sends
// callers to the partner exit when its expected wait reaches 5 minutes.
constexpr const char* two_sites_json = R"({
  "name": "Primary overload with backup site", "horizon": "8h", "interval": "1h",
  "sites": [ { "name": "primary", "outages": [ { "from": "3h", "for": "45m", "waiting_calls": "reroute" } ] },
             { "name": "backup" } ],
  "call_types": [
    { "name": "critical", "priority": 10, "enters": "main",
      "arrivals": { "poisson": { "per_hour": 300 } },
      "handle_time": { "exponential": { "mean": "4m" } } },
    { "name": "general", "enters": "main",
      "arrivals": { "poisson": { "per_hour": [400, 520, 610, 640, 600, 480, 420, 380] } },
      "handle_time": { "exponential": { "mean": "5m" } } } ],
  "queues": [
    { "name": "main", "site": "primary", "capacity": 60,
      "overflow": [
        { "when": { "site_down": true }, "to": "backup_q", "delay": "2s" },
        { "when": { "queue_length": { "at_least": 20, "until_below": 10 } },
          "to": "backup_q", "announcement": "8s" },
        { "when": { "waited": "90s" }, "to": "backup_q" } ] },
    { "name": "backup_q", "site": "backup", "capacity": 40,
      "overflow": [ { "when": { "expected_wait": { "at_least": "5m" } }, "to": "partner" } ] } ],
  "exits": [ { "name": "partner", "description": "secondary number answered by an outsourcer" } ],
  "agent_groups": [
    { "name": "primary_team", "site": "primary", "agents": 22, "serves": ["main"] },
    { "name": "backup_team", "site": "backup", "agents": [6, 6, 8, 8, 8, 8, 6, 6],
      "serves": ["backup_q", { "queue": "main", "after": "60s" }] },
    { "name": "remote", "agents": 4, "serves": ["main", "backup_q"] } ]
})";

constexpr model::Id main_q = 0;
constexpr model::Id backup_q = 1;

Condition compare(CKind kind, std::optional<double> at_least, std::optional<double> at_most = std::nullopt) {
  Condition c;
  c.kind = kind;
  c.at_least = at_least;
  c.at_most = at_most;
  return c;
}

Condition site_down(bool down = true) {
  Condition c;
  c.kind = CKind::SiteDown;
  c.expect_down = down;
  return c;
}

Condition waited(double seconds) {
  Condition c;
  c.kind = CKind::Waited;
  c.waited_s = seconds;
  return c;
}

Condition group(CKind kind, std::vector<Condition> children) {
  Condition c;
  c.kind = kind;
  c.children = std::move(children);
  return c;
}

Target to_queue(model::Id id) { return {Target::Kind::Queue, id}; }
Target to_exit(model::Id id) { return {Target::Kind::Exit, id}; }

OverflowRule rule(Condition when, Target to) {
  OverflowRule r;
  if (when.kind == CKind::Waited) r.timer_s = when.waited_s;
  r.when = std::move(when);
  r.to = to;
  return r;
}

model::Scenario two_sites() { return load_scenario_text(two_sites_json, "x.json"); }

std::vector<std::string> lines_of(const std::vector<Diagnostic>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) {
    EXPECT_EQ(d.severity, Diagnostic::Severity::Warning);
    out.push_back(d.pointer + ": " + d.message);
  }
  return out;
}

std::vector<std::string> warnings(const model::Scenario& sc) { return lines_of(check_routing(sc)); }

// --- the graph -----------------------------------------------------------------------------

TEST(RoutingGraph, VerticesAndEdgesFollowTheScenario) {
  const model::Scenario sc = two_sites();
  const RoutingGraph rg(sc);
  const auto& g = rg.graph();
  ASSERT_EQ(boost::num_vertices(g), 2u + 2u + 3u + 1u);  // entries, queues, groups, exits
  EXPECT_EQ(g[rg.entry(1)].kind, RoutingVertex::Kind::Entry);
  EXPECT_EQ(g[rg.queue(1)].kind, RoutingVertex::Kind::Queue);
  EXPECT_EQ(g[rg.queue(1)].id, 1u);
  EXPECT_EQ(g[rg.agent_group(2)].kind, RoutingVertex::Kind::AgentGroup);
  EXPECT_EQ(g[rg.exit(0)].kind, RoutingVertex::Kind::Exit);
  EXPECT_EQ(boost::num_edges(g), 2u + 4u + 5u);  // enters, rules, serves entries

  // Entry -> the queue its call type enters.
  const auto [enter, entered] = boost::edge(rg.entry(0), rg.queue(main_q), g);
  ASSERT_TRUE(entered);
  EXPECT_EQ(g[enter].kind, RoutingEdge::Kind::Enters);

  // main's three rules, in order, all to backup_q.
  std::vector<RoutingEdge> rules;
  for (const auto& e : boost::make_iterator_range(boost::out_edges(rg.queue(main_q), g))) {
    EXPECT_EQ(boost::target(e, g), rg.queue(backup_q));
    rules.push_back(g[e]);
  }
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].kind, RoutingEdge::Kind::Overflow);
  EXPECT_EQ(rules[0].index, 0u);
  EXPECT_EQ(rules[0].text, "site_down -> backup_q (delay constant 2s)");
  EXPECT_EQ(rules[0].condition, "site_down");
  ASSERT_TRUE(rules[0].delay.has_value());
  EXPECT_DOUBLE_EQ(rules[0].delay->mean(), 2.0);
  EXPECT_FALSE(rules[0].timer_s.has_value());
  EXPECT_EQ(rules[1].condition, "queue_length at_least 20 until_below 10");
  ASSERT_TRUE(rules[1].announcement.has_value());
  EXPECT_DOUBLE_EQ(rules[1].announcement->mean(), 8.0);
  EXPECT_EQ(rules[2].index, 2u);
  EXPECT_EQ(rules[2].condition, "waited 1.5m");
  ASSERT_TRUE(rules[2].timer_s.has_value());
  EXPECT_DOUBLE_EQ(*rules[2].timer_s, 90.0);

  // backup_q -> partner (an exit).
  const auto [to_partner, found] = boost::edge(rg.queue(backup_q), rg.exit(0), g);
  ASSERT_TRUE(found);
  EXPECT_EQ(g[to_partner].text, "expected_wait at_least 5m -> partner");

  // backup_team serves backup_q first, then main after 60 s.
  std::vector<RoutingEdge> serves;
  for (const auto& e : boost::make_iterator_range(boost::out_edges(rg.agent_group(1), g))) serves.push_back(g[e]);
  ASSERT_EQ(serves.size(), 2u);
  EXPECT_EQ(serves[0].kind, RoutingEdge::Kind::Serves);
  EXPECT_EQ(serves[0].index, 0u);
  EXPECT_DOUBLE_EQ(serves[0].after_s, 0.0);
  EXPECT_EQ(serves[1].index, 1u);
  EXPECT_DOUBLE_EQ(serves[1].after_s, 60.0);
  EXPECT_EQ(boost::in_degree(rg.queue(main_q), g), 2u + 3u);  // two entries, three groups
}

TEST(RoutingGraph, ConditionTextNamesEveryComparisonFromTheTable) {
  const model::Scenario sc = two_sites();
  for (const auto& row : model::kConditionKinds) {
    if (!model::compares_metric(row.kind)) continue;
    const bool seconds = row.value == model::ConditionValue::Seconds;
    std::string expected(row.name);
    if (row.kind == CKind::ServiceLevel) expected += " within 20s over 15m";
    expected += seconds ? " at_least 1.5m until_below 1m" : " at_least 90 until_below 60";
    Condition c = compare(row.kind, 90.0);
    c.until_below = 60.0;
    EXPECT_EQ(condition_text(sc, c), expected);
    EXPECT_EQ(level_text(row.kind, 0.25), seconds ? "0.25s" : "0.25");
  }
}

TEST(RoutingGraph, ConditionTextPrefersTheLoadersText) {
  const model::Scenario sc = two_sites();
  // Conditions built in code have no text: it is rebuilt the way the loader writes it.
  Condition c = compare(CKind::LongestWait, 30.0, 600.0);
  EXPECT_EQ(condition_text(sc, c), "longest_wait at_least 30s at_most 10m");
  c.queue = backup_q;
  EXPECT_EQ(condition_text(sc, c), "longest_wait of backup_q at_least 30s at_most 10m");
  EXPECT_EQ(condition_text(sc, group(CKind::All, {site_down(false), waited(120.0)})), "all(site up, waited 2m)");
  Condition named_site = site_down();
  named_site.site = 1;
  EXPECT_EQ(condition_text(sc, named_site), "site_down backup");
  const auto loaded = load_scenario_text(R"({
    "name": "t", "horizon": "1h", "sites": [ { "name": "s" } ],
    "call_types": [ { "name": "a", "enters": "q", "arrivals": { "poisson": { "per_hour": 60 } },
                      "handle_time": { "constant": "1m" } } ],
    "queues": [ { "name": "q", "site": "s", "overflow": [
      { "when": { "all": [ { "waited": "2m" }, { "site_down": false } ] }, "to": "r" },
      { "when": { "service_level": { "queue": "r", "within": "30s", "window": "10m", "at_most": 0.5 } },
        "to": "r" },
      { "when": { "site_down": "s" }, "to": "r" } ] }, { "name": "r" } ],
    "agent_groups": [ { "name": "g", "agents": 1, "serves": ["q", "r"] } ] })",
                                         "t.json");
  for (const auto& r : loaded.queues[0].overflow) {
    Condition rebuilt = r.when;
    rebuilt.text.clear();
    for (auto& child : rebuilt.children) child.text.clear();
    EXPECT_EQ(condition_text(loaded, rebuilt), r.when.text);
  }
  c.text = "longest_wait: 30s..10m";
  EXPECT_EQ(condition_text(sc, c), "longest_wait: 30s..10m");
  OverflowRule r = rule(c, to_exit(0));
  EXPECT_EQ(rule_text(sc, r), "longest_wait: 30s..10m -> partner");
  r.text = "as written";
  EXPECT_EQ(rule_text(sc, r), "as written");
}

// --- warnings ------------------------------------------------------------------------------

TEST(RoutingGraphCheck, CleanScenarioHasNoWarnings) {
  EXPECT_EQ(warnings(two_sites()), std::vector<std::string>{});
  // A queue_length rule at exactly the capacity can fire: a full queue holds `capacity` callers.
  model::Scenario sc = two_sites();
  sc.queues[main_q].overflow[1].when = compare(CKind::QueueLength, 60.0);
  EXPECT_EQ(warnings(sc), std::vector<std::string>{});
}

TEST(RoutingGraphCheck, QueueWithNoAgentsAndNoRuleOut) {
  model::Scenario sc = two_sites();
  sc.queues.push_back({"complaints", model::Id{0}, std::nullopt, std::nullopt, {}, std::nullopt});
  sc.call_types.push_back(sc.call_types[0]);
  sc.call_types.back().name = "complaint";
  sc.call_types.back().enters = 2;
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{"/queues/2: queue \"complaints\" is served by no agent group and has no overflow "
                                      "rule: its callers can only abandon or wait forever"}));
  // A rule out, or a group serving it, silences the warning.
  sc.queues[2].overflow.push_back(rule(waited(60.0), to_queue(main_q)));
  EXPECT_EQ(warnings(sc), std::vector<std::string>{});
}

TEST(RoutingGraphCheck, UnreachableQueues) {
  model::Scenario sc = two_sites();
  // spare: nothing sends calls to it. spare2: only spare's rule does. never: only a rule
  // that can never fire does.
  sc.queues.push_back({"spare", std::nullopt, std::nullopt, std::nullopt, {}, std::nullopt});
  sc.queues.push_back({"spare2", std::nullopt, std::nullopt, std::nullopt, {}, std::nullopt});
  sc.queues.push_back({"never", std::nullopt, std::uint32_t{5}, std::nullopt, {}, std::nullopt});
  sc.queues[2].overflow.push_back(rule(waited(30.0), to_queue(3)));
  sc.queues[backup_q].overflow.push_back(rule(compare(CKind::Occupancy, 1.5), to_queue(4)));
  for (model::Id q : {2u, 3u, 4u}) sc.agent_groups[2].serves.push_back({q, 0.0});
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{
                "/queues/1/overflow/1: rule 1 of queue \"backup_q\" can never fire: \"occupancy at_least 1.5\" "
                "asks for an occupancy above 1, the most it can be",
                "/queues/2: queue \"spare\" is unreachable: no call type enters it and no overflow rule sends "
                "calls to it",
                "/queues/3: queue \"spare2\" is unreachable: no call type enters it, and only overflow rules of "
                "unreachable queues send calls to it",
                "/queues/4: queue \"never\" is unreachable: no call type enters it, and the overflow rules that "
                "send calls to it can never fire"}));
}

TEST(RoutingGraphCheck, OverflowCycleIsSpelledOut) {
  model::Scenario sc = two_sites();
  sc.queues[backup_q].overflow.push_back(rule(waited(120.0), to_queue(main_q)));
  EXPECT_EQ(warnings(sc), (std::vector<std::string>{
                              "/queues/1/overflow/1: overflow rules form a cycle: main -> backup_q -> main; only "
                              "max_hops (4) stops a call going round it"}));
}

TEST(RoutingGraphCheck, WarningsOfAScenarioFile) {
  // All from JSON: the messages quote the loader's text of each condition.
  const model::Scenario sc = load_scenario_text(R"({
    "name": "ping-pong", "horizon": "1h", "max_hops": 3,
    "call_types": [ { "name": "a", "enters": "main", "arrivals": { "poisson": { "per_hour": 60 } },
                      "handle_time": { "constant": "1m" } } ],
    "queues": [
      { "name": "main", "capacity": 10, "overflow": [
        { "when": { "queue_length": { "at_least": 11 } }, "to": "backup_q" },
        { "when": { "longest_wait": { "at_least": "2m", "at_most": "1m" } }, "to": "backup_q" },
        { "when": { "waited": "1m" }, "to": "backup_q" } ] },
      { "name": "backup_q", "overflow": [
        { "when": { "all": [ { "waited": "30s" }, { "available_agents": { "at_most": 0 } } ] }, "to": "main" } ] } ],
    "agent_groups": [ { "name": "team", "agents": 2, "serves": ["main"] } ] })",
                                                "ping.json");
  EXPECT_EQ(lines_of(check_routing(sc)),
            (std::vector<std::string>{
                "/queues/0/overflow/0: rule 0 of queue \"main\" can never fire: \"queue_length at_least 11\" needs 11 "
                "callers in queue \"main\", which holds at most 10 (its capacity)",
                "/queues/0/overflow/1: rule 1 of queue \"main\" can never fire: \"longest_wait at_least 2m at_most "
                "1m\" asks for at_least 2m but at_most 1m",
                "/queues/1/overflow/0: overflow rules form a cycle: main -> backup_q -> main; only max_hops (3) stops "
                "a call going round it"}));
}

TEST(RoutingGraphCheck, LongerCyclesSelfLoopsAndSeparateCycles) {
  model::Scenario sc = two_sites();
  sc.max_hops = 6;
  // backup_q -> third -> main closes main -> backup_q -> third -> main; third also loops on
  // itself; main's three rules to backup_q are one cycle, reported once.
  sc.queues.push_back({"third", std::nullopt, std::nullopt, std::nullopt, {}, std::nullopt});
  sc.agent_groups[2].serves.push_back({2, 0.0});
  sc.queues[backup_q].overflow.push_back(rule(waited(100.0), to_queue(2)));
  sc.queues[2].overflow.push_back(rule(compare(CKind::LongestWait, 60.0), to_queue(2)));
  sc.queues[2].overflow.push_back(rule(waited(60.0), to_queue(main_q)));
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{
                "/queues/2/overflow/0: overflow rules form a cycle: third -> third; only max_hops (6) stops a call "
                "going round it",
                "/queues/2/overflow/1: overflow rules form a cycle: main -> backup_q -> third -> main; only "
                "max_hops (6) stops a call going round it"}));
}

TEST(RoutingGraphCheck, RuleThatCanNeverFireClosesNoCycle) {
  model::Scenario sc = two_sites();
  sc.queues[backup_q].overflow.push_back(rule(compare(CKind::QueueLength, 41.0), to_queue(main_q)));
  EXPECT_EQ(warnings(sc), (std::vector<std::string>{
                              "/queues/1/overflow/1: rule 1 of queue \"backup_q\" can never fire: \"queue_length "
                              "at_least 41\" needs 41 callers in queue \"backup_q\", which holds at most 40 (its "
                              "capacity)"}));
}

TEST(RoutingGraphCheck, RulesThatCanNeverFire) {
  model::Scenario sc = two_sites();
  auto& rules = sc.queues[main_q].overflow;
  rules.clear();
  Condition other_queue = compare(CKind::QueueLength, 45.0);
  other_queue.queue = backup_q;
  rules.push_back(rule(other_queue, to_queue(backup_q)));                                       // 0: > capacity 40
  rules.push_back(rule(compare(CKind::LongestWait, 120.0, 60.0), to_queue(backup_q)));          // 1: empty range
  rules.push_back(rule(compare(CKind::Occupancy, 1.01), to_queue(backup_q)));                   // 2
  rules.push_back(rule(compare(CKind::ServiceLevel, std::nullopt, -0.1), to_queue(backup_q)));  // 3
  // main is served by 22 + (6..8) + 4 agents: at most 34 idle.
  rules.push_back(rule(compare(CKind::AvailableAgents, 35.0), to_queue(backup_q)));  // 4
  rules.push_back(rule(compare(CKind::AvailableAgents, 34.0), to_queue(backup_q)));  // 5: can fire
  rules.push_back(rule(group(CKind::All, {compare(CKind::QueueLength, 10.0), waited(30.0),
                                          compare(CKind::QueueLength, std::nullopt, 5.0)}),
                       to_queue(backup_q)));  // 6
  rules.back().timer_s = 30.0;
  rules.push_back(rule(group(CKind::Any, {}), to_queue(backup_q)));  // 7
  rules.push_back(rule(group(CKind::Any, {compare(CKind::Occupancy, 2.0), compare(CKind::ServiceLevel, 3.0)}),
                       to_queue(backup_q)));  // 8
  Condition backup_down = site_down();
  backup_down.site = 1;
  rules.push_back(rule(backup_down, to_queue(backup_q)));  // 9: no outages
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{
                "/queues/0/overflow/0: rule 0 of queue \"main\" can never fire: \"queue_length of backup_q "
                "at_least 45\" needs 45 callers in queue \"backup_q\", which holds at most 40 (its capacity)",
                "/queues/0/overflow/1: rule 1 of queue \"main\" can never fire: \"longest_wait at_least 2m at_most "
                "1m\" asks for at_least 2m but at_most 1m",
                "/queues/0/overflow/2: rule 2 of queue \"main\" can never fire: \"occupancy at_least 1.01\" asks "
                "for an occupancy above 1, the most it can be",
                "/queues/0/overflow/3: rule 3 of queue \"main\" can never fire: \"service_level within 20s over "
                "15m at_most -0.1\" asks for a negative service_level",
                "/queues/0/overflow/4: rule 4 of queue \"main\" can never fire: \"available_agents at_least 35\" "
                "needs 35 idle agents, but at most 34 are ever logged into the groups that serve queue \"main\"",
                "/queues/0/overflow/6: rule 6 of queue \"main\" can never fire: its conditions \"queue_length "
                "at_least 10\" and \"queue_length at_most 5\" never hold at once",
                "/queues/0/overflow/7: rule 7 of queue \"main\" can never fire: \"any\" with no conditions never "
                "holds",
                "/queues/0/overflow/8: rule 8 of queue \"main\" can never fire: none of its conditions can hold "
                "(\"occupancy at_least 2\" asks for an occupancy above 1, the most it can be; \"service_level "
                "within 20s over 15m at_least 3\" asks for a service level above 1, the most it can be)",
                "/queues/0/overflow/9: rule 9 of queue \"main\" can never fire: site \"backup\" has no outages in "
                "this scenario, so it is never down"}));
}

TEST(RoutingGraphCheck, HysteresisWidensTheRangeOfAnAll) {
  model::Scenario sc = two_sites();
  // Once on, "at_least 20 until_below 10" holds down to 10, so with "at_most 12" it can hold.
  Condition on = compare(CKind::QueueLength, 20.0);
  on.until_below = 10.0;
  sc.queues[main_q].overflow[1].when = group(CKind::All, {on, compare(CKind::QueueLength, std::nullopt, 12.0)});
  EXPECT_EQ(warnings(sc), std::vector<std::string>{});
}

TEST(RoutingGraphCheck, AvailableAgentsWhenNobodyServes) {
  model::Scenario sc = two_sites();
  sc.agent_groups[1].serves.erase(sc.agent_groups[1].serves.begin());  // backup_team: main only
  sc.agent_groups[2].serves.pop_back();                                // remote: main only
  sc.queues[backup_q].overflow[0].when = compare(CKind::AvailableAgents, 1.0);
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{"/queues/1/overflow/0: rule 0 of queue \"backup_q\" can never fire: "
                                      "\"available_agents at_least 1\" needs 1 idle agent, but no agent is ever logged "
                                      "into a group that serves queue \"backup_q\""}));
}

TEST(RoutingGraphCheck, RulesAfterAnEntryRuleThatAlwaysMatches) {
  model::Scenario sc = two_sites();
  auto& rules = sc.queues[main_q].overflow;
  // queue_length at_least 0 always matches on entry: the entry rule after it is dead, and so
  // is the timer rule (90 s): no caller ever waits in main for it to move. The rule before it
  // can still fire.
  rules.insert(rules.begin() + 1, rule(compare(CKind::QueueLength, 0.0), to_queue(backup_q)));
  EXPECT_EQ(warnings(sc), (std::vector<std::string>{
                              "/queues/0/overflow/2: rule 2 of queue \"main\" can never fire: it comes after rule 1 "
                              "(\"queue_length at_least 0\"), which always matches",
                              "/queues/0/overflow/3: rule 3 of queue \"main\" can never fire: no caller ever waits in "
                              "queue \"main\": entry rule 1 (\"queue_length at_least 0\") always sends arriving "
                              "callers on"}));
  // Listed after the timer rule, it still leaves nobody waiting.
  std::rotate(rules.begin() + 1, rules.begin() + 2, rules.end());  // site_down, 20, waited, always
  EXPECT_EQ(warnings(sc), (std::vector<std::string>{
                              "/queues/0/overflow/2: rule 2 of queue \"main\" can never fire: no caller ever waits in "
                              "queue \"main\": entry rule 3 (\"queue_length at_least 0\") always sends arriving "
                              "callers on"}));

  // Other conditions that always hold: available_agents at_least 0, at_most the most agents
  // that serve the queue, site_down false on a site without outages, an empty `all`.
  for (const Condition& always :
       {compare(CKind::AvailableAgents, 0.0), compare(CKind::AvailableAgents, std::nullopt, 34.0), site_down(false),
        group(CKind::All, {})}) {
    model::Scenario s2 = two_sites();
    s2.sites[0].outages.clear();
    auto& r2 = s2.queues[main_q].overflow;
    r2.erase(r2.begin());  // the site_down rule, now never firing
    r2.insert(r2.begin(), rule(always, to_queue(backup_q)));
    const auto w = warnings(s2);
    ASSERT_EQ(w.size(), 2u) << condition_text(s2, always);
    EXPECT_EQ(w[0], "/queues/0/overflow/1: rule 1 of queue \"main\" can never fire: it comes after rule 0 (\"" +
                        condition_text(s2, always) + "\"), which always matches");
    EXPECT_EQ(w[1],
              "/queues/0/overflow/2: rule 2 of queue \"main\" can never fire: no caller ever waits in queue "
              "\"main\": entry rule 0 (\"" +
                  condition_text(s2, always) + "\") always sends arriving callers on");
  }
}

TEST(RoutingGraphCheck, TimerRuleShadowedByAnEarlierTimer) {
  model::Scenario sc = two_sites();
  auto& rules = sc.queues[main_q].overflow;
  rules.push_back(rule(waited(60.0), to_exit(0)));          // 3: fires before rule 2's 90 s
  rules.push_back(rule(waited(60.0), to_queue(backup_q)));  // 4: same time as rule 3, listed after
  // A conditional timer does not shadow anything: the caller may stay.
  rules.push_back(rule(group(CKind::All, {waited(30.0), compare(CKind::QueueLength, 5.0)}), to_exit(0)));
  rules.back().timer_s = 30.0;
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{
                "/queues/0/overflow/2: rule 2 of queue \"main\" can never fire: timer rule 3 (\"waited 1m\") moves "
                "every caller still waiting after 1m, before this rule's 1.5m",
                "/queues/0/overflow/4: rule 4 of queue \"main\" can never fire: it comes after timer rule 3 "
                "(\"waited 1m\"), which moves every caller at the same 1m"}));
}

TEST(RoutingGraphCheck, SiteDownOnAQueueWithoutSite) {
  model::Scenario sc = two_sites();
  sc.queues[main_q].site.reset();
  EXPECT_EQ(warnings(sc), (std::vector<std::string>{
                              "/queues/0/overflow/0: rule 0 of queue \"main\" can never fire: queue \"main\" has no "
                              "site, so it is never down"}));
  // Naming a site with outages makes it live again.
  sc.queues[main_q].overflow[0].when.site = 0;
  EXPECT_EQ(warnings(sc), std::vector<std::string>{});
}

TEST(RoutingGraphCheck, GroupsWithoutAgentsAndCallTypesWithoutCalls) {
  model::Scenario sc = two_sites();
  sc.agent_groups[1].agents.assign(8, 0);
  sc.call_types[0].arrivals.per_second = {0.0};
  EXPECT_EQ(warnings(sc),
            (std::vector<std::string>{
                "/agent_groups/1: agent group \"backup_team\" has no agents in any interval: it never answers a "
                "call",
                "/call_types/0: call type \"critical\" has an arrival rate of 0 in every interval: no call of it "
                "ever arrives"}));
}

TEST(RoutingGraphCheck, SortedByPointerWithNumericIndices) {
  model::Scenario sc = two_sites();
  for (int i = 0; i < 10; ++i) {
    sc.queues.push_back({"spare" + std::to_string(i), std::nullopt, std::nullopt, std::nullopt, {}, std::nullopt});
    sc.agent_groups[2].serves.push_back({static_cast<model::Id>(sc.queues.size() - 1), 0.0});
  }
  sc.agent_groups[0].agents = {0};
  std::vector<std::string> pointers;
  for (const auto& d : check_routing(sc)) pointers.push_back(d.pointer);
  const std::vector<std::string> expected = {"/agent_groups/0", "/queues/2",  "/queues/3", "/queues/4",
                                             "/queues/5",       "/queues/6",  "/queues/7", "/queues/8",
                                             "/queues/9",       "/queues/10", "/queues/11"};
  EXPECT_EQ(pointers, expected);
}

// --- DOT -----------------------------------------------------------------------------------

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(RoutingGraphDot, NodesEdgesAndClusters) {
  const model::Scenario sc = two_sites();
  const std::string dot = to_dot(sc);
  EXPECT_TRUE(contains(dot, "digraph routing {\n"));
  EXPECT_TRUE(contains(dot, "  subgraph cluster_s0 {\n    label=\"primary\\ndown at 3h for 45m\";\n"));
  EXPECT_TRUE(contains(dot, "    q0 [shape=box, label=\"main\\ncapacity 60\"];\n"));
  EXPECT_TRUE(contains(dot, "    g0 [shape=ellipse, label=\"primary_team\\n22 agents\"];\n"));
  EXPECT_TRUE(contains(dot, "  subgraph cluster_s1 {\n    label=\"backup\";\n"));
  EXPECT_TRUE(contains(dot, "    g1 [shape=ellipse, label=\"backup_team\\n6-8 agents\"];\n"));
  // A group without a site stands outside the clusters.
  EXPECT_TRUE(contains(dot, "\n  g2 [shape=ellipse, label=\"remote\\n4 agents\\n(all sites)\"];\n"));
  EXPECT_TRUE(contains(dot,
                       "  x0 [shape=doubleoctagon, tooltip=\"secondary number answered by an outsourcer\", "
                       "label=\"partner\"];\n"));
  EXPECT_TRUE(contains(dot, "  c1 [shape=plaintext, fontsize=10, label=\"calls: general\"];\n"));
  EXPECT_TRUE(contains(dot, "  c0 -> q0;\n"));
  EXPECT_TRUE(contains(dot, "  q0 -> q1 [label=\"rule 0: site_down\\nafter 2s\"];\n"));
  EXPECT_TRUE(contains(dot, "  q0 -> q1 [label=\"rule 1: queue_length at_least 20 until_below 10\\nann. 8s\"];\n"));
  EXPECT_TRUE(contains(dot, "  q0 -> q1 [label=\"rule 2: waited 1.5m\", style=bold];\n"));
  EXPECT_TRUE(contains(dot, "  q1 -> x0 [label=\"rule 0: expected_wait at_least 5m\"];\n"));
  EXPECT_TRUE(contains(dot, "  g1 -> q1 [style=dashed, label=\"1st\"];\n"));
  EXPECT_TRUE(contains(dot, "  g1 -> q0 [style=dashed, label=\"2nd, after 1m\"];\n"));
  EXPECT_EQ(dot.back(), '\n');
  EXPECT_TRUE(contains(dot, "\n}\n"));
  // Deterministic: the same scenario gives the same text.
  EXPECT_EQ(dot, to_dot(two_sites()));
}

TEST(RoutingGraphDot, QuotesNamesAndGreysRulesThatNeverFire) {
  model::Scenario sc = two_sites();
  sc.queues[backup_q].name = "back \"up\" \\ q";
  sc.queues[backup_q].overflow.push_back(rule(compare(CKind::Occupancy, 2.0), to_queue(main_q)));
  const std::string dot = to_dot(sc);
  EXPECT_TRUE(contains(dot, "q1 [shape=box, label=\"back \\\"up\\\" \\\\ q\\ncapacity 40\"];"));
  EXPECT_TRUE(contains(dot,
                       "  q1 -> q0 [label=\"rule 1: occupancy at_least 2\\n(never fires)\", color=gray50, "
                       "fontcolor=gray50];\n"));
}

// Runs a shell command; returns its exit code (-1 if it did not exit normally).
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class TempDir : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ccsim_routing_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }
  [[nodiscard]] static std::string read(const std::string& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  fs::path dir_;
};

using RoutingGraphDotTool = TempDir;

TEST_F(RoutingGraphDotTool, GraphvizAcceptsTheOutput) {
  if (shell("command -v dot >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "Graphviz `dot` is not installed (apt-get install graphviz): DOT syntax not checked";
  }
  model::Scenario sc = two_sites();
  sc.queues[backup_q].overflow.push_back(rule(compare(CKind::Occupancy, 2.0), to_queue(main_q)));
  sc.queues[main_q].name = "main \"line\"";
  std::ofstream(path("g.dot")) << to_dot(sc);
  EXPECT_EQ(shell("dot -Tsvg '" + path("g.dot") + "' -o '" + path("g.svg") + "' 2>'" + path("err.txt") + "'"), 0)
      << read(path("err.txt"));
  EXPECT_TRUE(contains(read(path("g.svg")), "<svg"));
}

// --- the commands ----------------------------------------------------------------------------

using RoutingGraphCli = TempDir;

TEST_F(RoutingGraphCli, ValidateAcceptsEveryShippedScenario) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(CCSIM_SCENARIO_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const std::string out = path("out.txt");
    const int code =
        shell("'" + std::string(CCSIM_BINARY) + "' validate '" + file.string() + "' >'" + out + "' 2>&1 </dev/null");
    EXPECT_EQ(code, 0) << file << ":\n" << read(out);
    EXPECT_TRUE(contains(read(out), file.string() + ": valid (")) << read(out);
  }
}

TEST_F(RoutingGraphCli, ValidatePrintsWarningsAndStrictFails) {
  const std::string scenario = path("x.json");
  std::ofstream(scenario) << R"({
    "name": "x", "horizon": "2h", "interval": "1h",
    "call_types": [ { "name": "general", "enters": "main", "arrivals": { "poisson": { "per_hour": 60 } },
                      "handle_time": { "exponential": { "mean": "2m" } } } ],
    "queues": [ { "name": "main" }, { "name": "lost" } ],
    "agent_groups": [ { "name": "team", "agents": 3, "serves": ["main"] },
                      { "name": "ghosts", "agents": [0, 0], "serves": ["main"] } ] })";
  const std::string bin = "'" + std::string(CCSIM_BINARY) + "' ";
  const std::string out = path("out.txt");
  const std::string redirect = " >'" + out + "' 2>&1 </dev/null";
  EXPECT_EQ(shell(bin + "validate '" + scenario + "'" + redirect), 0);
  const std::string expected = scenario +
                               ": /agent_groups/1: warning: agent group \"ghosts\" has no agents in any "
                               "interval: it never answers a call\n" +
                               scenario +
                               ": /queues/1: warning: queue \"lost\" is unreachable: no call type enters "
                               "it and no overflow rule sends calls to it\n" +
                               scenario + ": valid (2 queues, 1 call type, 2 agent groups, 0 exits); 2 warnings\n";
  EXPECT_EQ(read(out), expected);
  EXPECT_EQ(shell(bin + "validate --strict '" + scenario + "'" + redirect), 1);
  EXPECT_EQ(read(out), expected);
  // --set applies before validation: staffing the ghosts removes their warning.
  EXPECT_EQ(shell(bin + "validate --strict '" + scenario + "' --set /agent_groups/1/agents=2 --set " +
                  "/call_types/0/enters=lost" + redirect),
            1);
  EXPECT_EQ(read(out), scenario +
                           ": /queues/0: warning: queue \"main\" is unreachable: no call type enters it and "
                           "no overflow rule sends calls to it\n" +
                           scenario +
                           ": /queues/1: warning: queue \"lost\" is served by no agent group and has no "
                           "overflow rule: its callers can only abandon or wait forever\n" +
                           scenario + ": valid (2 queues, 1 call type, 2 agent groups, 0 exits); 2 warnings\n");
  // Bad input is exit 2, as for every command.
  EXPECT_EQ(shell(bin + "validate '" + scenario + "' --set /queues/0/capacity=-1" + redirect), 2);
  EXPECT_TRUE(contains(read(out), "/queues/0/capacity")) << read(out);
}

TEST_F(RoutingGraphCli, GraphPrintsDot) {
  const std::string out = path("out.dot");
  const std::string file = std::string(CCSIM_SCENARIO_DIR) + "/two_tier_priority.json";
  ASSERT_EQ(shell("'" + std::string(CCSIM_BINARY) + "' graph '" + file + "' >'" + out + "' 2>&1 </dev/null"), 0);
  const std::string dot = read(out);
  EXPECT_TRUE(contains(dot, "digraph routing {")) << dot;
  EXPECT_TRUE(contains(dot, "subgraph cluster_s0")) << dot;
  EXPECT_TRUE(contains(dot, " -> ")) << dot;
}

}  // namespace
}  // namespace ccsim::scenario
