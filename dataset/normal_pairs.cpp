// SPDX-License-Identifier: MIT
#include "dataset/normal_pairs.h"

#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "storage/recording_time.h"

namespace corevla::dataset {
namespace {

// What an answer gives as its reason: after the first ": " of its explanation.
std::string answerCause(const std::string& answer) {
    const std::string explanation = answerExplanation(answer);
    const auto colon = explanation.find(": ");
    if (colon == std::string::npos) return {};
    std::string cause = explanation.substr(colon + 2);
    if (cause.ends_with('.')) cause.pop_back();
    return cause;
}

}  // namespace

std::vector<PreferencePair> normalDrivingPairs(const Recording& r, const std::vector<Segment>& exclude,
                                               const NormalPairOptions& o) {
    FrameQaOptions asked = o.frames;
    asked.aheadEvery = 0;
    std::vector<PreferencePair> pairs;
    for (int frame : sampledFrames(r, asked, exclude)) {
        const int position = framePosition(r, frame);
        if (position < 0) continue;
        const Frame& f = r.frames[std::size_t(position)];
        // Not the long tail's moments: a walker or an ambulance ahead, a car
        // moving into our lane (a cut-in's first second), an ambulance near.
        const auto ahead = objectAhead(f);
        const std::string cause = causeAt(f);
        if ((ahead && ahead->object.cls != "vehicle") || cause.starts_with("an emergency vehicle") ||
            cause.ends_with("moving into our lane"))
            continue;
        PreferencePair p = asChosen(frameExample(r, frame, 0, asked));
        if (firstMissingImage(r, p.camera, p.promptFrames)) continue;  // frameExamples skips these too; the export would refuse them
        const MetaAction& driven = p.chosenAction;
        if (driven.direction != "FOLLOW_LANE" || (driven.speed != "KEEP" && driven.speed != "ACCELERATE")) continue;
        p.author = o.author;
        const std::string because = answerCause(p.chosen);
        auto rejecting = [&](MetaAction rejected) {
            p.rejectedAction = std::move(rejected);
            p.rejected = composeAnswer(actionExplanation(p.rejectedAction, because), p.rejectedAction);
            pairs.push_back(p);
        };
        rejecting({"STOP", "FOLLOW_LANE"});
        if (driven.speed == "ACCELERATE") rejecting({"KEEP", "FOLLOW_LANE"});
    }
    return pairs;
}

}  // namespace corevla::dataset
