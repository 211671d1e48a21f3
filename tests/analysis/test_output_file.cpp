// The output-integrity layer (analysis/reports/output_file.hpp): atomic replacement, batches
// that appear together or not at all, checked writes, and the checks made before a run.
#include "analysis/reports/output_file.hpp"

#include "sim/error.hpp"
#include "tests/support/files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace ccsim {
namespace {

namespace fs = std::filesystem;

class OutputFile : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "ccsim_output_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // Every entry of the directory, recursively (temporaries included).
  [[nodiscard]] std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(OutputFile, ReplacesAFileWholeAndLeavesNoTemporary) {
  const std::string path = (dir_ / "r.json").string();
  std::ofstream(path) << "old";
  analysis::write_output_file("--json " + path, path, "new content\n");
  EXPECT_EQ(testing::read_text(path), "new content\n");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputFile, ABatchAppearsOnlyAtCommit) {
  const std::string json = (dir_ / "r.json").string();
  const std::string csv = (dir_ / "csv").string();
  {
    analysis::OutputBatch batch;
    analysis::write_output_file("--json " + json, json, "{}\n");
    analysis::make_output_dir("--csv " + csv, csv);
    analysis::write_output_file("--csv " + csv, csv + "/summary.csv", "a,b\n");
    EXPECT_FALSE(fs::exists(json));
    batch.commit();
  }
  EXPECT_EQ(testing::read_text(json), "{}\n");
  EXPECT_EQ(testing::read_text(csv + "/summary.csv"), "a,b\n");
}

TEST_F(OutputFile, AFailedBatchLeavesNothingBehind) {
  const std::string json = (dir_ / "r.json").string();
  const std::string csv = (dir_ / "csv" / "deeper").string();
  const std::string report = (dir_ / "report.html").string();
  fs::create_directory(report);  // the report cannot be written: it is a directory
  try {
    analysis::OutputBatch batch;
    analysis::write_output_file("--json " + json, json, "{}\n");
    analysis::make_output_dir("--csv " + csv, csv);
    analysis::write_output_file("--csv " + csv, csv + "/summary.csv", "a,b\n");
    analysis::write_output_file("--report " + report, report, "<html>");
    batch.commit();
    FAIL() << "the report was written into a directory";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--report " + report + ": cannot write " + report + ": Is a directory");
  }
  EXPECT_FALSE(fs::exists(json));
  EXPECT_FALSE(fs::exists(dir_ / "csv"));  // the directories the batch made are gone too
  EXPECT_EQ(entries(), 1u);                // only the directory standing in for the report
}

TEST_F(OutputFile, AFullDeviceIsAnError) {
  try {
    analysis::write_output_file("--junit /dev/full", "/dev/full", std::string(100000, 'x'));
    FAIL() << "/dev/full took the bytes";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--junit /dev/full: cannot write /dev/full: No space left on device");
  }
}

TEST_F(OutputFile, PathsAreCheckedBeforeAnyWork) {
  EXPECT_NO_THROW(analysis::check_output_file("--json", (dir_ / "new.json").string()));
  EXPECT_NO_THROW(analysis::check_output_dir("--csv", (dir_ / "a" / "b").string()));
  EXPECT_THROW(analysis::check_output_file("--json", (dir_ / "missing" / "x.json").string()), InputError);
  EXPECT_THROW(analysis::check_output_file("--json", dir_.string()), InputError);
  std::ofstream(dir_ / "plain") << "x";
  EXPECT_THROW(analysis::check_output_dir("--csv", (dir_ / "plain" / "out").string()), InputError);
  EXPECT_EQ(entries(), 1u);  // the probes leave nothing
}

}  // namespace
}  // namespace ccsim
