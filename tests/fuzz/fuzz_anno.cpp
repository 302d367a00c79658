// SPDX-License-Identifier: MIT
// Bench2Drive anno/NNNNN.json.gz through AnnoParser::parse, which takes the
// gzip bytes. Gzip input (1f 8b ...) is fed as it is, which exercises the
// inflate and trailer checks; anything else is JSON text that we gzip first,
// so that mutations reach the JSON reading instead of failing the CRC.
#include <cstdint>
#include <string>
#include <string_view>

#include <libdeflate.h>

#include "importers/bench2drive/anno_parser.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla::importers;

namespace {

std::string gzip(const std::uint8_t* data, std::size_t size) {
    static libdeflate_compressor* compressor = libdeflate_alloc_compressor(1);
    std::string out(libdeflate_gzip_compress_bound(compressor, size), '\0');
    out.resize(libdeflate_gzip_compress(compressor, data, size, out.data(), out.size()));
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bool isGzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string gz = isGzip ? std::string(reinterpret_cast<const char*>(data), size) : gzip(data, size);
    AnnoParser parser;
    AnnoFrame anno;
    std::string error;
    const bool ok = parser.parse(gz, anno, true, &error);
    FUZZ_CHECK(ok || !error.empty());
    if (ok) {
        for (const SensorCalibration& camera : anno.cameras) {
            FUZZ_CHECK(camera.folder.starts_with("rgb_"));
            FUZZ_CHECK(corevla::fuzz::isValidJson(camera.json));
        }
    }
    return 0;
}
