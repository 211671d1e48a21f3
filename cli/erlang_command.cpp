// `ccsim erlang b|c|a` and `ccsim staff`: analytic figures and staffing from the flags alone.
#include "analysis/analytic/erlang.hpp"
#include "analysis/reports/output_file.hpp"
#include "cli/commands.hpp"
#include "cli/staff_scenario.hpp"
#include "sim/error.hpp"
#include "sim/scenario/duration.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace ccsim::cli {
namespace {

// More agents than this is a typing slip, and Erlang B would loop for seconds.
constexpr int max_agents = 10'000'000;

// Flags as typed; parsed here so that every bad value is reported with its flag.
struct ErlangOptions {
  std::string model;
  std::string calls_per_hour;
  std::string handle_time;
  std::string agents;
  std::string patience;
  std::vector<std::string> within;
  std::string capacity;
  std::string json;
};

struct StaffOptions {
  std::string scenario;
  bool simulate = false;
  std::string group;
  unsigned threads = 0;
  std::string calls_per_hour;
  std::string handle_time;
  std::string target;
  std::string within;
  std::string patience;
  std::string json;
};

[[noreturn]] void bad_flag(std::string_view flag, std::string_view value, std::string_view why) {
  throw InputError(std::string(flag) + " \"" + std::string(value) + "\": " + std::string(why));
}

void require_flag(std::string_view flag, const std::string& value) {
  if (value.empty()) throw InputError(std::string(flag) + " is required");
}

double parse_number(std::string_view flag, const std::string& text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) bad_flag(flag, text, "not a finite number");
  return value;
}

int parse_count(std::string_view flag, const std::string& text, int at_least) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) bad_flag(flag, text, "not a whole number");
  if (value < at_least) bad_flag(flag, text, "must be at least " + std::to_string(at_least));
  if (value > max_agents) bad_flag(flag, text, "must be at most " + std::to_string(max_agents));
  return static_cast<int>(value);
}

double parse_calls_per_hour(const std::string& text) {
  const double value = parse_number("--calls-per-hour", text);
  if (value < 0.0) bad_flag("--calls-per-hour", text, "must be >= 0");
  return value;
}

double parse_positive_duration(std::string_view flag, const std::string& text) {
  const auto seconds = scenario::parse_duration(text);
  if (!seconds) bad_flag(flag, text, "expected a duration such as 240, 240s, 4m or 1.5h");
  if (*seconds <= 0.0) bad_flag(flag, text, "must be longer than 0 s");
  return *seconds;
}

// Service-level thresholds are keyed by whole seconds in every JSON ccsim writes.
int parse_threshold(const std::string& text) {
  const auto seconds = scenario::parse_duration(text);
  if (!seconds) bad_flag("--within", text, "expected a duration such as 20, 20s or 1m");
  if (*seconds != std::floor(*seconds) || *seconds > 1e9)
    bad_flag("--within", text, "service-level thresholds are whole seconds");
  return static_cast<int>(*seconds);
}

std::string format_number(double value) { return fmt::format("{:.6g}", value); }

std::string format_fraction(double value) { return fmt::format("{:.4f}", value); }

std::string format_seconds(double value) { return fmt::format("{:.2f} s", value); }

// Which figures a model reports; the others do not apply and are left out.
struct Applicable {
  bool queue = false;     // p_wait, service_level, asa, mean_wait
  bool blocking = false;  // block_rate
  bool abandonment = false;
};

struct Report {
  Applicable applicable;
  analysis::QueueFigures figures;
  std::vector<std::pair<int, double>> service_level;  // (threshold s, fraction), ascending
};

Report make_report(const analysis::QueueSolution& solution, Applicable applicable, const std::set<int>& thresholds) {
  Report report{applicable, solution.figures(), {}};
  if (applicable.queue)
    for (const int t : thresholds) report.service_level.emplace_back(t, solution.service_level(t));
  return report;
}

void add_figures(nlohmann::json& out, const Report& report) {
  const auto& f = report.figures;
  if (report.applicable.blocking) out["block_rate"] = f.block_rate;
  if (report.applicable.queue) {
    out["p_wait"] = f.p_wait;
    nlohmann::json levels = nlohmann::json::object();
    for (const auto& [t, level] : report.service_level) levels[std::to_string(t)] = level;
    out["service_level"] = levels;
    out["asa"] = f.asa;
    out["mean_wait"] = f.mean_wait;
  }
  if (report.applicable.abandonment) out["abandon_rate"] = f.abandon_rate;
  out["occupancy"] = f.occupancy;
}

void print_table(std::ostream& out, const std::string& title,
                 const std::vector<std::pair<std::string, std::string>>& leading, const Report& report) {
  std::vector<std::pair<std::string, std::string>> rows = leading;
  const auto& f = report.figures;
  if (report.applicable.blocking) rows.emplace_back("block_rate", format_fraction(f.block_rate));
  if (report.applicable.queue) {
    rows.emplace_back("p_wait", format_fraction(f.p_wait));
    for (const auto& [t, level] : report.service_level)
      rows.emplace_back("service_level within " + std::to_string(t) + "s", format_fraction(level));
    rows.emplace_back("asa", format_seconds(f.asa));
    rows.emplace_back("mean_wait", format_seconds(f.mean_wait));
  }
  if (report.applicable.abandonment) rows.emplace_back("abandon_rate", format_fraction(f.abandon_rate));
  rows.emplace_back("occupancy", format_fraction(f.occupancy));

  std::size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  out << title << '\n';
  for (const auto& [label, value] : rows)
    out << "  " << label << std::string(width - label.size() + 2, ' ') << value << '\n';
}

// `--json -` puts the JSON alone on stdout; `--json FILE` writes it and keeps the table.
void emit(const std::string& json_target, const nlohmann::json& json, const std::string& title,
          const std::vector<std::pair<std::string, std::string>>& leading, const Report& report) {
  if (json_target == "-") {
    std::cout << json.dump(2) << '\n';
    return;
  }
  print_table(std::cout, title, leading, report);
  if (json_target.empty()) return;
  analysis::write_output_file("--json " + json_target, json_target, json.dump(2) + '\n');
}

std::string describe_traffic(double calls_per_hour, double handle_s) {
  const analysis::Traffic traffic{calls_per_hour, handle_s};
  return format_number(calls_per_hour) + " calls/h, handle time " + scenario::format_duration(handle_s) + " (" +
         format_number(traffic.offered_erlangs()) + " erlangs)";
}

void run_erlang(const ErlangOptions& options) {
  const std::string& letter = options.model;
  if (letter != "b" && letter != "c" && letter != "a")
    throw InputError("erlang: unknown model \"" + letter + "\" (expected b, c or a)");
  require_flag("--calls-per-hour", options.calls_per_hour);
  require_flag("--handle-time", options.handle_time);
  require_flag("--agents", options.agents);

  analysis::QueueModel model;
  model.traffic = analysis::Traffic{parse_calls_per_hour(options.calls_per_hour),
                                    parse_positive_duration("--handle-time", options.handle_time)};
  model.agents = parse_count("--agents", options.agents, letter == "b" ? 0 : 1);
  if (!options.capacity.empty()) {
    if (letter == "b")
      bad_flag("--capacity", options.capacity,
               "Erlang B has no waiting room; use `ccsim erlang c --capacity K` for a finite one");
    model.capacity = parse_count("--capacity", options.capacity, 0);
  }
  if (!options.patience.empty()) {
    if (letter != "a")
      bad_flag("--patience", options.patience,
               "Erlang " + std::string(letter == "b" ? "B" : "C") +
                   " callers never abandon; use `ccsim erlang a --patience D`");
    model.patience_s = parse_positive_duration("--patience", options.patience);
  } else if (letter == "a") {
    throw InputError(
        "--patience is required by `ccsim erlang a` (mean time a caller waits "
        "before hanging up, e.g. --patience 3m)");
  }
  if (letter == "b" && !options.within.empty())
    bad_flag("--within", options.within.front(), "Erlang B callers never wait");
  std::set<int> thresholds;
  for (const auto& text : options.within) thresholds.insert(parse_threshold(text));
  if (thresholds.empty()) thresholds = {10, 20, 30};

  std::string title;
  Applicable applicable;
  std::optional<analysis::QueueSolution> solution;
  const std::string setting = describe_traffic(model.traffic.calls_per_hour, model.traffic.handle_s) + ", " +
                              std::to_string(model.agents) + " agents";
  if (letter == "b") {
    title = "Erlang B (M/M/n/n): " + setting;
    applicable.blocking = true;
    if (model.agents == 0) {
      // No agents: every call is blocked. QueueSolution needs one agent at least.
      nlohmann::json json{{"block_rate", model.traffic.calls_per_hour > 0.0 ? 1.0 : 0.0}, {"occupancy", 0.0}};
      analysis::QueueFigures figures;
      figures.block_rate = json["block_rate"].get<double>();
      emit(options.json, json, title, {}, Report{applicable, figures, {}});
      return;
    }
    model.capacity = 0;
    solution = analysis::QueueSolution::solve(model);
  } else {
    const bool a = letter == "a";
    const char* kendall = a ? (model.capacity ? "M/M/n+M/K" : "M/M/n+M") : (model.capacity ? "M/M/n/n+K" : "M/M/n");
    title = std::string(a ? "Erlang A (" : "Erlang C (") + kendall + "): " + setting;
    if (a) title += ", patience " + scenario::format_duration(*model.patience_s);
    if (model.capacity) title += ", capacity " + std::to_string(*model.capacity);
    applicable = Applicable{true, model.capacity.has_value(), a};
    solution = analysis::QueueSolution::solve(model);
    if (!solution)
      throw InputError("erlang c: " + format_number(model.traffic.offered_erlangs()) + " erlangs offered to --agents " +
                       std::to_string(model.agents) +
                       " has no steady state (the queue grows without bound); add agents, "
                       "set --capacity, or model abandonment with `ccsim erlang a --patience D`");
  }
  const Report report = make_report(*solution, applicable, thresholds);
  nlohmann::json json = nlohmann::json::object();
  add_figures(json, report);
  emit(options.json, json, title, {}, report);
}

void run_staff(const StaffOptions& options) {
  if (!options.scenario.empty()) {
    StaffScenarioRequest request;
    request.path = options.scenario;
    if (!options.target.empty()) request.staffing.target = parse_number("--target", options.target);
    if (!options.within.empty()) request.staffing.within_s = parse_threshold(options.within);
    request.staffing.simulate = options.simulate;
    request.staffing.group = options.group;
    request.staffing.threads = options.threads;
    request.json = options.json;
    for (const auto* flag : {&options.calls_per_hour, &options.handle_time, &options.patience}) {
      if (!flag->empty())
        throw InputError(
            "staff SCENARIO takes rates, handle times and patience from the scenario; drop --calls-per-hour, "
            "--handle-time and --patience");
    }
    run_staff_scenario(request);
    return;
  }
  if (options.simulate) throw InputError("--simulate needs a SCENARIO to simulate");
  require_flag("--calls-per-hour", options.calls_per_hour);
  require_flag("--handle-time", options.handle_time);
  require_flag("--target", options.target);
  require_flag("--within", options.within);
  const double calls_per_hour = parse_calls_per_hour(options.calls_per_hour);
  const double handle_s = parse_positive_duration("--handle-time", options.handle_time);
  const double target = parse_number("--target", options.target);
  if (!(target > 0.0 && target < 1.0))
    bad_flag("--target", options.target, "must be a fraction strictly between 0 and 1, e.g. 0.8");
  const int within = parse_threshold(options.within);
  std::optional<double> patience;
  if (!options.patience.empty()) patience = parse_positive_duration("--patience", options.patience);

  const analysis::StaffingResult result =
      analysis::staff_for_target(calls_per_hour, handle_s, patience, within, target);
  const Report report{Applicable{true, false, patience.has_value()}, result.figures, {{within, result.service_level}}};

  nlohmann::json json{{"agents", result.agents}, {"model", patience ? "erlang_a" : "erlang_c"}};
  add_figures(json, report);
  std::string title =
      std::string(patience ? "Erlang A" : "Erlang C") + " staffing: " + describe_traffic(calls_per_hour, handle_s);
  if (patience) title += ", patience " + scenario::format_duration(*patience);
  title += "; target " + format_number(target) + " answered within " + std::to_string(within) + "s";
  emit(options.json, json, title, {{"agents", std::to_string(result.agents)}}, report);
}

// The analytic layer refuses parameters outside its domain with std::invalid_argument
// ("ccsim::analysis: offered load too large to staff: ..."). Given on the command line they are
// bad input: exit 2 with "COMMAND: what", not "ccsim: error: ccsim::analysis: ...".
template <class Work>
void as_input_error(const std::string& command, Work&& work) {
  try {
    std::forward<Work>(work)();
  } catch (const std::invalid_argument& e) {
    std::string what = e.what();
    const std::string prefix = "ccsim::analysis: ";
    if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
    throw InputError(command + ": " + what);
  }
}

}  // namespace

void add_erlang_command(CLI::App& app) {
  auto options = std::make_shared<ErlangOptions>();
  CLI::App* cmd =
      app.add_subcommand("erlang", "Analytic figures: Erlang B (blocking), C (queue) or A (queue with abandonment)");
  cmd->add_option("model", options->model, "b, c or a")->required();
  cmd->add_option("--calls-per-hour", options->calls_per_hour, "Offered calls per hour (Poisson)");
  cmd->add_option("--handle-time", options->handle_time, "Mean handle time: 240, 240s, 4m");
  cmd->add_option("--agents", options->agents, "Agents in the pool");
  cmd->add_option("--patience", options->patience, "Mean patience (Erlang A, required there)");
  cmd->add_option("--within", options->within,
                  "Service-level threshold, whole seconds; repeatable (default 10s 20s 30s)");
  cmd->add_option("--capacity", options->capacity, "Most callers waiting (default unlimited)");
  cmd->add_option("--json", options->json, "Write the figures as JSON to FILE, or - for stdout alone");
  cmd->callback([options] { as_input_error("erlang " + options->model, [&] { run_erlang(*options); }); });
}

void add_staff_command(CLI::App& app) {
  auto options = std::make_shared<StaffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "staff", "Fewest agents meeting a service-level target (Erlang C, or Erlang A with --patience)");
  cmd->add_option("--calls-per-hour", options->calls_per_hour, "Offered calls per hour (Poisson)");
  cmd->add_option("--handle-time", options->handle_time, "Mean handle time: 240, 240s, 4m");
  cmd->add_option("--target", options->target, "Fraction to answer within the threshold, e.g. 0.8");
  cmd->add_option("--within", options->within, "Service-level threshold, whole seconds, e.g. 20s");
  cmd->add_option("--patience", options->patience, "Mean patience: staff by Erlang A instead of C");
  cmd->add_option("scenario", options->scenario,
                  "Scenario: staff every interval from its rates (target from the scenario unless given)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--simulate", options->simulate,
                "With SCENARIO: adjust the analytic staffing by simulating the scenario, rules and all");
  cmd->add_option("--group", options->group, "With SCENARIO: the agent group to staff (default: the first)");
  cmd->add_option("--threads,-j", options->threads, "With --simulate: worker threads (0 = all cores)");
  cmd->add_option("--json", options->json, "Write the result as JSON to FILE, or - for stdout alone");
  cmd->callback([options] { as_input_error("staff", [&] { run_staff(*options); }); });
}

}  // namespace ccsim::cli
