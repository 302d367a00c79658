// SPDX-License-Identifier: MIT
// SFT examples from recordings (CoReVLA's stage 1 on our own data): rule-
// based questions and answers about sampled frames. For every `everyS`
// seconds of a recording, the prompt is the 5 frames 0.5 s apart that end at
// the frame, and the answer is what the recorded driving did next:
//
//   the expert = whoever had authority at each frame (Bench2Drive's privileged
//   expert in dataset clips, the VLA model in CAVE sessions and closed-loop
//   routes, the safety driver during a takeover); its action = drivenAction()
//   over the next `horizonS` seconds (the pair drafter's rule for the driver).
//
// Questions (docs/datasets.md): mostly kDefaultQuestion, answered
// "<action, because the scene>. Decision: DIRECTION, SPEED." (composeAnswer,
// so the importers' meta-action rule reads the decision back); every
// `aheadEvery`-th example of a recording with a scene asks kAheadQuestion,
// answered with the road user ahead and its distance (no decision).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/annotation.h"
#include "storage/progress.h"
#include "storage/types.h"

namespace corevla {
class Project;
}

namespace corevla::dataset {

inline constexpr const char* kAheadQuestion = "What is ahead of the ego vehicle, and how far?";

struct FrameQaOptions {
    double everyS = 0.5;         // one example per this many seconds of recording
    double horizonS = 3.0;       // the expert's action over the next seconds
    int promptFrames = 5;        // as the paper's prompts
    double promptSpacingS = 0.5;
    int aheadEvery = 4;          // every n-th example asks what is ahead; 0: never
    bool excludeSegments = false;  // leave out frames inside any stored segment
    std::vector<std::int64_t> recordings;  // empty: every recording of the project
    std::string camera;          // empty: the recording's front camera
};

struct FrameExample {
    std::int64_t recording = 0;
    int frame = -1;                // Frame::index the question is asked at
    std::string camera;
    std::vector<int> promptFrames;  // Frame::index, oldest first, ending at `frame`
    std::string question, answer;
    MetaAction action;              // the expert's; empty for a question without a decision
};

// The first of `promptFrames` (Frame::index) whose `camera` image was
// missing on import, as the recording marks it; none when all were there.
// A recording without that camera has none of them: its first.
std::optional<int> firstMissingImage(const Recording& recording, const std::string& camera,
                                     const std::vector<int>& promptFrames);

// The example as a pair's chosen side, nothing rejected: its recording,
// frames, camera, question, answer and action (what the exporter writes
// and normal-driving pairs start from).
PreferencePair asChosen(FrameExample example);

// The frames a recording is sampled at: every `everyS` seconds from the time
// the whole prompt history exists to the last frame with `horizonS` after it.
// Frames inside `exclude` (any segment, inclusive bounds) are left out and
// counted in *excluded.
std::vector<int> sampledFrames(const Recording& recording, const FrameQaOptions& options,
                               const std::vector<Segment>& exclude = {}, int* excluded = nullptr);

// The example at `frame`; `ordinal` (its position among the recording's
// examples) picks the question.
FrameExample frameExample(const Recording& recording, int frame, int ordinal, const FrameQaOptions& options);

struct FrameQaResult {
    bool ok = false;
    std::string error;                  // the project could not be read, or an option is wrong
    std::vector<FrameExample> examples; // recordings by id, frames in order
    std::vector<std::string> skipped;   // "recording 3 (name): ..." per recording or example left out
    int excluded = 0;                   // sampled frames inside segments, left out
};

// Every recording's examples (or options.recording's).
FrameQaResult frameExamples(Project& project, const FrameQaOptions& options, const ProgressFn& progress = {});

}  // namespace corevla::dataset
