// SPDX-License-Identifier: MIT
// Bench2Drive-VL inference outputs (formats.md 3.1): a folder of NNNNN.json
// files, one per VLM call, typically infer_results/<MODEL>+<input>/<save_name>/.
// They become decisions attached to the evaluation recording named by the
// files' `scenario` (= the route's save_name).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace simdjson::dom {
class parser;
}

namespace corevla::importers {

// What one inference file (one VLM call) contributes.
struct VlCall {
    std::string scenario;
    int frame = 0;
    std::string question, answer50, answer43;  // QA items qid 50 (meta-action) and 43 (reasoning)
};

// One inference file's text (also what the fuzzer feeds); false with *error
// set when it is malformed or not an inference file. scratch is reused
// between calls, like the parser.
bool parseVlCall(std::string_view text, simdjson::dom::parser& parser, std::string& scratch, VlCall& call,
                 std::string* error);

// The decisions of parsed calls (taken in frame order, the meta-action carried
// over from call to call), one attachment per scenario into result; calls
// without a scenario are attached to the folder's name.
void attachVlCalls(std::vector<VlCall>& calls, const std::filesystem::path& folder, ImportResult& result);

class Bench2DriveVlImporter : public Importer {
public:
    const char* name() const override { return "bench2drive_vl"; }
    // A folder whose first NNNNN.json shows "scenario" and "frame_number".
    bool recognises(const std::filesystem::path& path) const override;
    // One DecisionAttachment per distinct `scenario` (normally exactly one);
    // a malformed file is an error naming it and the others are still read.

protected:
    ImportResult readPath(const std::filesystem::path& path, const ImportOptions& options) const override;
};

}  // namespace corevla::importers
