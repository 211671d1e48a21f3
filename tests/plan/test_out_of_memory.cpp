// naming_out_of_memory (sim/error.hpp): std::bad_alloc out of a step becomes InputError naming
// the file and the step (README "Robustness": errors); anything else passes through unchanged.
// The end-to-end cases (an address-space limit while loading and while simulating) are in
// tests/hostile/cases.json.
#include "sim/error.hpp"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>

namespace ccsim {
namespace {

TEST(OutOfMemory, NamesTheFileAndTheStep) {
  try {
    (void)naming_out_of_memory("big.json", "loading the scenario", []() -> int { throw std::bad_alloc(); });
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.messages().size(), 1U);
    EXPECT_EQ(e.messages()[0].rfind("big.json: out of memory while loading the scenario (README", 0), 0U)
        << e.messages()[0];
  }
}

TEST(OutOfMemory, OtherwiseReturnsOrRethrowsUnchanged) {
  EXPECT_EQ(naming_out_of_memory("f.json", "simulating it", [] { return 42; }), 42);
  EXPECT_THROW((void)naming_out_of_memory("f.json", "simulating it", []() -> int { throw std::runtime_error("x"); }),
               std::runtime_error);
  try {
    (void)naming_out_of_memory("f.json", "simulating it", []() -> int { throw InputError("f.json: /horizon: bad"); });
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.messages()[0], "f.json: /horizon: bad");
  }
}

}  // namespace
}  // namespace ccsim
