// SPDX-License-Identifier: MIT
// Bench2Drive closed-loop results JSON through readBench2DriveResults, as if
// the file lay in an empty folder (no saved frames to find).
#include <cstdint>
#include <string>

#include "importers/bench2drive/bench2drive_eval.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla;
using namespace corevla::importers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path path = corevla::fuzz::scratchDir() / "results.json";
    ImportOptions options;
    options.threads = 1;
    const ImportResult result =
        readBench2DriveResults(path, std::string(reinterpret_cast<const char*>(data), size), options);
    for (const Recording& rec : result.recordings) {
        FUZZ_CHECK(rec.eval.has_value());
        FUZZ_CHECK(corevla::fuzz::isValidJson(rec.metadataJson));
        for (const Event& e : rec.events) FUZZ_CHECK(e.kind == EventKind::Infraction);
    }
    return 0;
}
