// Output integrity: every file ccsim writes goes through write_output_file. A regular file is
// written to a temporary file in its own directory, every write, the sync and the close
// checked, then renamed over the target, so that a reader never sees a half-written file and a
// failed write leaves the old file (or none) in place. A device or pipe named as the target
// (/dev/stdout, /dev/full, a FIFO) is written in place, every write checked. Failures throw
// ccsim::InputError "OPTION: cannot write PATH: REASON" (exit 2).
//
// Several outputs of one command (--json, --csv, --report) form one batch: while an
// OutputBatch is alive on the thread, write_output_file only stages each file, and commit()
// renames them all once every one has been written. When one fails, or the batch ends without
// commit(), every temporary is removed and none of the batch's files appears.
//
// check_output_file / check_output_dir test, before any simulating, that an output can be
// written where it was asked for (the directory exists and takes a new file), so that a run of
// hours is not lost to a typo in an output path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ccsim::analysis {

// Writes `content` to `path` (see above); `option` names the output in messages ("--json r.json").
void write_output_file(const std::string& option, const std::string& path, std::string_view content);

// Creates directory `dir` (and missing parents) for an output; inside a batch, directories
// it creates are removed again when the batch fails.
void make_output_dir(const std::string& option, const std::string& dir);

// Files written while it is alive on this thread are staged; commit() puts them in place.
class OutputBatch {
public:
  OutputBatch();
  OutputBatch(const OutputBatch&) = delete;
  OutputBatch& operator=(const OutputBatch&) = delete;
  OutputBatch(OutputBatch&&) = delete;
  OutputBatch& operator=(OutputBatch&&) = delete;
  ~OutputBatch();  // without commit(): removes every temporary and directory it made

  // Renames every staged file into place and writes the in-place ones, in order.
  void commit();

  struct Staged {
    std::string option;
    std::string path;
    std::string temporary;  // empty: written in place at commit (a device, a pipe)
    std::string content;    // only for in-place targets
  };

private:
  void roll_back() noexcept;
  friend void write_output_file(const std::string&, const std::string&, std::string_view);
  friend void make_output_dir(const std::string&, const std::string&);
  std::vector<Staged> staged_;
  std::vector<std::string> made_dirs_;
  OutputBatch* outer_;
  bool done_ = false;
};

// Throws InputError "OPTION: cannot write PATH: REASON" unless a file can be created at
// `path`: its directory exists and takes a new file, and `path` is not a directory.
void check_output_file(const std::string& option, const std::string& path);

// The same for an output directory: `dir` is a directory that takes a new file, or does not
// exist yet and its nearest existing parent is a directory that does.
void check_output_dir(const std::string& option, const std::string& dir);

// Flushes stdout and throws InputError "cannot write stdout: REASON" when anything written to
// it was lost (a full disk, a closed pipe).
void check_stdout();

}  // namespace ccsim::analysis
