// SPDX-License-Identifier: MIT
// Parallel helpers shared by the Bench2Drive importers: a deterministic
// parallel-for, the media list (sizes and content hashes) of a recording, and
// a cheap image-size probe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/progress.h"
#include "storage/types.h"

namespace corevla::importers {

// threads <= 0: std::thread::hardware_concurrency() (at least 1).
int resolveThreads(int threads);

// Runs fn(i, worker) for every i in [0, n) on up to `threads` threads, worker
// in [0, threads). Items are handed out in order; results belong in slot i, so
// the output order never depends on scheduling. The calling thread is worker 0
// and is the only one that calls progress(done) (ProgressFn need not be
// thread-safe). The cancel token is checked before each item; returns false
// when it fired. An exception thrown by fn is rethrown here after all joined.
bool parallelFor(std::size_t n, int threads, const CancelToken* cancel,
                 const std::function<void(std::size_t i, int worker)>& fn,
                 const std::function<void(std::size_t done)>& progress = {});

// Maps [0,1] of a sub-step onto [from, to] of the caller's progress.
ProgressFn progressRange(const ProgressFn& progress, double from, double to);

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

// Width and height from a JPEG's SOF or a PNG's IHDR, without decoding.
std::optional<std::pair<int, int>> imageSize(const std::filesystem::path& path);
// Width and height from a JPEG's frame header (SOFn) in its first bytes.
std::optional<std::pair<int, int>> jpegSize(const unsigned char* data, std::size_t size);

}  // namespace corevla::importers
