// SPDX-License-Identifier: MIT
#include "dataset/frame_qa.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "storage/annotation_store.h"
#include "storage/project.h"
#include "storage/recording_time.h"

namespace corevla::dataset {
namespace {

// Whether the recording knows the road users around the ego (Bench2Drive's
// boxes, our CAVE `objects`); without, the "what is ahead" question has no answer.
bool hasScene(const Recording& r) {
    return std::any_of(r.frames.begin(), r.frames.end(), [](const Frame& f) { return !f.objects.empty(); });
}

std::string aheadAnswer(const Frame& frame) {
    const auto ahead = objectAhead(frame);
    if (!ahead) return "Nothing is within 60 m ahead of the ego vehicle.";
    std::string text = objectPhrase(ahead->object);
    if (!text.empty()) text[0] = char(std::toupper(static_cast<unsigned char>(text[0])));
    const std::string where = ahead->inLane ? "in our lane" : ahead->lateral < 0 ? "on the left" : "on the right";
    text += ahead->distance < 1.0 ? " is right in front of us, " + where : " is " + wholeUnits(ahead->distance) + " m ahead " + where;
    return text + (ahead->object.speed < 0.5 ? ", standing still." : ", moving at " + wholeUnits(ahead->object.speed) + " m/s.");
}

bool insideAny(const std::vector<Segment>& segments, int frame) {
    return std::any_of(segments.begin(), segments.end(),
                       [&](const Segment& s) { return frame >= s.startFrame && frame <= s.endFrame; });
}

std::string label(const Recording& r) { return "recording " + std::to_string(r.id) + " (" + r.name + ")"; }

}  // namespace

std::optional<int> firstMissingImage(const Recording& r, const std::string& camera, const std::vector<int>& promptFrames) {
    const auto cam = std::find_if(r.cameras.begin(), r.cameras.end(), [&](const Camera& c) { return c.name == camera; });
    if (cam == r.cameras.end()) return promptFrames.empty() ? std::nullopt : std::optional<int>(promptFrames.front());
    const std::uint32_t bit = 1u << std::min<std::ptrdiff_t>(cam - r.cameras.begin(), 31);
    for (int index : promptFrames) {
        const int p = framePosition(r, index);
        if (p >= 0 && (r.frames[std::size_t(p)].missingCameras & bit)) return index;
    }
    return std::nullopt;
}

PreferencePair asChosen(FrameExample e) {
    PreferencePair p;
    p.recording = e.recording;
    p.decisionFrame = e.frame;
    p.promptFrames = std::move(e.promptFrames);
    p.camera = std::move(e.camera);
    p.question = std::move(e.question);
    p.chosen = std::move(e.answer);
    p.chosenAction = std::move(e.action);
    return p;
}

std::vector<int> sampledFrames(const Recording& r, const FrameQaOptions& o, const std::vector<Segment>& exclude,
                               int* excluded) {
    std::vector<int> frames;
    if (r.frames.empty() || o.everyS <= 0) return frames;
    const double t0 = r.frames.front().t, tEnd = r.frames.back().t - o.horizonS;
    const double history = std::max(0, o.promptFrames - 1) * o.promptSpacingS;
    constexpr double kEps = 1e-6;  // times are decimal fractions: 2.0 must not read as 1.9999
    for (long k = std::lround(std::ceil(history / o.everyS - kEps));; ++k) {
        const double t = t0 + double(k) * o.everyS;  // multiplied, not summed: no drift
        if (t > tEnd + kEps) break;
        const int f = frameAtTime(r, t);
        if (!frames.empty() && f <= frames.back()) continue;
        if (insideAny(exclude, f)) {
            if (excluded) ++*excluded;
            continue;
        }
        frames.push_back(f);
    }
    return frames;
}

FrameExample frameExample(const Recording& r, int frame, int ordinal, const FrameQaOptions& o) {
    FrameExample e;
    e.recording = r.id;
    e.frame = frame;
    e.camera = promptCamera(r, o.camera);
    e.promptFrames = promptFramesEndingAt(r, frame, o.promptFrames, o.promptSpacingS);
    const int position = framePosition(r, frame);
    if (position < 0) return e;
    const Frame& f = r.frames[std::size_t(position)];
    const bool scene = hasScene(r);
    if (scene && o.aheadEvery > 0 && ordinal % o.aheadEvery == o.aheadEvery - 1) {
        e.question = questionAt(r, frame, kAheadQuestion);
        e.answer = aheadAnswer(f);
        return e;
    }
    e.question = questionAt(r, frame, kDefaultQuestion);
    e.action = drivenAction(r, frame, o.horizonS);
    std::string cause = causeAt(f);
    if (cause.empty() && scene) cause = "the road ahead is clear";
    e.answer = composeAnswer(actionExplanation(e.action, cause), e.action);
    return e;
}

FrameQaResult frameExamples(Project& project, const FrameQaOptions& o, const ProgressFn& progress) {
    FrameQaResult result;
    if (!(o.everyS >= 0.05)) {
        result.error = "--every needs seconds >= 0.05";
        return result;
    }
    std::vector<std::int64_t> ids;
    if (!o.recordings.empty()) {
        for (std::int64_t id : o.recordings) {
            if (!project.summary(id)) {
                result.error = "no recording " + std::to_string(id) + " in " + project.path();
                return result;
            }
            ids.push_back(id);
        }
        std::sort(ids.begin(), ids.end());
    } else {
        const auto all = project.recordings();
        if (!all) {
            result.error = project.lastError();
            return result;
        }
        for (const auto& s : *all) ids.push_back(s.id);
        std::sort(ids.begin(), ids.end());
    }
    AnnotationStore store(project);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (progress) progress(double(i) / double(ids.size()), "questions of recording " + std::to_string(i + 1) + "/" +
                                                                  std::to_string(ids.size()));
        const auto r = project.load(ids[i]);
        if (!r) {
            result.error = project.lastError();
            return result;
        }
        const std::string camera = promptCamera(*r, o.camera);
        const auto cam = std::find_if(r->cameras.begin(), r->cameras.end(), [&](const Camera& c) { return c.name == camera; });
        if (cam == r->cameras.end()) {
            result.skipped.push_back(label(*r) + ": no camera in " + r->root + ", no examples");
            continue;
        }
        std::vector<Segment> segments;
        if (o.excludeSegments) {
            auto stored = store.segments(ids[i]);
            if (!stored) {
                result.error = store.lastError();
                return result;
            }
            segments = std::move(*stored);
        }
        const std::vector<int> frames = sampledFrames(*r, o, segments, &result.excluded);
        for (std::size_t k = 0; k < frames.size(); ++k) {
            FrameExample e = frameExample(*r, frames[k], int(k), o);
            if (const auto missing = firstMissingImage(*r, camera, e.promptFrames)) {
                result.skipped.push_back(label(*r) + " frame " + std::to_string(e.frame) + ": the " + camera +
                                         " image of prompt frame " + std::to_string(*missing) + " (" + r->root + "/" +
                                         cam->pattern + ") was missing on import; example skipped");
                continue;
            }
            result.examples.push_back(std::move(e));
        }
    }
    if (progress) progress(1.0, "questions written");
    result.ok = true;
    return result;
}

}  // namespace corevla::dataset
