// SPDX-License-Identifier: MIT
// The `corevla info --json` contract: one object per recording.
#pragma once

#include <string>
#include <vector>

#include "storage/types.h"

namespace corevla {

std::string summariesToJson(const std::vector<RecordingSummary>& recordings);

}  // namespace corevla
