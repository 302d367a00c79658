// SPDX-License-Identifier: MIT
// The controller the closed-loop runner drives with: IDM keeps a safe gap
// behind a slower car and stops for a stopped one; MOBIL changes lane only
// when the target lane has room and the change gains something.
#include <QtTest>

#include <algorithm>

#include "importers/sample/mobil.h"
#include "importers/sample/sim.h"

using namespace corevla::sample;

namespace {

struct Run {
    double minGap = 1e9, gap = 0, v = 0;
};

// The ego under IDM behind a leader at constant speed, `seconds` at 20 Hz.
Run follow(double v, double v0, double gap, double vLead, double seconds) {
    Run r{gap, gap, v};
    for (double t = 0; t < seconds; t += 0.05) {
        const double a = idmAccel(r.v, v0, r.gap, vLead);
        r.v = std::max(0.0, r.v + a * 0.05);
        r.gap += (vLead - r.v) * 0.05;
        r.minGap = std::min(r.minGap, r.gap);
    }
    return r;
}

}  // namespace

class TestController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void idmKeepsASafeGapBehindASlowerCar() {
        const Run r = follow(15, 15, 60, 8, 60);
        QVERIFY2(std::abs(r.v - 8) < 0.3, qPrintable(QString::number(r.v)));
        // The equilibrium gap: s0 + v T = 2.5 + 8 * 1.2 = 12.1 m (IDM's at v0 > v a bit more).
        QVERIFY2(r.gap > 11 && r.gap < 16, qPrintable(QString::number(r.gap)));
        QVERIFY2(r.minGap > 10, qPrintable(QString::number(r.minGap)));
    }

    void idmStopsForAStoppedCar() {
        const Run r = follow(14, 14, 80, 0, 40);
        QVERIFY2(r.v < 0.1, qPrintable(QString::number(r.v)));
        QVERIFY2(r.minGap > 1.5 && r.gap < 4, qPrintable(QString("%1 %2").arg(r.minGap).arg(r.gap)));
    }

    void mobilChangesLaneOnlyWhenTheTargetHasRoom() {
        LaneView slowAhead;  // a car at 5 m/s, 20 m ahead in our lane
        slowAhead.leaderGap = 20, slowAhead.leaderSpeed = 5;
        const LaneView empty;
        const MobilDecision free = mobil(12, 14, slowAhead, empty);
        QVERIFY(free.safe && free.change && free.incentive > 1);

        LaneView beside = empty;  // a car alongside at our speed: no room
        beside.followerGap = 1, beside.followerSpeed = 12;
        const MobilDecision blocked = mobil(12, 14, slowAhead, beside);
        QVERIFY(!blocked.safe && !blocked.change);

        LaneView farBehind = empty;  // 30 m behind at 14 m/s: it brakes gently, there is room
        farBehind.followerGap = 30, farBehind.followerSpeed = 14;
        QVERIFY(mobil(12, 14, slowAhead, farBehind).change);

        LaneView slower = empty;  // the other lane is worse: no reason to go
        slower.leaderGap = 10, slower.leaderSpeed = 2;
        const MobilDecision worse = mobil(12, 14, slowAhead, slower);
        QVERIFY(worse.safe && !worse.change && worse.incentive < 0);

        // Free road in our own lane: nothing to gain from an empty lane either.
        QVERIFY(!mobil(14, 14, empty, empty).change);
    }
};

QTEST_GUILESS_MAIN(TestController)
#include "tst_controller.moc"
