// SPDX-License-Identifier: MIT
// Bench2Drive closed-loop evaluation output (formats.md 2 and 3):
//   eval/results.json                               the leaderboard checkpoint
//   eval/Qwen2.5VL+all_cams/<save_name>/            frames the Bench2Drive-VL agent saved
//       camera/rgb_front|rgb_front_left|rgb_front_right/NNNNN.jpg, anno/NNNNN.json.gz
//   eval/infer_results/Qwen2.5VL+all_cams/<save_name>/NNNNN.json   VLM answers (1 Hz)
#pragma once

#include "importers/sample/gen_context.h"
#include "importers/sample/scenarios.h"
#include "importers/sample/truth.h"

#include <string>

namespace corevla::sample {

constexpr const char* kEvalModelDir = "Qwen2.5VL+all_cams";

std::string saveName(const EvalInfo& info);

struct EvalRoute {
    const Timeline* tl;
    EvalInfo info;
    bool inference;  // write infer_results for this route
};

// Writes both routes' frames, the inference files and results.json.
std::string writeEvaluation(GenContext& ctx, const EvalRoute& a, const EvalRoute& b, TruthRecord& truthA,
                            TruthRecord& truthB);

}  // namespace corevla::sample
