// SPDX-License-Identifier: MIT
// The closed loop's scenarios: a route on the sample world's urban road (24 s
// long at its speed, to be driven within Bench2Drive's 0.4 s per metre), its
// background traffic, and the one hazard of each long-tail kind, triggered by
// where the ego is (as Bench2Drive's scenarios trigger), so that the hazard
// meets whatever the model did before it. The ego is not driven here: the
// runner drives it (runner.h).
//
//   cut-in               a slower car in the next lane ahead cuts in a few
//                        metres in front and brakes: the speed controller's
//                        IDM sees it only once it straddles the lane, too late
//   blocked-lane         a van stands with its hazard lights on in the ego's
//                        lane: the IDM queues behind it for good
//   pedestrian-crossing  a walker steps off the far kerb, timed to meet the
//                        ego: the IDM does not brake for walkers
//   emergency-vehicle    an ambulance closes in from behind in the ego's lane
//                        and is held up until the ego makes way
//   normal               car following in traffic whose leader brakes hard
//                        for a while: the IDM copes with any sensible command
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "closedloop/scenario_kind.h"
#include "importers/sample/scenario_common.h"

namespace corevla::closedloop {

struct Scenario {
    Scenario(Kind kind, std::uint64_t seed, sample::World world, double timeLimitS);

    Kind kind;
    std::uint64_t seed;
    sample::Sim sim;
    std::string weather;
    std::vector<sample::Spawn> traffic;
    double cruise = 11;      // the route's speed limit: ACCELERATE aims no higher
    double goalS = 200;      // the route ends where the ego's front reaches this s
    double timeLimitS = 90;  // route timeout: Bench2Drive's 0.4 s per metre of route
    int egoLane = 0;         // forward lane the ego starts in (0: next to the centre line)
    int hazard = -1;         // the hazard's actor, -1 for normal
    // The hazard's own moves, after the traffic's, every step.
    std::function<void(sample::Sim&)> script;
    // An infraction only this kind can commit (failing to yield), checked
    // after every step; it is reported once.
    std::function<std::optional<sample::Infraction>(const sample::Sim&)> rule;

    // Background traffic and the hazard, for the coming step.
    void moveOthers();
};

// The same kind and seed give the same scenario; any seed gives a valid one.
Scenario makeScenario(Kind kind, std::uint64_t seed);

}  // namespace corevla::closedloop
