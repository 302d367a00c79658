// SPDX-License-Identifier: MIT
// Preference pairs from normal driving: where whoever drove kept or gained
// speed in their lane and nobody took over, that answer is *chosen* and
// braking to a stop for the same reason is *rejected*; where they sped up,
// keeping the speed is rejected too (a second pair).
//
// Why: takeover pairs teach DPO to brake for what caused a takeover. On
// their own they also teach "a car ahead or beside is a reason to stop":
// the refined model braked for cars driving on in the next lane, then kept
// its crawl (KEEP holds the speed) until the route timed out
// (docs/closed-loop.md). The SFT replay did not undo it; these pairs say
// where braking, and crawling on, are the wrong answers, in DPO's own terms.
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
// horizon) is FOLLOW_LANE with KEEP or ACCELERATE, behind a vehicle, beside
// one or on a clear road — never the long tail's moments: a walker or an
// ambulance ahead, a car moving into our lane (a cut-in's first second), an
// ambulance near (a give-way); nor where a prompt image was missing on
// import, as frameExamples() skips them. Each rejects STOP; a speed-up also
// rejects KEEP. Drafts: segment 0, the recording and its prompt frames.
std::vector<PreferencePair> normalDrivingPairs(const Recording& recording, const std::vector<Segment>& exclude,
                                               const NormalPairOptions& options = {});

}  // namespace corevla::dataset
