// SPDX-License-Identifier: MIT
// The extra CAVE sessions of `corevla sample --sessions N`: enough driving
// for the embedded model to learn from (SFT on the ordinary driving, DPO on
// the takeovers). Session i cycles through plain driving and the four
// long-tail kinds of the fixed sessions (a cut-in, a lane blocked by a van,
// a pedestrian crossing, an ambulance from behind), each with its own random
// stream: town layout, traffic density, speeds, when the event comes, the
// weather and the light, and a length of 20-40 s. The same seed gives the
// same sessions; any seed gives valid ones.
#pragma once

#include "importers/sample/scenarios.h"

#include <cstdint>
#include <string>
#include <vector>

namespace corevla::sample {

// Smaller videos than the fixed sessions: the embedded model reads its
// frames at about 128x64, and rendering dominates the generator's time.
constexpr int kExtraWidth = 256, kExtraHeight = 144;

struct ExtraSession {
    std::string id, scenario, town, weather, driver, startUtc, salt;
    int seconds = 30;
    CaveVariant variant;  // its salt and weather point into this object: see variantFor()
    Timeline (*script)(std::uint64_t, int, const CaveVariant&) = nullptr;

    CaveVariant variantFor() const;
    CaveInfo info() const;  // points into this object
};

std::vector<ExtraSession> planExtraSessions(std::uint64_t seed, int count);

}  // namespace corevla::sample
