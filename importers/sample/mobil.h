// SPDX-License-Identifier: MIT
// MOBIL (Kesting, Treiber, Helbing 2007: "Minimizing Overall Braking Induced
// by Lane changes"): the lane-change rule over IDM accelerations that the
// closed-loop runner turns a direction command into. A change is made only
// when it is safe — the new follower would brake no harder than bSafe and
// both gaps are positive — and worth it: the ego's gain plus `politeness`
// times the followers' gains exceeds `threshold`.
#pragma once

namespace corevla::sample {

// What the ego sees in one lane, bumper to bumper along the road (1e9: none).
struct LaneView {
    double leaderGap = 1e9, leaderSpeed = 0;
    double followerGap = 1e9, followerSpeed = 0, followerDesired = 14;  // the car behind and the speed it wants
};

struct MobilParams {
    double politeness = 0.3;  // p: how much others' braking counts
    double threshold = 0.2;   // m/s^2 the change must gain
    double bSafe = 4.0;       // m/s^2 the new follower may be made to brake at most
};

struct MobilDecision {
    bool change = false;
    bool safe = false;  // the target lane has room
    double incentive = 0;  // m/s^2
};

// Ego at speed v wanting v0; `current` and `target` as the ego sees them now.
MobilDecision mobil(double v, double v0, const LaneView& current, const LaneView& target, const MobilParams& params = {});

}  // namespace corevla::sample
