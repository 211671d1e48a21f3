// What kind of build the tests run in, for the few tests whose bounds are about time: sanitized
// (AddressSanitizer or UBSan, gcc's or clang's spelling) and optimised (NDEBUG) builds.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define CCSIM_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define CCSIM_TEST_SANITIZED 1
#endif
#endif

namespace ccsim::testing {

#ifdef CCSIM_TEST_SANITIZED
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

#ifdef NDEBUG
inline constexpr bool kOptimizedBuild = true;
#else
inline constexpr bool kOptimizedBuild = false;
#endif

}  // namespace ccsim::testing
