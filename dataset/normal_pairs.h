// SPDX-License-Identifier: MIT
// Preference pairs from normal driving: where whoever drove kept or gained
// speed in their lane behind a road user and nobody took over, that answer is
// *chosen* and braking to a stop for the same road user is *rejected*.
//
// Why: takeover pairs teach DPO to brake for what caused a takeover. On
// their own they also teach "a car ahead is a reason to stop": the refined
// model stopped behind cars that were driving away and then kept its crawl
// (docs/closed-loop.md). The SFT replay did not undo it; these pairs say
// where braking is the wrong answer, in DPO's own terms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset/frame_qa.h"
#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla::dataset {

struct NormalPairOptions {
    FrameQaOptions frames;  // where to look and how to ask (its aheadEvery is ignored: every one asks the decision)
    std::string author;
};

// The recording's normal-driving pairs, at the frames sampledFrames() picks
// outside `exclude`: those whose expert action (drivenAction over the
// horizon) is FOLLOW_LANE with KEEP or ACCELERATE while a vehicle is ahead in
// the ego's lane and no emergency vehicle is near (a give-way moment). Drafts: segment 0, the recording and its prompt frames.
std::vector<PreferencePair> normalDrivingPairs(const Recording& recording, const std::vector<Segment>& exclude,
                                               const NormalPairOptions& options = {});

}  // namespace corevla::dataset
