// SPDX-License-Identifier: MIT
// CAVE log.jsonl text through parseCaveLog. Checks what playback relies on:
// ticks strictly in time order, and every event and decision on a tick.
#include <cstdint>
#include <string>

#include <simdjson.h>

#include "importers/cave/cave_session.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla;
using namespace corevla::importers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    text.append(simdjson::SIMDJSON_PADDING, '\0');  // the caller's promise, as read() keeps it
    Recording rec;
    ImportResult result;
    parseCaveLog(std::string_view(text.data(), size), "log.jsonl", rec, result, ImportOptions{});
    const int n = static_cast<int>(rec.frames.size());
    for (int i = 0; i < n; ++i) {
        FUZZ_CHECK(rec.frames[i].index == i);
        FUZZ_CHECK(i == 0 || rec.frames[i].t > rec.frames[i - 1].t);
    }
    for (const Event& e : rec.events) FUZZ_CHECK(e.frame >= 0 && e.frame < n);
    for (const Decision& d : rec.decisions) FUZZ_CHECK(d.frame >= 0 && d.frame < n);
    return 0;
}
