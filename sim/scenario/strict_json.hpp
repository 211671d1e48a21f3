// Strict JSON for scenario files (internal to sim/scenario): what nlohmann's parser lets
// through and a scenario must not hold. A NUL byte (nlohmann stops reading there, so whatever
// follows would be ignored) and a key given twice in one object (the last would silently win)
// are errors naming their line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ccsim::scenario {

// The most bytes a scenario file may hold (64 MiB): a longer file, or an endless one
// (/dev/zero), is refused after reading that much instead of filling memory.
constexpr std::size_t kMaxScenarioBytes = std::size_t{64} << 20;

// "SOURCE:LINE:COL: malformed JSON: NUL byte ..." for the first NUL byte of `text`, or "".
[[nodiscard]] std::string nul_byte_error(const std::string& text, const std::string& source);

// For `text`, JSON that nlohmann has parsed: one message per key given twice in an object,
// "SOURCE: /POINTER: duplicate key "KEY" at line L (first at line M)".
[[nodiscard]] std::vector<std::string> duplicate_key_errors(const std::string& text, const std::string& source);

}  // namespace ccsim::scenario
