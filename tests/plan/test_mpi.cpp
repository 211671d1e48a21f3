// MPI runs (`mpirun -n K ccsim run|sweep ...`): the same bytes as one process with the same seed
// (table, --json, --csv), and bad input ending every rank with exit code 2 and one message.
// They need a ccsim built with MPI (`ccsim --version` ends in "(MPI)") and mpirun on the PATH,
// and are skipped, saying so, otherwise. MpiFigures checks what an MPI run relies on in any
// build: figures computed by one Summary and appended to another are those `add` appends.
#include "analysis/estimators/summary.hpp"
#include "sim/model/runner.hpp"
#include "sim/scenario/loader.hpp"
#include "tests/support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace ccsim {
namespace {

namespace fs = std::filesystem;

const std::string primary_backup = std::string(CCSIM_SCENARIO_DIR) + "/primary_backup.json";

// Bit patterns, so that NaN equals NaN and -0 differs from 0: the figures must travel exactly.
std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  for (const double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

TEST(MpiFigures, AddFiguresAppendsWhatAddAppends) {
  // failover_drill has site outages, whose figures are laid out from the tally.
  for (const std::string name : {"primary_backup.json", "failover_drill.json"}) {
    const model::Scenario sc = scenario::load_scenario_file(std::string(CCSIM_SCENARIO_DIR) + "/" + name);
    analysis::Summary direct(sc);
    analysis::Summary sent(sc);  // never sees a tally, as rank 0 for replications other ranks ran
    for (std::uint32_t r = 0; r < 3; ++r) {
      const auto tally = model::run_replication(sc, r);
      direct.add(tally);
      sent.add_figures(direct.figures_of(tally));
    }
    ASSERT_EQ(sent.keys(), direct.keys()) << name;
    EXPECT_EQ(sent.replications(), 3U);
    EXPECT_EQ(sent.events(), direct.events());
    EXPECT_EQ(sent.calls_simulated(), direct.calls_simulated());
    for (const auto& key : direct.keys()) {
      EXPECT_EQ(bits(sent.values(key)), bits(direct.values(key)))
          << name << ": " << key.section << "/" << key.name << "/" << key.interval << "/" << key.metric;
    }
  }
}

class Mpi : public testing::CliTest {
protected:
  void SetUp() override {
    CliTest::SetUp();
    const auto version = ccsim("--version");
    if (version.out.find("(MPI)") == std::string::npos) {
      GTEST_SKIP() << "ccsim was built without MPI (`ccsim --version`: " << version.out
                   << "): install libopenmpi-dev openmpi-bin and reconfigure (CCSIM_WITH_MPI=AUTO or ON)";
    }
    if (shell("command -v mpirun").exit_code != 0) GTEST_SKIP() << "no mpirun on the PATH (Debian: openmpi-bin)";
  }

  // `command` run by the shell, stdout and stderr captured.
  testing::CliOutcome shell(const std::string& command) const {
    const fs::path out = dir_ / "stdout.txt";
    const fs::path err = dir_ / "stderr.txt";
    const int status =
        std::system((command + " >" + quoted(out.string()) + " 2>" + quoted(err.string()) + " </dev/null").c_str());
    testing::CliOutcome o;
    if (status != -1 && WIFEXITED(status)) o.exit_code = WEXITSTATUS(status);
    o.out = read(out);
    o.err = read(err);
    return o;
  }

  // `mpirun -n N ccsim ARGS`.
  testing::CliOutcome ranks(int n, const std::string& args) const {
    return shell("mpirun --oversubscribe --allow-run-as-root -n " + std::to_string(n) + " " + quoted(CCSIM_BINARY) +
                 " " + args);
  }

  // Runs `args` (with {out} standing for an output directory) alone and on `n` ranks, and
  // expects the same stdout and the same `files` in the output directory, byte for byte.
  void expect_same_bytes(const std::string& args, int n, const std::vector<std::string>& files) const {
    const auto with = [&](const std::string& name) {
      std::string a = args;
      const fs::path d = dir_ / name;
      fs::create_directories(d);
      for (auto at = a.find("{out}"); at != std::string::npos; at = a.find("{out}")) a.replace(at, 5, d.string());
      return a;
    };
    const auto one = ccsim(with("alone"));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    const auto many = ranks(n, with("ranks"));
    ASSERT_EQ(many.exit_code, 0) << many.err;
    EXPECT_EQ(many.out, one.out);
    for (const auto& f : files) {
      const auto a = read(dir_ / "alone" / f);
      EXPECT_FALSE(a.empty()) << f;
      EXPECT_EQ(read(dir_ / "ranks" / f), a) << f;
    }
  }
};

TEST_F(Mpi, SweepOnTwoRanksWritesTheSameBytes) {
  // 3 points of 5 replications on 2 ranks: rank 1 starts in the middle of point 2, so rank 0
  // adds figures of replications it never ran, and a point is split between ranks.
  expect_same_bytes("sweep " + quoted(primary_backup) +
                        " --vary /queues/0/overflow/1/when/queue_length/at_least=2,4,8 -r 5 --threads 1"
                        " --json {out}/sweep.json --csv {out}",
                    2, {"sweep.json", "sweep.csv"});
}

TEST_F(Mpi, RunOnTwoRanksWritesTheSameBytes) {
  expect_same_bytes("run " + quoted(primary_backup) + " -r 6 --threads 1 --json {out}/run.json --csv {out}", 2,
                    {"run.json", "summary.csv", "groups.csv", "intervals.csv"});
  // More ranks than replications: some ranks run none.
  expect_same_bytes("run " + quoted(primary_backup) + " -r 2 --json {out}/run.json", 3, {"run.json"});
}

TEST_F(Mpi, PrecisionRunsTheSameReplicationsOnTwoRanks) {
  // Batches in lockstep: every rank sees every figure and takes the same decisions.
  expect_same_bytes("run " + quoted(primary_backup) + " -r 3 --precision 0.015 --threads 1 --json {out}/run.json", 2,
                    {"run.json"});
}

TEST_F(Mpi, BadInputEndsEveryRankWithExitTwoAndOneMessage) {
  const auto bad = ranks(2, "sweep " + quoted(primary_backup) + " --vary /queues/0/capacity=abc -r 2");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  const std::string message = "/queues/0/capacity: expected a whole number";
  const auto first = bad.err.find(message);
  ASSERT_NE(first, std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find(message, first + 1), std::string::npos) << "printed by more than one rank:\n" << bad.err;

  // A failure on rank 1 alone (here, a scenario file it cannot find) while rank 0 simulates:
  // rank 0 must not wait forever, and rank 1 says what went wrong.
  const std::string missing = (dir_ / "missing.json").string();
  const auto one_rank =
      shell("mpirun --oversubscribe --allow-run-as-root -n 1 " + quoted(CCSIM_BINARY) + " run " +
            quoted(primary_backup) + " -r 2 : -n 1 " + quoted(CCSIM_BINARY) + " run " + quoted(missing) + " -r 2");
  EXPECT_EQ(one_rank.exit_code, 2);
  EXPECT_NE(one_rank.err.find(missing), std::string::npos) << one_rank.err;
}

}  // namespace
}  // namespace ccsim
