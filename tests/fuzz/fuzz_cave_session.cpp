// SPDX-License-Identifier: MIT
// CAVE session.json text through parseCaveSession: the metadata it keeps must
// be JSON again (the project stores and re-reads it), and every camera names
// a file.
#include <cstdint>
#include <string>
#include <string_view>

#include "importers/cave/cave_session.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla::importers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    CaveSessionInfo info;
    ImportResult result;
    if (!parseCaveSession(text, "session.json", info, result)) {
        FUZZ_CHECK(result.hasErrors());
        return 0;
    }
    FUZZ_CHECK(corevla::fuzz::isValidJson(info.metadataJson));
    for (const CaveVideo& video : info.videos) FUZZ_CHECK(!video.file.empty());
    return 0;
}
