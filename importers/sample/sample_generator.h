// SPDX-License-Identifier: MIT
// Deterministic sample recordings in every format the workstation imports:
//
//   OUT/truth.json                      what each recording contains (written last)
//   OUT/bench2drive/<Scenario>_<Town>_Route<id>_Weather<w>/   two dataset clips
//   OUT/eval/results.json, eval/Qwen2.5VL+all_cams/<save_name>/, eval/infer_results/...
//   OUT/cave/<session_id>/              three CAVE sessions, plus `sessions` extra ones
//                                       (extra_sessions.h; 256x144 videos)
//
// The same seed and options give byte-identical JSON and annotation files.
#pragma once

#include "storage/progress.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace corevla::sample {

struct Options {
    std::filesystem::path out;
    std::uint64_t seed = 1;
    int clipFrames = 100;  // frames per dataset clip (10 Hz), >= 25; eval routes get 2x and 1.5x
    int caveSeconds = 30;  // length of each CAVE session, >= 6
    int sessions = 0;      // extra CAVE sessions of 20-40 s each, 0-500 (the CLI's default is kDefaultSessions)
};

// Enough for the embedded model's demo: SFT on the ordinary driving, DPO on the takeovers.
constexpr int kDefaultSessions = 16;

struct Result {
    bool ok = false;
    std::string error;
    std::filesystem::path truthFile;
};

// Generates the set; returns at once when OUT/truth.json already describes
// this seed and these options. Replaces OUT/bench2drive, OUT/eval and OUT/cave
// of an earlier run (marked by OUT/.corevla-sample); refuses to touch such
// folders when they are someone else's.
Result generate(const Options& options, const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

// For the long-recording benchmark: one CAVE session of `seconds` (10 Hz log,
// 20 fps videos) in OUT/cave/<sessionId>: the two-minute cut-in scenario,
// repeated to that length. Returns at once when it is already there.
Result writeLongCaveSession(const std::filesystem::path& out, const std::string& sessionId, int seconds,
                            std::uint64_t seed, const ProgressFn& progress = {});

// For the parsing benchmark: a clip with annotations only (no images),
// `frames` frames with >= 100 boxes each (about 100-200 KB of JSON).
Result writeAnnoOnlyClip(const std::filesystem::path& clipDir, int frames, std::uint64_t seed);

}  // namespace corevla::sample
