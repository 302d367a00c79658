// SPDX-License-Identifier: MIT
// Segments and pairs as the CLI prints them (`--json`) and scripts read them.
#pragma once

#include <vector>

#include "dataset/pair_lint.h"
#include "storage/annotation.h"
#include "storage/json_writer.h"

namespace corevla::dataset {

// {"id", "recording", "kind", "start_frame", "end_frame", "event_frame",
//  "start_s", "end_s", "event_s", "category", "note", "author", "edited", "detached", "version"}
void writeSegment(JsonWriter& w, const Segment& segment);

// {"id", "segment", "recording", "status", "version", "question", "chosen", "rejected",
//  "chosen_action": {"speed", "direction"}, "rejected_action": {...}, "decision_frame",
//  "prompt_frames", "camera", "images", "author", "reviewer", "lint": [{"code", "message"}]}
// (segment and recording null for a pair imported from a dataset file)
void writePair(JsonWriter& w, const PreferencePair& pair, const std::vector<LintIssue>& lint);

}  // namespace corevla::dataset
