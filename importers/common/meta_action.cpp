// SPDX-License-Identifier: MIT
#include "importers/common/meta_action.h"

#include <algorithm>

namespace corevla::importers {
namespace {

// Word characters as an ASCII regex \w sees them: an underscore joins words,
// so "CHANGE_LANE_LEFT" never yields "LANE_LEFT" and "KEEPING" is not KEEP.
// Non-ASCII bytes separate words, so full-width punctuation ("KEEP，") still
// ends a token.
bool isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool isSpeedToken(std::string_view word) {
    return std::find(kSpeedTokens.begin(), kSpeedTokens.end(), word) != kSpeedTokens.end();
}

bool isDirectionToken(std::string_view word) {
    return std::find(kDirectionTokens.begin(), kDirectionTokens.end(), word) != kDirectionTokens.end();
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
