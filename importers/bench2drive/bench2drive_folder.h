// SPDX-License-Identifier: MIT
// Reading a folder in the Bench2Drive clip layout (anno/NNNNN.json.gz plus
// camera/rgb_*/NNNNN.jpg). Shared by the clip importer and the evaluation
// importer (the Bench2Drive-VL agent saves its frames in the same layout).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "importers/importer.h"

namespace corevla::importers {

inline constexpr double kBench2DriveFps = 10.0;

// Has anno/ with at least one *.json.gz (stops at the first one).
bool isClipFolder(const std::filesystem::path& folder);

struct ClipName {
    std::string scenario, town, routeId, weather;  // routeId "156", weather "Weather0"
};
// "{Scenario}_{Town}_Route{id}_Weather{id}"; for "scenario/Town_weather_route"
// layouts (no scenario before the town) the scenario is the parent's name.
// Evaluation save names "RouteScenario_{id}_rep{n}_{Town}_{Scenario}_Weather{w}_{time}"
// give routeId "RouteScenario_{id}_rep{n}" (as the results' route_id).
ClipName parseClipName(std::string_view folderName, std::string_view parentName);

// Fills rec's frames, cameras, media and durationS from the folder at root
// (rec.root is set to its absolute path). Problems go to result, naming the
// file by its full path: unreadable or malformed annos are errors and those
// frames are left out; missing images, null speeds are warnings. Returns
// false only when cancelled.
bool readClipFolder(const std::filesystem::path& root, Recording& rec, ImportResult& result,
                    const ImportOptions& options, const ProgressFn& progress);

}  // namespace corevla::importers
