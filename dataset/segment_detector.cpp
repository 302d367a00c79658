// SPDX-License-Identifier: MIT
#include "dataset/segment_detector.h"

#include <algorithm>
#include <cmath>

#include "storage/recording_time.h"

namespace corevla::dataset {
namespace {

// The frame `seconds` before (negative: after) frame `index`, kept inside the recording.
int shifted(const Recording& r, int index, double seconds) {
    return frameAtTime(r, frameTime(r, index) - seconds);
}

Segment make(const Recording& r, SegmentKind kind, int start, int end, int event) {
    Segment s;
    s.recording = r.id;
    s.kind = kind;
    s.startFrame = start;
    s.endFrame = std::max(start, end);
    s.eventFrame = event;
    s.startS = frameTime(r, s.startFrame);
    s.endS = frameTime(r, s.endFrame);
    s.eventS = event >= 0 ? frameTime(r, event) : -1;
    s.category = r.scenario;
    s.author = "detector";
    s.detectedKey = std::string(segmentKindName(kind)) + "@" + std::to_string(event);
    return s;
}

// Where the model has authority again after a takeover (or the recording's
// end): the first model frame after the driver's, whether or not the log
// marked the end, so logged and derived takeovers end alike.
int modelAgain(const Recording& r, const TakeoverSpan& span) {
    bool driverSeen = false;
    for (std::size_t i = std::size_t(std::max(0, framePosition(r, span.first))); i < r.frames.size(); ++i) {
        if (r.frames[i].authority == Authority::Driver) driverSeen = true;
        else if (driverSeen) return r.frames[i].index;
    }
    return driverSeen ? r.frames.back().index : span.last;  // no authority signal: the events' end
}

bool diverges(const Frame& f, const DetectOptions& o) {
    if (!f.driver) return false;
    return std::abs(f.driver->steer - f.model.steer) > o.steerDivergence ||
           std::abs(f.driver->throttle - f.model.throttle) > o.pedalDivergence ||
           std::abs(f.driver->brake - f.model.brake) > o.pedalDivergence;
}

}  // namespace

std::vector<Segment> detectSegments(const Recording& r, const DetectOptions& o) {
    std::vector<Segment> found;
    if (r.frames.empty()) return found;
    const auto spans = takeoverSpans(r);
    // A takeover, from lead-in seconds before it to the model having authority again.
    for (const TakeoverSpan& span : spans)
        found.push_back(make(r, SegmentKind::Takeover, shifted(r, span.first, o.leadInS), modelAgain(r, span), span.first));
    for (const Event& e : r.events) {
        if ((e.kind != EventKind::Infraction && e.kind != EventKind::Collision) || e.frame < 0) continue;
        // A collision inside a takeover is part of that takeover's segment.
        const bool inTakeover = std::any_of(spans.begin(), spans.end(), [&](const TakeoverSpan& s) {
            return e.frame >= s.first && e.frame <= s.last;
        });
        if (inTakeover) continue;
        Segment s = make(r, SegmentKind::Infraction, shifted(r, e.frame, o.leadInS), shifted(r, e.frame, -o.trailS), e.frame);
        const bool twice = std::any_of(found.begin(), found.end(), [&](const Segment& f) { return f.detectedKey == s.detectedKey; });
        if (!twice) found.push_back(std::move(s));  // an infraction and its collision event share a frame
    }
    // Without an authority signal, where the driver's controls disagree with the model's for long enough.
    const bool anyAuthority = std::any_of(r.frames.begin(), r.frames.end(),
                                          [](const Frame& f) { return f.authority == Authority::Driver; });
    if (spans.empty() && !anyAuthority) {
        std::size_t i = 0;
        while (i < r.frames.size()) {
            if (!diverges(r.frames[i], o)) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j + 1 < r.frames.size() && diverges(r.frames[j + 1], o)) ++j;
            const int first = r.frames[i].index, last = r.frames[j].index;
            if (r.frames[j].t - r.frames[i].t + 1.0 / (r.fps > 0 ? r.fps : 10) >= o.minDivergenceS)
                found.push_back(make(r, SegmentKind::Divergence, shifted(r, first, o.leadInS), last, first));
            i = j + 1;
        }
    }
    std::sort(found.begin(), found.end(), [](const Segment& a, const Segment& b) { return a.startFrame < b.startFrame; });
    return found;
}

}  // namespace corevla::dataset
