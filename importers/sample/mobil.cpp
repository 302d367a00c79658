// SPDX-License-Identifier: MIT
#include "importers/sample/mobil.h"

#include "importers/sample/sim.h"

namespace corevla::sample {

MobilDecision mobil(double v, double v0, const LaneView& current, const LaneView& target, const MobilParams& p) {
    constexpr double kLength = 4.6;  // the ego's length: the gap between its old follower and leader grows by it
    MobilDecision m;
    // The new follower, behind the ego after the change, and what it does now.
    const double newFollowerAfter = idmAccel(target.followerSpeed, target.followerDesired, target.followerGap, v);
    const double newFollowerBefore =
        idmAccel(target.followerSpeed, target.followerDesired, target.followerGap + kLength + target.leaderGap, target.leaderSpeed);
    m.safe = target.leaderGap > 0 && target.followerGap > 0 && newFollowerAfter >= -p.bSafe;
    // The old follower gets the ego's leader once the ego has gone.
    const double oldFollowerBefore = idmAccel(current.followerSpeed, current.followerDesired, current.followerGap, v);
    const double oldFollowerAfter =
        idmAccel(current.followerSpeed, current.followerDesired, current.followerGap + kLength + current.leaderGap, current.leaderSpeed);
    const double egoBefore = idmAccel(v, v0, current.leaderGap, current.leaderSpeed);
    const double egoAfter = idmAccel(v, v0, target.leaderGap, target.leaderSpeed);
    const bool followers = current.followerGap < 1e8 || target.followerGap < 1e8;
    m.incentive = egoAfter - egoBefore +
                  (followers ? p.politeness * ((target.followerGap < 1e8 ? newFollowerAfter - newFollowerBefore : 0) +
                                               (current.followerGap < 1e8 ? oldFollowerAfter - oldFollowerBefore : 0))
                             : 0);
    m.change = m.safe && m.incentive > p.threshold;
    return m;
}

}  // namespace corevla::sample
