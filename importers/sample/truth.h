// SPDX-License-Identifier: MIT
// truth.json: what each generated recording contains, for tests that compare
// importer output against it. Written last, so its presence means "complete".
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace corevla::sample {

struct TruthInfraction {
    std::string key, text;
    int frame = -1;  // -1: the string carries no location
};

struct TruthRecord {
    std::string source, name, path, scenario, town, weather, routeId;
    int frames = 0;
    double fps = 10, durationS = 0;
    std::vector<std::string> cameras;  // sorted
    bool attention = false;
    int takeovers = 0;
    std::vector<std::pair<int, int>> takeoverFrames;  // [first driver tick, last driver tick]
    bool takeoverEvents = false;
    std::vector<TruthInfraction> infractions;
    int collisions = 0, bookmarks = 0;
    bool hasReasoning = false;
    int decisions = 0;
    int missingImages = 0;
    std::vector<std::pair<std::string, int>> missing;  // camera, frame
    std::vector<int> nullSpeedFrames;
    int minBoxes = 0;
    // Evaluation records only.
    std::string status;
    double scoreRoute = -1, scorePenalty = -1, drivingScore = -1;
};

struct TruthFile {
    std::uint64_t seed = 1;
    int clipFrames = 0, caveSeconds = 0, sessions = 0;
    std::vector<TruthRecord> records;
};

constexpr int kGeneratorVersion = 2;  // 2: CAVE logs carry the scene objects

std::string truthJson(const TruthFile& t);
// True when `text` is a truth.json for exactly these parameters.
bool truthMatches(const std::string& text, std::uint64_t seed, int clipFrames, int caveSeconds, int sessions);

}  // namespace corevla::sample
