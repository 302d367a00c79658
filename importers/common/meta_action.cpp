// SPDX-License-Identifier: MIT
#include "importers/common/meta_action.h"

#include <algorithm>
#include <array>

namespace corevla::importers {
namespace {

constexpr std::array<std::string_view, 4> kSpeeds = {"KEEP", "ACCELERATE", "DECELERATE", "STOP"};
constexpr std::array<std::string_view, 8> kDirections = {
    "FOLLOW_LANE", "CHANGE_LANE_LEFT", "CHANGE_LANE_RIGHT", "GO_STRAIGHT",
    "TURN_LEFT",   "TURN_RIGHT",       "DEVIATE_LEFT",      "DEVIATE_RIGHT"};

// Word characters as an ASCII regex \w sees them: an underscore joins words,
// so "CHANGE_LANE_LEFT" never yields "LANE_LEFT" and "KEEPING" is not KEEP.
// Non-ASCII bytes separate words, so full-width punctuation ("KEEP，") still
// ends a token.
bool isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool isSpeedToken(std::string_view word) {
    return std::find(kSpeeds.begin(), kSpeeds.end(), word) != kSpeeds.end();
}

bool isDirectionToken(std::string_view word) {
    return std::find(kDirections.begin(), kDirections.end(), word) != kDirections.end();
}

MetaAction parseMetaAction(std::string_view text, MetaAction previous) {
    std::string_view lastSpeed, lastDirection;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isWordChar(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && isWordChar(text[i])) ++i;
        const std::string_view word = text.substr(start, i - start);
        if (word.size() < 4 || word.size() > 17) continue;  // token lengths; skips most words cheaply
        if (isSpeedToken(word)) lastSpeed = word;
        else if (isDirectionToken(word)) lastDirection = word;
    }
    if (!lastSpeed.empty()) previous.speed = std::string(lastSpeed);
    if (!lastDirection.empty()) previous.direction = std::string(lastDirection);
    return previous;
}

}  // namespace corevla::importers
