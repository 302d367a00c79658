// SPDX-License-Identifier: MIT
// One closed-loop run: the model under test drives a scenario and nobody
// takes over. Every 0.5 s the world renders the front camera as the CAVE
// video shows it (mirror inset included); at each decision (1 Hz, as in the
// recordings, from the first one with five frames behind it: 2 s in) the
// driver is asked the pairs' prompt — the last five of those frames and the
// question with the ego's state — and its meta-action goes to
// the controller (docs/closed-loop.md): the speed command to the IDM layer,
// a lane change to MOBIL. The world steps at 20 Hz. The run ends at the
// route's end, when the ego has stood still too long (blocked), at the
// route timeout, or on cancel; it is scored by Bench2Drive's rules.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "closedloop/scenarios.h"
#include "importers/bench2drive/bench2drive_scores.h"
#include "storage/progress.h"
#include "storage/types.h"

namespace corevla::closedloop {

struct DriveQuestion {
    std::vector<std::string> images;  // JPEG, oldest first; empty when the run renders none
    std::string prompt;               // "<image>" per image, then the question (the pairs' prompt)
    const Scenario* scenario = nullptr;  // the truth, for scripted drivers (tests, baselines); valid during the call only
};

struct DriveAnswer {
    std::string text;
    MetaAction action;
    bool hasAction = false;  // the text stated a meta-action
    std::string error;       // no answer: the command in force stays
};

// Must not throw; called from the thread that runs the scenario.
using Driver = std::function<DriveAnswer(const DriveQuestion&)>;

struct RunOptions {
    bool renderPrompts = true;  // a scripted driver needs no pictures
    int promptWidth = 256, promptHeight = 144;
    const CancelToken* cancel = nullptr;
};

// Wall seconds spent in each part of the loop.
struct RunTiming {
    double render = 0, decide = 0, step = 0;
};

struct Run {
    Kind kind = Kind::Normal;
    std::uint64_t seed = 0;
    sample::Timeline timeline;  // every tick; the infractions, each at its (even, logged) tick
    bench2drive::RouteOutcome outcome;
    double penalty = 1;         // score_penalty
    double simulatedS = 0;
    double routeLength = 0;     // metres
    int decisions = 0, unreadable = 0, errors = 0;  // unreadable: answers stating no meta-action
    std::string firstError;
    RunTiming timing;
    bool cancelled = false;
    // The tick of the first infraction, -1 for none.
    int firstInfractionTick() const;
};

// routeId: "closed-loop_<kind>_s<seed>"; scenario: the kind's Bench2Drive type.
Run runScenario(Scenario scenario, const Driver& driver, const RunOptions& options = {});

// How long the ego may stand still before the route fails as blocked:
// Bench2Drive's (leaderboard 2.0's ActorBlockedTest, below 0.1 m/s). Longer
// than these routes' timeouts: a car that never moves on times out first.
inline constexpr double kBlockedAfterS = 180;

}  // namespace corevla::closedloop
