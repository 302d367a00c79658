// SPDX-License-Identifier: MIT
// The JPEG/PNG header reader: imageSize on the first bytes of a file, and
// jpegSize on a whole buffer (as the JPEG frame source calls it). A size it
// reports is never negative.
#include <cstdint>

#include "importers/media/image_header.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla::importers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (const auto s = imageSize(data, size)) FUZZ_CHECK(s->first >= 0 && s->second >= 0);
    if (const auto s = jpegSize(data, size)) FUZZ_CHECK(s->first >= 0 && s->second >= 0);
    return 0;
}
