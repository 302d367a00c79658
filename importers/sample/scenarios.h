// SPDX-License-Identifier: MIT
// The seven recordings of the sample set, each a deterministic simulation.
// Times scale with the requested length so short test runs still contain
// every event (the cut-in, the collisions, both takeovers of session 2).
#pragma once

#include "importers/sample/sim.h"

#include <cstdint>

namespace corevla::sample {

struct ClipInfo {
    const char* scenario;
    const char* town;
    int route;
    int weather;
};
// Bench2Drive dataset clips (expert driving, 10 Hz frames).
constexpr ClipInfo kClipPedestrian{"PedestrianCrossing", "Town03", 101, 3};
constexpr ClipInfo kClipCutIn{"StaticCutIn", "Town05", 202, 1};
Timeline clipPedestrianCrossing(std::uint64_t seed, int frames);
Timeline clipStaticCutIn(std::uint64_t seed, int frames);

// Closed-loop Bench2Drive-VL evaluation routes driven by the VLA (10 Hz frames).
struct EvalInfo {
    const char* routeId;
    const char* scenario;
    const char* town;
    int weather;
    const char* stamp;  // MM_DD_HH_MM_SS of the save name
};
constexpr EvalInfo kEvalEmergency{"RouteScenario_1711_rep0", "YieldToEmergencyVehicle", "Town12", 3, "07_16_10_22_31"};
constexpr EvalInfo kEvalPedestrian{"RouteScenario_2084_rep0", "ParkingCrossingPedestrian", "Town13", 9,
                                   "07_16_11_05_48"};
Timeline evalYieldToEmergency(std::uint64_t seed, int frames);
Timeline evalParkingCrossingPedestrian(std::uint64_t seed, int frames);

// CAVE sessions with a safety driver (20 Hz ticks; the log keeps every second one).
struct CaveInfo {
    const char* sessionId;
    const char* scenario;
    const char* town;
    const char* weather;
    const char* driver;
    const char* startUtc;
    const char* model = "CoReVLA-SFT";  // session.json's model: the one driving
    const char* modelVersion = "2025-06-01";
};
constexpr CaveInfo kCaveCutIn{"2025-06-12_s01", "FourLaneCutIn", "Town05", "Rain", "D07", "2025-06-12T09:14:03Z"};
constexpr CaveInfo kCaveBlocked{"2025-06-12_s02", "BlockedLaneAndPedestrian", "Town03", "ClearNoon", "D03",
                                "2025-06-12T10:02:41Z"};
constexpr CaveInfo kCaveEmergency{"2025-06-13_s03", "YieldToEmergencyVehicle", "Town12", "CloudySunset", "D11",
                                  "2025-06-13T14:37:19Z"};
// How an extra session (sample --sessions, extra_sessions.h) varies a CAVE
// scenario. The defaults are the three fixed sessions, which must stay
// byte-identical: every scale is a factor of 1 and every shift 0 there.
struct CaveVariant {
    const char* salt = nullptr;  // names the random streams; nullptr: the scenario's own
    const char* weather = nullptr;  // nullptr: the fixed session's
    double speedScale = 1.0;     // the ego's cruise speed and the traffic's
    double trafficScale = 1.0;   // flow density (gaps are divided by it)
    double eventShift = 0.0;     // when the event happens, as a fraction of the session
    int lanesFwd = 2, lanesBack = 2;
    double parking = 0;          // parking strip width at each kerb
    bool blockingVan = true, pedestrian = true;  // caveBlockedLane: which hazards
};
Timeline caveCutIn(std::uint64_t seed, int seconds, const CaveVariant& v = {});
Timeline caveBlockedLane(std::uint64_t seed, int seconds, const CaveVariant& v = {});
Timeline caveEmergency(std::uint64_t seed, int seconds, const CaveVariant& v = {});
// Plain driving with traffic, no takeover: the model copes.
Timeline caveCruise(std::uint64_t seed, int seconds, const CaveVariant& v);

}  // namespace corevla::sample
