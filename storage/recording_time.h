// SPDX-License-Identifier: MIT
// Where things are in a recording's time: takeover spans, and frame/time
// lookups (binary searches, so a panel's setFrame() stays O(log n)). Frame
// numbers are Frame::index throughout. Plain C++: the panels, segment
// detection and the pair drafter share them.
#pragma once

#include <vector>

#include "storage/types.h"

namespace corevla {

// A stretch where the safety driver had authority; frame numbers, inclusive.
struct TakeoverSpan {
    int first = 0, last = 0;
};

// Takeover spans from the TakeoverStart/TakeoverEnd events (paired in frame
// order; an unclosed start runs to the last frame). A recording without
// takeover events gets its spans from the frames' authority instead.
std::vector<TakeoverSpan> takeoverSpans(const Recording& recording);

// Position in recording.frames of the last frame whose index is <= frame
// (frames are sorted by index); 0 when frame is before the first.
// -1 only for a recording without frames.
int framePosition(const Recording& recording, int frame);
// Seconds of a frame number (its timestamp; frame / fps past either end).
double frameTime(const Recording& recording, int frame);
// The frame number whose timestamp is nearest t, clamped to the recording.
int frameAtTime(const Recording& recording, double t);
// Length of the recording's time axis, seconds (at least one frame long).
double recordingSpan(const Recording& recording);

}  // namespace corevla
