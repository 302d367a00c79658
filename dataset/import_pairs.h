// SPDX-License-Identifier: MIT
// `corevla import-pairs`: a LLaMA-Factory DPO file (sharegpt ranking JSON,
// such as CoReVLA's released dpo_part1.json) read into preference pairs.
// Image paths resolve as LLaMA-Factory resolves them, against the file's
// folder; each image is then referenced like media (absolute path, size,
// hash). All or nothing: every entry is checked first (with `export
// --check`'s rules), and one bad entry imports none.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/annotation.h"

namespace corevla {
class Project;
}

namespace corevla::dataset {

struct ImportPairsOptions {
    std::string author;
    PairStatus status = PairStatus::NeedsReview;  // someone reviews what came from elsewhere
    int threads = 0;                              // image hashing; <= 0: every core
};

struct ReadPairs {
    std::vector<PreferencePair> pairs;  // source "<absolute file>#<entry>", not yet stored
    std::vector<std::string> errors;    // "<file>: entry N: <problem>", or "<file>: <problem>"
};

// Reads and checks every entry; pairs is empty when there is any error.
ReadPairs readDpoFile(const std::filesystem::path& file, const ImportPairsOptions& options);

struct ImportPairsResult {
    bool ok = false;
    std::vector<std::string> errors;
    std::vector<std::int64_t> ids;  // the pairs stored, in the file's order
    int unchanged = 0;              // entries already imported from this file, identical
};

// readDpoFile, then every pair stored in one transaction. An entry imported
// before from the same file (same source) with the same texts and images is
// skipped as unchanged.
ImportPairsResult importPairs(Project& project, const std::filesystem::path& file, const ImportPairsOptions& options);

}  // namespace corevla::dataset
