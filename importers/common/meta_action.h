// SPDX-License-Identifier: MIT
// The Bench2Drive-VL meta-action vocabulary (speed x direction) and the rule
// that reads it out of free model text (formats.md 3.3).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "storage/types.h"

namespace corevla::importers {

inline constexpr std::array<std::string_view, 4> kSpeedTokens = {"KEEP", "ACCELERATE", "DECELERATE", "STOP"};
inline constexpr std::array<std::string_view, 8> kDirectionTokens = {
    "FOLLOW_LANE", "CHANGE_LANE_LEFT", "CHANGE_LANE_RIGHT", "GO_STRAIGHT",
    "TURN_LEFT",   "TURN_RIGHT",       "DEVIATE_LEFT",      "DEVIATE_RIGHT"};

bool isSpeedToken(std::string_view word);
bool isDirectionToken(std::string_view word);

// All whole-word, case-sensitive matches of the 12 tokens in `text`; the last
// speed and the last direction win. A kind with no match keeps `previous`'s.
MetaAction parseMetaAction(std::string_view text, MetaAction previous);

}  // namespace corevla::importers
