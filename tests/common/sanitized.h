// SPDX-License-Identifier: MIT
// Whether this test was built with a sanitizer (`make sanitize`). Tests that
// hold code to a time budget only report the time there: ASan makes code 2-3x
// slower and TSan 5-15x, so the budget says nothing about the real build.
#pragma once

namespace corevla::testing {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)  // gcc
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)                                          // clang
inline constexpr bool kSanitized = __has_feature(address_sanitizer) || __has_feature(thread_sanitizer);
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace corevla::testing
