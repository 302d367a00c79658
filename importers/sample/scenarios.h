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
};
constexpr CaveInfo kCaveCutIn{"2025-06-12_s01", "FourLaneCutIn", "Town05", "Rain", "D07", "2025-06-12T09:14:03Z"};
constexpr CaveInfo kCaveBlocked{"2025-06-12_s02", "BlockedLaneAndPedestrian", "Town03", "ClearNoon", "D03",
                                "2025-06-12T10:02:41Z"};
constexpr CaveInfo kCaveEmergency{"2025-06-13_s03", "YieldToEmergencyVehicle", "Town12", "CloudySunset", "D11",
                                  "2025-06-13T14:37:19Z"};
Timeline caveCutIn(std::uint64_t seed, int seconds);
Timeline caveBlockedLane(std::uint64_t seed, int seconds);
Timeline caveEmergency(std::uint64_t seed, int seconds);

}  // namespace corevla::sample
