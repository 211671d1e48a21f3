// The project's error type for bad input: its message names the file, JSON pointer and value.
#pragma once

#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ccsim {

// Thrown for anything a user gave that ccsim cannot accept (bad scenario, bad flag value).
// `main` turns it into exit code 2. It carries every problem found, one message per line,
// so that validation can report all errors at once. Bugs use CCSIM_ASSERT, never this.
class InputError : public std::runtime_error {
public:
  explicit InputError(std::string message) : std::runtime_error(message), messages_{std::move(message)} {}
  explicit InputError(std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}

  [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

private:
  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    return out;
  }
  std::vector<std::string> messages_;
};

// Runs `work` and returns what it returns; std::bad_alloc out of it becomes InputError
// "WHAT: out of memory while DOING ..." (exit 2), so that the message names the file and the
// step instead of a bare "std::bad_alloc". The stack unwound up to here has freed what the
// step held, which leaves room for the message.
template <class Work>
decltype(auto) naming_out_of_memory(const std::string& what, const std::string& doing, Work&& work) {
  try {
    return std::forward<Work>(work)();
  } catch (const std::bad_alloc&) {
    throw InputError(what + ": out of memory while " + doing +
                     " (README \"Robustness\": limits; fewer threads, replications or points, or a smaller scenario)");
  }
}

}  // namespace ccsim

// Internal invariant check: a failure is a bug in ccsim, never a user error.
#define CCSIM_ASSERT(cond)                                                \
  do {                                                                    \
    if (!(cond)) ::ccsim::detail::assert_fail(#cond, __FILE__, __LINE__); \
  } while (false)

// The same check on the hottest paths (the event calendar and deadline heap: several times
// per event): on in every build without NDEBUG (Debug, and the sanitizer and fuzzing builds
// CI runs), compiled out of Release, where it costs about 2% of the reference workload. The
// condition still compiles there, unevaluated.
#ifdef NDEBUG
#define CCSIM_HOT_ASSERT(cond) \
  do {                         \
    (void)sizeof(!(cond));     \
  } while (false)
#else
#define CCSIM_HOT_ASSERT(cond) CCSIM_ASSERT(cond)
#endif

namespace ccsim::detail {
[[noreturn]] void assert_fail(const char* expr, const char* file, int line);
}  // namespace ccsim::detail
