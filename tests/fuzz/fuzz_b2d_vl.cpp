// SPDX-License-Identifier: MIT
// Bench2Drive-VL inference JSON through parseVlCall, then attachVlCalls as the
// importer does for a folder. A form feed (never JSON whitespace) separates
// the files of one input, so that one input can be a folder of several.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "importers/bench2drive/bench2drive_vl.h"
#include "tests/fuzz/fuzz_util.h"

using namespace corevla;
using namespace corevla::importers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    simdjson::dom::parser parser;
    std::string scratch;
    std::vector<VlCall> calls;
    while (!rest.empty()) {
        const auto end = std::min(rest.find('\f'), rest.size());
        VlCall call;
        std::string error;
        if (parseVlCall(rest.substr(0, end), parser, scratch, call, &error)) calls.push_back(std::move(call));
        else FUZZ_CHECK(!error.empty());
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    const std::size_t count = calls.size();
    ImportResult result;
    attachVlCalls(calls, "infer_results/model+input/route", result);
    std::size_t decisions = 0;
    for (const DecisionAttachment& a : result.attachments) {
        FUZZ_CHECK(!a.targetName.empty());
        for (std::size_t i = 1; i < a.decisions.size(); ++i) FUZZ_CHECK(a.decisions[i - 1].frame <= a.decisions[i].frame);
        decisions += a.decisions.size();
    }
    FUZZ_CHECK(decisions == count);
    return 0;
}
