// SPDX-License-Identifier: MIT
// Compact binary encoding of the per-frame lists (waypoints, scene objects)
// stored as BLOBs: a range query returns them without JSON parsing.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/types.h"

namespace corevla {

std::string encodeWaypoints(const std::vector<std::pair<float, float>>& points);
std::vector<std::pair<float, float>> decodeWaypoints(std::string_view blob);

std::string encodeObjects(const std::vector<SceneObject>& objects);
std::vector<SceneObject> decodeObjects(std::string_view blob);

}  // namespace corevla
