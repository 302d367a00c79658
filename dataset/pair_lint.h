// SPDX-License-Identifier: MIT
// What a reviewer would miss in a preference pair: chosen and rejected with
// the same meta-action, a chosen text that contradicts its chips (or names
// none), prompt frames that are missing or unreadable, duplicates, a decision
// frame outside its segment, a pair whose frames a re-import removed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/annotation.h"
#include "storage/types.h"

namespace corevla {
class Project;
}

namespace corevla::dataset {

struct LintIssue {
    std::string code;     // "same-action", "chosen-contradicts-chips", "chosen-names-no-action",
                          // "prompt-frames-missing", "image-missing", "duplicate",
                          // "decision-outside-segment", "detached", "image-token-in-text"
    std::string message;  // for people
};

struct LintContext {
    const Segment* segment = nullptr;      // the pair's, when it has one
    const Recording* recording = nullptr;  // with frames and cameras, when it has one
};

std::vector<LintIssue> lintPair(const PreferencePair& pair, const LintContext& context);

// Every pair's issues, duplicates among them included. `context` gives each
// pair's segment and recording (nullptrs where it has none).
std::map<std::int64_t, std::vector<LintIssue>> lintPairs(
    const std::vector<PreferencePair>& pairs, const std::function<LintContext(const PreferencePair&)>& context);

// The same for pairs of a project: their segments and recordings read from
// it (each once). nullopt when the project cannot be read (its lastError()).
std::optional<std::map<std::int64_t, std::vector<LintIssue>>> lintPairs(Project& project,
                                                                         const std::vector<PreferencePair>& pairs);

}  // namespace corevla::dataset
