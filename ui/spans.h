// SPDX-License-Identifier: MIT
// Helpers shared by the playback panels: takeover spans, frame/time lookups
// (binary searches, so every panel's setFrame() stays O(log n)) and the one
// colour scheme, so the timeline, signals and reasoning panels agree.
#pragma once

#include <QColor>
#include <QString>
#include <string>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

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

// "mm:ss.f"
QString formatTime(double seconds);
// The smallest round time step (0.1 s … 1 h) that cuts `seconds` into at
// most maxTicks pieces: ruler and axis ticks.
double niceTimeStep(double seconds, double maxTicks);

namespace palette {
QColor driver();      // takeover spans, "DRIVER took over"
QColor model();       // model authority hint
QColor infraction();  // triangles and crosses
QColor bookmark();
QColor note();
QColor playhead();
// KEEP / ACCELERATE / DECELERATE / STOP, grey for anything else.
QColor speedCommand(const std::string& speedCmd);
}  // namespace palette

}  // namespace corevla::ui
