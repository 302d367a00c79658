// SPDX-License-Identifier: MIT
// Two scripted drivers that read the scenario's truth instead of pictures:
// one that never brakes nor gives way, one that brakes for hazards, passes a
// blocked lane and makes way for an ambulance. The runner and its scores
// must tell them apart.
#pragma once

#include <cmath>

#include "closedloop/runner.h"

namespace corevla::closedloop::scripted {

inline DriveAnswer say(const char* speed, const char* dir) {
    return {std::string("Scripted: ") + speed + ", " + dir + ".", {speed, dir}, true, {}};
}

// Up to the route's speed and on in its lane, whatever is on the road.
inline DriveAnswer neverBrakes(const DriveQuestion& q) {
    return say(q.scenario->sim.ego().v < q.scenario->cruise - 0.5 ? "ACCELERATE" : "KEEP", "FOLLOW_LANE");
}

inline DriveAnswer brakesForHazards(const DriveQuestion& q) {
    using namespace sample;
    const Sim& sim = q.scenario->sim;
    const EgoState& e = sim.ego();
    const Road& road = sim.road();
    const auto& actors = sim.world().actors;
    for (int i = 0; i < int(actors.size()); ++i) {
        const Actor& a = actors[std::size_t(i)];
        if (a.dyn < 0 || sim.dyn(i).hidden) continue;
        const DynState& st = sim.dyn(i);
        const double gap = gapTo(sim, i);
        if (a.cls == ActorClass::Walker && st.d > road.leftKerb() && st.d < road.rightKerb() && gap > -2 && gap < 60 &&
            st.d < e.d + 2)
            return say(gap < 30 ? "STOP" : "DECELERATE", "FOLLOW_LANE");
        if (a.cls != ActorClass::Vehicle || st.dir < 0) continue;
        const bool sameLane = std::fabs(st.d - e.d) < 1.5;
        if (a.emergency && sameLane && egoRearS(sim) - st.s < 45 && st.s < e.s) return say("KEEP", "CHANGE_LANE_RIGHT");
        if (sameLane && st.v < 0.5 && gap > 0 && gap < 60) return say("DECELERATE", e.d > road.laneCenter(0) + 0.5 ? "CHANGE_LANE_LEFT" : "CHANGE_LANE_RIGHT");
        if (!sameLane && std::fabs(st.d - e.d) < 4 && gap > -1 && gap < 25 && st.v < e.v - 1) return say("DECELERATE", "FOLLOW_LANE");
    }
    return neverBrakes(q);
}

}  // namespace corevla::closedloop::scripted
