// SPDX-License-Identifier: MIT
#include "dataset/normal_pairs.h"

#include "dataset/pair_drafter.h"
#include "dataset/scene.h"
#include "storage/recording_time.h"

namespace corevla::dataset {

std::vector<PreferencePair> normalDrivingPairs(const Recording& r, const std::vector<Segment>& exclude,
                                               const NormalPairOptions& o) {
    FrameQaOptions asked = o.frames;
    asked.aheadEvery = 0;
    std::vector<PreferencePair> pairs;
    for (int frame : sampledFrames(r, asked, exclude)) {
        const int position = framePosition(r, frame);
        if (position < 0) continue;
        const Frame& f = r.frames[std::size_t(position)];
        const auto ahead = objectAhead(f);
        if (!ahead || !ahead->inLane || ahead->object.cls != "vehicle") continue;
        const std::string cause = causeAt(f);  // names an emergency vehicle first: a give-way moment, not this one
        if (!cause.starts_with(objectPhrase(ahead->object))) continue;
        const FrameExample e = frameExample(r, frame, 0, asked);
        if (e.action.direction != "FOLLOW_LANE" || (e.action.speed != "KEEP" && e.action.speed != "ACCELERATE")) continue;
        PreferencePair p;
        p.recording = r.id;
        p.decisionFrame = frame;
        p.promptFrames = e.promptFrames;
        p.camera = e.camera;
        p.question = e.question;
        p.chosen = e.answer;
        p.chosenAction = e.action;
        p.rejectedAction = {"STOP", "FOLLOW_LANE"};
        p.rejected = composeAnswer(actionExplanation(p.rejectedAction, cause), p.rejectedAction);
        p.author = o.author;
        pairs.push_back(std::move(p));
    }
    return pairs;
}

}  // namespace corevla::dataset
