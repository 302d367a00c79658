// SPDX-License-Identifier: MIT
// Drafts a preference pair from a segment: the model's decision before the
// takeover is *rejected*; what the driver then did — read from the driver's
// controls and the ego's motion — with the cause named from the scene is
// *chosen*. Both answers end in the meta-action line the importers' rule
// reads ("Decision: CHANGE_LANE_LEFT, DECELERATE."), so a model trained on
// them states its decision the same way.
#pragma once

#include <string>
#include <vector>

#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla::dataset {

inline constexpr const char* kDefaultQuestion = "What should the ego vehicle do now, and why?";

struct DraftOptions {
    int promptFrames = 5;         // as the paper's prompts
    double promptSpacingS = 0.5;  // between prompt frames, ending at the decision
    double driverWindowS = 3.0;   // what the driver did over the takeover's first seconds
    std::string camera;           // empty: the recording's front camera
    std::string question = kDefaultQuestion;
    std::string author;
    int decisionFrame = -1;       // the model decision to draft at; -1: its last before the takeover
};

// The meta-action the driver's takeover amounts to, from `fromFrame` for
// windowS seconds: braking to a halt is STOP, slowing DECELERATE, a lateral
// move of a lane CHANGE_LANE_LEFT/RIGHT, less than a lane DEVIATE_*.
MetaAction driverAction(const Recording& recording, int fromFrame, double windowS);

// The same rule over what the car actually did, whoever drove it: the
// controls of whoever had authority at each frame (the model, Bench2Drive's
// expert, or the safety driver during a takeover). The SFT examples' answer.
MetaAction drivenAction(const Recording& recording, int fromFrame, double windowS);

// What in the scene at a frame explains a decision, as a phrase ("a vehicle
// is 12 m ahead in our lane"): an emergency vehicle within 80 m first, else
// the road user ahead; empty when the frame has no scene or nothing is there.
std::string causeAt(const Frame& frame);

// The explanation of an action with its cause: "Slow down: a vehicle is 9 m
// ahead, moving into our lane." (no cause: "Slow down.").
std::string actionExplanation(const MetaAction& action, const std::string& cause);

// "<explanation> Decision: <DIRECTION>, <SPEED>."
std::string composeAnswer(const std::string& explanation, const MetaAction& action);

// The explanation part of an answer: its text before the last "Decision:",
// trimmed (the whole text when it has none). composeAnswer's inverse, so an
// editor can restate the decision after the chips changed.
std::string answerExplanation(const std::string& answer);

// `count` frames `spacingS` apart ending at decisionFrame: Frame::index,
// oldest first, without repeats (fewer near the recording's start).
std::vector<int> promptFramesEndingAt(const Recording& recording, int decisionFrame, int count = 5,
                                      double spacingS = 0.5);

// What the model said at a frame: the decision in force there (its last at or
// before the frame) as a *rejected* answer; "KEEP, FOLLOW_LANE" and a note
// when it had decided nothing yet.
struct ModelAnswer {
    std::string text;
    MetaAction action;
    int frame = -1;  // the decision's frame; -1: none
};
ModelAnswer modelAnswerAt(const Recording& recording, int frame);

// The camera whose images the prompt shows: `wanted` if the recording has
// it, else its front camera, else its first.
std::string promptCamera(const Recording& recording, const std::string& wanted);

PreferencePair draftPair(const Recording& recording, const Segment& segment, const DraftOptions& options = {});

// The frames of the model's decisions in the last `windowS` seconds up to a
// segment's takeover (within the segment), oldest first: the decisions the
// driver overrode, each a pair of its own (DraftOptions::decisionFrame).
std::vector<int> decisionsBeforeTakeover(const Recording& recording, const Segment& segment, double windowS);

}  // namespace corevla::dataset
