// SPDX-License-Identifier: MIT
#include "storage/recording_time.h"

#include <algorithm>
#include <cmath>

namespace corevla {

std::vector<TakeoverSpan> takeoverSpans(const Recording& recording) {
    std::vector<const Event*> marks;
    for (const Event& e : recording.events)
        if (e.frame >= 0 && (e.kind == EventKind::TakeoverStart || e.kind == EventKind::TakeoverEnd)) marks.push_back(&e);
    // Starts before ends on the same frame, so a one-frame takeover pairs up.
    std::stable_sort(marks.begin(), marks.end(), [](const Event* a, const Event* b) {
        if (a->frame != b->frame) return a->frame < b->frame;
        return a->kind == EventKind::TakeoverStart && b->kind != EventKind::TakeoverStart;
    });
    const int lastFrame = recording.frames.empty() ? 0 : recording.frames.back().index;
    std::vector<TakeoverSpan> spans;
    if (!marks.empty()) {
        int open = -1;
        for (const Event* e : marks) {
            if (e->kind == EventKind::TakeoverStart) {
                if (open < 0) open = e->frame;
            } else if (open >= 0) {
                spans.push_back({open, e->frame});
                open = -1;
            }  // an end without a start: the importer derives starts, nothing to draw
        }
        if (open >= 0) spans.push_back({open, std::max(open, lastFrame)});
        return spans;
    }
    for (const Frame& f : recording.frames) {
        if (f.authority != Authority::Driver) continue;
        if (spans.empty() || spans.back().last < f.index - 1) spans.push_back({f.index, f.index});
        else spans.back().last = f.index;
    }
    return spans;
}

int framePosition(const Recording& recording, int frame) {
    const auto& frames = recording.frames;
    if (frames.empty()) return -1;
    // Fast path: the usual recording numbers its frames 0..n-1.
    if (frame >= 0 && frame < int(frames.size()) && frames[frame].index == frame) return frame;
    const auto it = std::upper_bound(frames.begin(), frames.end(), frame,
                                     [](int value, const Frame& f) { return value < f.index; });
    return it == frames.begin() ? 0 : int(it - frames.begin()) - 1;
}

double frameTime(const Recording& recording, int frame) {
    const auto& frames = recording.frames;
    const double fps = recording.fps > 0 ? recording.fps : 10;
    if (frames.empty()) return frame / fps;
    const Frame& f = frames[framePosition(recording, frame)];
    return f.t + (frame - f.index) / fps;
}

int frameAtTime(const Recording& recording, double t) {
    const auto& frames = recording.frames;
    if (frames.empty()) return 0;
    const auto it = std::lower_bound(frames.begin(), frames.end(), t, [](const Frame& f, double v) { return f.t < v; });
    if (it == frames.begin()) return frames.front().index;
    if (it == frames.end()) return frames.back().index;
    const auto before = it - 1;
    return (t - before->t <= it->t - t) ? before->index : it->index;
}

double recordingSpan(const Recording& recording) {
    const double frameLength = 1.0 / (recording.fps > 0 ? recording.fps : 10);
    if (recording.frames.empty()) return std::max(recording.durationS, frameLength);
    return std::max(recording.frames.back().t - recording.frames.front().t, frameLength);
}

}  // namespace corevla
