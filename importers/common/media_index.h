// SPDX-License-Identifier: MIT
// The media list of a recording: every file's size and content hash, read in
// parallel.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "storage/progress.h"
#include "storage/types.h"

namespace corevla::importers {

struct MediaProblem {
    std::string relPath, message;
};

// MediaFile entries for relPaths under root, in the same order. Sizes always,
// content hashes (storage/hash.h) only when hash is true, read in parallel.
// Unreadable files are left out and listed in *problems. nullopt: cancelled.
std::optional<std::vector<MediaFile>> indexMedia(const std::filesystem::path& root,
                                                 const std::vector<std::string>& relPaths, bool hash,
                                                 int threads, const ProgressFn& progress,
                                                 const CancelToken* cancel,
                                                 std::vector<MediaProblem>* problems);

}  // namespace corevla::importers
