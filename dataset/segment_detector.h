// SPDX-License-Identifier: MIT
// Finds the moments annotators turn into preference pairs: takeovers (with
// what led to them), failures around infractions and collisions, and, where
// a recording has no authority signal, stretches where the driver's controls
// diverged from the model's. Frames are Frame::index.
#pragma once

#include <vector>

#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla::dataset {

struct DetectOptions {
    double leadInS = 3.0;           // shown before a takeover or an infraction
    double trailS = 2.0;            // shown after an infraction
    double steerDivergence = 0.25;  // |driver - model| steer, [-1, 1]
    double pedalDivergence = 0.4;   // |driver - model| throttle or brake, [0, 1]
    double minDivergenceS = 1.0;    // shorter divergences are noise
};

// A takeover segment runs from leadInS before the driver took over to the
// frame where the model has authority again (or the recording's end).
// Each segment has kind, frames, times, category (the recording's scenario)
// and detectedKey ("takeover@31": the kind and the event frame), so that
// detecting again finds the same segment.
std::vector<Segment> detectSegments(const Recording& recording, const DetectOptions& options = {});

}  // namespace corevla::dataset
