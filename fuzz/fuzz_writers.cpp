// libFuzzer target over the results writers: a fuzzed results document through the HTML
// report writers, or a fuzzed scenario simulated briefly and written as table, JSON, CSV and
// HTML (fuzz/writers_harness.hpp says what counts as a finding).
#include "fuzz/writers_harness.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)ccsim::fuzz::check_writers_text(text);
  return 0;
}
