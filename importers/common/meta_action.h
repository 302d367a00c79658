// SPDX-License-Identifier: MIT
// The Bench2Drive-VL meta-action vocabulary (speed x direction) and the rule
// that reads it out of free model text (formats.md 3.3).
#pragma once

#include <string>
#include <string_view>

namespace corevla::importers {

struct MetaAction {
    std::string speed;      // KEEP / ACCELERATE / DECELERATE / STOP, or empty
    std::string direction;  // FOLLOW_LANE / CHANGE_LANE_LEFT / ..., or empty
    bool operator==(const MetaAction&) const = default;
};

bool isSpeedToken(std::string_view word);
bool isDirectionToken(std::string_view word);

// All whole-word, case-sensitive matches of the 12 tokens in `text`; the last
// speed and the last direction win. A kind with no match keeps `previous`'s.
MetaAction parseMetaAction(std::string_view text, MetaAction previous);

}  // namespace corevla::importers
