#include "sim/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace ccsim::detail {

void assert_fail(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "ccsim: internal error: %s failed at %s:%d\n", expr, file, line);
  std::abort();
}

}  // namespace ccsim::detail
