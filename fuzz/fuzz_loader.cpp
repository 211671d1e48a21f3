// libFuzzer entry point: every input goes through the scenario loader, the routing checks and
// a short simulation (fuzz/harness.hpp says what counts as a finding).
#include "fuzz/harness.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)ccsim::fuzz::check_scenario_text(text);
  return 0;
}
