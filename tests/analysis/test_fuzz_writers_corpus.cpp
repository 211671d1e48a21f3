// The results-writers fuzz target's harness (fuzz/writers_harness.hpp) in the normal suite: its
// seed corpus (fuzz/corpus_writers: results documents of runs, a sweep and a comparison that
// ccsim wrote) goes through the HTML writers, and the loader's small scenarios through every
// writer after a short simulation; damaged documents are refused, never a crash.
#include "fuzz/writers_harness.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace ccsim::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path fuzz_dir = fs::path(CCSIM_SCENARIO_DIR) / ".." / "fuzz";

TEST(FuzzWritersCorpus, OwnResultsDocumentsAreWritten) {
  int documents = 0;
  for (const auto& file : testing::case_files(fuzz_dir / "corpus_writers")) {
    EXPECT_EQ(check_writers_text(testing::read_text(fuzz_dir / "corpus_writers" / file)), WritersOutcome::Written)
        << file;
    ++documents;
  }
  EXPECT_GE(documents, 5);
}

TEST(FuzzWritersCorpus, SmallScenariosGoThroughEveryWriter) {
  int written = 0;
  for (const auto& file : testing::case_files(fuzz_dir / "corpus")) {
    if (file.rfind("small_", 0) != 0) continue;
    const auto outcome = check_writers_text(testing::read_text(fuzz_dir / "corpus" / file));
    EXPECT_NE(outcome, WritersOutcome::TooManyCalls) << file;
    written += outcome == WritersOutcome::Written;
  }
  EXPECT_GE(written, 5);
}

TEST(FuzzWritersCorpus, DamagedDocumentsAreRefusedOrWrittenNotCrashed) {
  const std::string run = testing::read_text(fuzz_dir / "corpus_writers" / "results_run_small.json");
  // Cut short: not JSON, and not a scenario either.
  EXPECT_EQ(check_writers_text(run.substr(0, run.size() / 2)), WritersOutcome::NotAScenario);
  // Values of the wrong kind where the report reads figures.
  for (const char* part : {"totals", "call_types", "queues", "agent_groups", "intervals", "expectations"}) {
    for (const auto& bad : {analysis::Json("text"), analysis::Json::array({1, 2}), analysis::Json(nullptr)}) {
      auto doc = analysis::Json::parse(run);
      doc[part] = bad;
      const auto outcome = check_writers_text(doc.dump());
      EXPECT_TRUE(outcome == WritersOutcome::Refused || outcome == WritersOutcome::Written) << part << " " << bad;
    }
  }
}

}  // namespace
}  // namespace ccsim::fuzz
