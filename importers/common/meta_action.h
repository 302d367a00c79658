// SPDX-License-Identifier: MIT
// The Bench2Drive-VL meta-action vocabulary (speed x direction) and the rule
// that reads it out of free model text (formats.md 3.3).
#pragma once

#include <string>
#include <string_view>

#include "storage/types.h"

namespace corevla::importers {

bool isSpeedToken(std::string_view word);
bool isDirectionToken(std::string_view word);

// All whole-word, case-sensitive matches of the 12 tokens in `text`; the last
// speed and the last direction win. A kind with no match keeps `previous`'s.
MetaAction parseMetaAction(std::string_view text, MetaAction previous);

}  // namespace corevla::importers
