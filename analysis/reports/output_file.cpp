#include "analysis/reports/output_file.hpp"

#include "sim/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace ccsim::analysis {

namespace fs = std::filesystem;

namespace {

// The batch that stages this thread's writes (none: they go straight out).
thread_local OutputBatch* current_batch = nullptr;  // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

[[noreturn]] void fail(const std::string& option, const std::string& path, int err) {
  throw InputError(option + ": cannot write " + path + ": " + std::strerror(err));
}

// The directory a file at `path` goes into.
fs::path directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

// Writes all of `content` to `fd`; the errno of a failed write, or 0.
int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// Whether `path` exists and is something else than a regular file or a directory (a device,
// a pipe, a socket): those are written in place.
bool special_target(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// Writes `content` in place into an existing device or pipe.
void write_in_place(const std::string& option, const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) fail(option, path, errno);
  const int err = write_all(fd, content);
  const int closed = ::close(fd) == 0 ? 0 : errno;
  if (err != 0) fail(option, path, err);
  if (closed != 0 && closed != EINTR) fail(option, path, closed);
}

// Creates a temporary file beside `path` holding `content`, synced and closed; its name.
std::string write_temporary(const std::string& option, const std::string& path, std::string_view content) {
  if (fs::is_directory(path)) fail(option, path, EISDIR);
  const fs::path dir = directory_of(path);
  std::string name = (dir / ("." + fs::path(path).filename().string() + ".ccsim-XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(option, path, errno);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  int err = ::fchmod(fd, 0666 & ~mask) == 0 ? 0 : errno;
  if (err == 0) err = write_all(fd, content);
  if (err == 0 && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (::close(fd) != 0 && err == 0 && errno != EINTR) err = errno;
  if (err != 0) {
    ::unlink(name.c_str());
    fail(option, path, err);
  }
  return name;
}

// Tries to create (and removes) a file in `dir`; the errno when that fails, or 0.
int probe_directory(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return errno;
  if (!S_ISDIR(st.st_mode)) return ENOTDIR;
  std::string name = (dir / ".ccsim-probe-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return errno;
  ::close(fd);
  ::unlink(name.c_str());
  return 0;
}

}  // namespace

void write_output_file(const std::string& option, const std::string& path, std::string_view content) {
  OutputBatch* batch = current_batch;
  if (special_target(path)) {
    if (batch == nullptr) {
      write_in_place(option, path, content);
    } else {
      batch->staged_.push_back({option, path, "", std::string(content)});
    }
    return;
  }
  std::string temporary = write_temporary(option, path, content);
  if (batch != nullptr) {
    batch->staged_.push_back({option, path, std::move(temporary), ""});
    return;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temporary.c_str());
    fail(option, path, err);
  }
}

void make_output_dir(const std::string& option, const std::string& dir) {
  // The missing directories, outermost first, so that a failed batch removes what it made.
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = fs::path(dir); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    missing.insert(missing.begin(), p);
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(option + ": cannot create the directory " + dir + ": " + ec.message());
  if (!fs::is_directory(dir)) fail(option, dir, ENOTDIR);
  if (current_batch != nullptr) {
    for (const auto& p : missing) current_batch->made_dirs_.push_back(p.string());
  }
}

OutputBatch::OutputBatch() : outer_(current_batch) { current_batch = this; }

OutputBatch::~OutputBatch() {
  if (!done_) roll_back();
  current_batch = outer_;
}

void OutputBatch::roll_back() noexcept {
  for (const auto& s : staged_) {
    if (!s.temporary.empty()) ::unlink(s.temporary.c_str());
  }
  staged_.clear();
  std::reverse(made_dirs_.begin(), made_dirs_.end());  // deepest first; rmdir removes only empty ones
  for (const auto& dir : made_dirs_) ::rmdir(dir.c_str());
  made_dirs_.clear();
  done_ = true;
}

void OutputBatch::commit() {
  current_batch = outer_;  // from here on, writes go straight out
  try {
    for (Staged& s : staged_) {
      if (s.temporary.empty()) {
        write_in_place(s.option, s.path, s.content);
      } else if (::rename(s.temporary.c_str(), s.path.c_str()) != 0) {
        fail(s.option, s.path, errno);
      } else {
        s.temporary.clear();
      }
    }
  } catch (...) {
    roll_back();
    throw;
  }
  staged_.clear();
  made_dirs_.clear();
  done_ = true;
}

void check_output_file(const std::string& option, const std::string& path) {
  if (path.empty()) fail(option, path, ENOENT);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail(option, path, EISDIR);
    if (!S_ISREG(st.st_mode)) {  // a device or a pipe: written in place
      if (::access(path.c_str(), W_OK) != 0) fail(option, path, errno);
      return;
    }
  }
  if (const int err = probe_directory(directory_of(path)); err != 0) fail(option, path, err);
}

void check_output_dir(const std::string& option, const std::string& dir) {
  if (dir.empty()) fail(option, dir, ENOENT);
  std::error_code ec;
  fs::path p = fs::path(dir);
  while (!p.empty() && !fs::exists(p, ec) && p != p.parent_path()) p = p.parent_path();
  if (p.empty()) p = ".";
  if (const int err = probe_directory(p); err != 0) fail(option, dir, err);
}

void check_stdout() {
  errno = 0;
  std::cout.flush();  // with stdio sync this flushes stdout: its errno is the reason
  int err = errno;
  const bool flushed = std::fflush(stdout) == 0;
  if (err == 0) err = errno;
  if (flushed && !std::ferror(stdout) && std::cout.good()) return;
  throw InputError(std::string("cannot write stdout: ") + (err != 0 ? std::strerror(err) : "write error"));
}

}  // namespace ccsim::analysis
