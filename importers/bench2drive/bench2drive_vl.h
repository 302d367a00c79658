// SPDX-License-Identifier: MIT
// Bench2Drive-VL inference outputs (formats.md 3.1): a folder of NNNNN.json
// files, one per VLM call, typically infer_results/<MODEL>+<input>/<save_name>/.
// They become decisions attached to the evaluation recording named by the
// files' `scenario` (= the route's save_name).
#pragma once

#include "importers/importer.h"

namespace corevla::importers {

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
