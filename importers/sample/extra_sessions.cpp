// SPDX-License-Identifier: MIT
#include "importers/sample/extra_sessions.h"

#include "importers/sample/rng.h"
#include "importers/sample/world.h"

#include <cstdio>

namespace corevla::sample {

namespace {

enum class Kind { Plain, CutIn, BlockedLane, Pedestrian, Emergency };
// Plain driving first, so that even `--sessions 1` has a session without a takeover.
constexpr Kind kCycle[] = {Kind::Plain, Kind::CutIn, Kind::BlockedLane, Kind::Pedestrian, Kind::Emergency};

std::string printed(const char* format, int a, int b, int c = 0) {
    char text[64];
    std::snprintf(text, sizeof text, format, a, b, c);
    return text;
}

}  // namespace

CaveVariant ExtraSession::variantFor() const {
    CaveVariant v = variant;
    v.salt = salt.c_str();
    v.weather = weather.c_str();
    return v;
}

CaveInfo ExtraSession::info() const {
    return {id.c_str(), scenario.c_str(), town.c_str(), weather.c_str(), driver.c_str(), startUtc.c_str()};
}

std::vector<ExtraSession> planExtraSessions(std::uint64_t seed, int count) {
    static const char* const kTowns[] = {"Town01", "Town02", "Town03", "Town04", "Town05",
                                         "Town06", "Town07", "Town10HD", "Town12", "Town13"};
    std::vector<ExtraSession> sessions;
    for (int i = 0; i < count; ++i) {
        ExtraSession s;
        s.salt = "cave.extra." + std::to_string(i);
        Rng rng(mixSeed(seed, s.salt + ".plan"));
        const Kind kind = kCycle[i % 5];
        s.id = printed("2025-07-%02d_x%02d", 1 + i / 6, i + 1);
        s.town = rng.pick(kTowns);
        s.weather = weatherPreset(rng.below(14)).name;
        s.driver = printed("D%02d", 1 + rng.below(20), 0);
        s.startUtc = printed("2025-07-%02dT%02d:%02d:00Z", 1 + i / 6, 8 + rng.below(10), rng.below(60));
        s.seconds = 20 + rng.below(21);
        CaveVariant& v = s.variant;
        v.speedScale = rng.uniform(0.8, 1.25);
        v.trafficScale = rng.uniform(0.6, 1.6);
        v.lanesFwd = rng.chance(0.3) ? 3 : 2;
        v.lanesBack = 1 + rng.below(3);
        v.parking = rng.chance(0.4) ? 2.4 : 0.0;
        switch (kind) {
        case Kind::Plain:
            s.scenario = "UrbanCruise", s.script = caveCruise;
            v.eventShift = rng.uniform(-0.2, 0.3);
            break;
        case Kind::CutIn:
            s.scenario = "CutIn", s.script = caveCutIn;
            v.eventShift = rng.uniform(-0.1, 0.15);
            break;
        case Kind::BlockedLane:  // the van alone, or the van and then the pedestrian (two takeovers)
            v.pedestrian = rng.chance(0.5);
            s.scenario = v.pedestrian ? "BlockedLaneAndPedestrian" : "ParkedObstacle", s.script = caveBlockedLane;
            v.eventShift = v.pedestrian ? rng.uniform(-0.05, 0.05) : rng.uniform(-0.08, 0.2);
            break;
        case Kind::Pedestrian:
            v.blockingVan = false;
            s.scenario = "PedestrianCrossing", s.script = caveBlockedLane;
            v.eventShift = rng.uniform(-0.3, -0.05);
            break;
        case Kind::Emergency:
            s.scenario = "YieldToEmergencyVehicle", s.script = caveEmergency;
            v.eventShift = rng.uniform(-0.1, 0.15);
            break;
        }
        sessions.push_back(std::move(s));
    }
    return sessions;
}

}  // namespace corevla::sample
