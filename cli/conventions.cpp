#include "cli/conventions.hpp"

#include "sim/scenario/loader.hpp"

#include <algorithm>
#include <array>

namespace ccsim::cli {

namespace {

struct Help {
  const char* command;  // "" for ccsim itself
  const char* examples;
  const char* exit_status;  // the codes besides 0 and 2
};

constexpr const char* kBadInput = "  2  bad input or usage; every problem on stderr as FILE: /json/pointer: message\n";

// clang-format off
constexpr std::array kHelp{
    Help{"",
         "  ccsim run scenarios/primary_backup.json\n"
         "  ccsim sweep scenarios/primary_backup.json --vary /queues/main/overflow/1/when/queue_length/at_least=2..8:2\n"
         "  ccsim check scenarios/*.json --junit check.xml\n"
         "  ccsim erlang c --calls-per-hour 360 --handle-time 4m --agents 28\n"
         "  ccsim COMMAND --help\n",
         "  1  check: an expectation failed; compare: a --fail-if-worse metric is significantly worse;\n"
         "     validate --strict: there are warnings\n"},
    Help{"run",
         "  ccsim run scenarios/primary_backup.json\n"
         "  ccsim run scenarios/primary_backup.json --replications 50 --seed 7 --json results.json\n"
         "  ccsim run scenarios/primary_backup.json --set /agent_groups/supervisor/agents=2 --json - | jq .totals\n"
         "  ccsim run scenarios/erlang_c_textbook.json --precision 0.005 --csv out/ --report run.html\n",
         ""},
    Help{"sweep",
         "  ccsim sweep scenarios/primary_backup.json --vary /queues/0/overflow/1/when/queue_length/at_least=2,4,8\n"
         "  ccsim sweep scenarios/erlang_c_textbook.json --vary /agent_groups/agents/agents=26..32 --csv sweep/\n"
         "  ccsim sweep scenarios/primary_backup.json --vary /agent_groups/supervisor/agents=1..3 \\\n"
         "      --vary /queues/main/capacity=20,40 --json sweep.json --report sweep.html\n",
         ""},
    Help{"check",
         "  ccsim check scenarios/primary_backup.json\n"
         "  ccsim check scenarios/*.json --replications 40 --junit check.xml\n"
         "  ccsim check scenarios/primary_backup.json --json - | jq .failed\n",
         "  1  an expectation failed\n"},
    Help{"compare",
         "  ccsim compare scenarios/bank_weekday.json scenarios/primary_backup.json\n"
         "  ccsim compare baseline.json candidate.json --fail-if-worse service_level/20 --json diff.json\n",
         "  1  B is significantly worse than A on a --fail-if-worse metric\n"},
    Help{"validate",
         "  ccsim validate scenarios/primary_backup.json\n"
         "  ccsim validate scenarios/primary_backup.json --strict --json -\n",
         "  1  --strict and there are warnings\n"},
    Help{"graph",
         "  ccsim graph scenarios/primary_backup.json | dot -Tsvg > routing.svg\n",
         ""},
    Help{"exact",
         "  ccsim exact scenarios/erlang_c_textbook.json\n"
         "  ccsim exact scenarios/erlang_c_textbook.json --set /agent_groups/0/agents=30 --json -\n",
         ""},
    Help{"erlang",
         "  ccsim erlang c --calls-per-hour 360 --handle-time 4m --agents 28 --within 20s\n"
         "  ccsim erlang a --calls-per-hour 360 --handle-time 4m --agents 26 --patience 3m --json -\n"
         "  ccsim erlang b --calls-per-hour 120 --handle-time 3m --agents 8\n",
         ""},
    Help{"staff",
         "  ccsim staff --calls-per-hour 360 --handle-time 240s --target 0.8 --within 20s\n"
         "  ccsim staff scenarios/bank_weekday.json --simulate --json staffing.json\n",
         ""},
    Help{"optimize",
         "  ccsim optimize staffing scenarios/bank_weekday.json --json staffing.json --report staffing.html\n"
         "  ccsim optimize staffing scenarios/bank_weekday.json --shifts scenarios/shifts/day_shifts.json -o planned.json\n"
         "  ccsim optimize routing scenarios/primary_backup.json \\\n"
         "      --vary /queues/main/overflow/1/when/queue_length/at_least=2,4,6,8 --maximize service_level/20 \\\n"
         "      --report routing.html\n",
         "  1  no staffing within --max-agents meets every expectation, or the verification run misses one\n"},
    Help{"init",
         "  ccsim init -o my_center.json\n"
         "  ccsim init --template failover -o drill.json && ccsim run drill.json\n",
         ""},
    Help{"fit",
         "  ccsim fit scenarios/data/anonymous_bank_1999_08.csv --format anonymous-bank --days sun-thu \\\n"
         "      --hours 07:00-24:00 --train 2010-08-15..2010-08-24 --test 2010-08-25..2010-08-31 \\\n"
         "      -o bank.json --report fit.html\n",
         ""},
};
// clang-format on

std::string footer(const Help& h) {
  return std::string("EXAMPLES:\n") + h.examples + "\nEXIT STATUS:\n  0  success\n" + h.exit_status + kBadInput;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every spelling of the options of `cmd`: "--replications", "-r".
std::vector<std::string> option_names(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const auto* opt : cmd.get_options()) {
    for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
    for (const auto& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

}  // namespace

void add_help_footers(CLI::App& app) {
  for (const auto& h : kHelp) {
    CLI::App* target = *h.command == '\0' ? &app : app.get_subcommand_ptr(h.command).get();
    target->footer(footer(h));
  }
}

std::optional<std::string> unknown_command(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty() || args.front().empty() || args.front().front() == '-') return std::nullopt;
  const auto names = command_names(app);
  if (std::find(names.begin(), names.end(), args.front()) != names.end()) return std::nullopt;
  std::string msg = "unknown command \"" + args.front() + "\"";
  const auto hint = scenario::did_you_mean(args.front(), names);
  if (!hint.empty()) msg += " (did you mean \"" + hint + "\"?)";
  return msg + "; commands: " + quoted_list(names) + " (ccsim --help lists them)";
}

std::vector<std::string> unknown_options(const CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> out;
  if (args.empty()) return out;
  const auto names = command_names(app);
  if (std::find(names.begin(), names.end(), args.front()) == names.end()) return out;
  const CLI::App& cmd = *app.get_subcommand_ptr(args.front());
  const auto known = option_names(cmd);
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    // Options only: "-" is stdout, "-5" a number.
    if (a.size() < 2 || a.front() != '-' || (a[1] != '-' && (std::isdigit(static_cast<unsigned char>(a[1])) != 0)))
      continue;
    const std::string name = a.substr(0, a.find('='));
    if (name == "--help" || name == "-h" || std::find(known.begin(), known.end(), name) != known.end()) continue;
    if (a[1] != '-' && a.size() > 2 && std::find(known.begin(), known.end(), a.substr(0, 2)) != known.end())
      continue;  // "-r5": a short option and its value
    std::string msg = args.front() + ": unknown option " + name;
    const auto hint = scenario::did_you_mean(name, known);
    if (!hint.empty()) msg += " (did you mean " + hint + "?)";
    out.push_back(msg);
  }
  return out;
}

CLI::Validator csv_directory() {
  return {[](const std::string& dir) -> std::string {
            if (dir == "-")
              return "writes several files into a directory; \"-\" (stdout) is not one (--json - writes to stdout)";
            return {};
          },
          "DIR"};
}

}  // namespace ccsim::cli
