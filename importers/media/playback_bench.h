// SPDX-License-Identifier: MIT
// `corevla bench playback`: how fast this machine plays a recording back,
// measured through the same DecodePool the GUI uses.
//
// (a) Sustained playback from frame 0 as fast as decoding allows, prefetch on;
//     a frame counts as shown only when every measured camera has it.
// (b) Random seeks to frames not in the cache (cleared before each): the time
//     from the requests to all images ready.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "importers/media/decode_pool.h"
#include "storage/types.h"

namespace corevla::importers {

struct PlaybackBenchOptions {
    int cameras = 0;      // 0: every non-attention camera, at most 6
    int width = 0;        // view width in pixels; 0: half the first camera's image width
    double seconds = 0;   // sustained part plays at most this much of the recording; 0: all of it
    int seeks = 60;       // random seeks
    int threads = 2;      // decode workers
    std::size_t cacheBytes = DecodePoolOptions{}.cacheBytes;
    std::uint64_t seed = 1;
    int timeoutMs = 30000;  // per shown frame; a longer wait is a failure
};

struct PlaybackBenchResult {
    bool ok = false;
    std::string error;
    std::vector<std::string> cameraNames;
    int cameras = 0, width = 0, frames = 0, seeks = 0, threads = 0;
    double recordingFps = 0;
    double decodedFps = 0, realtimeX = 0;
    double seekP50Ms = 0, seekP95Ms = 0, seekMaxMs = 0;
    std::int64_t frameErrors = 0;  // images that failed to decode (still counted as shown)
    std::string firstFrameError;
};

// Needs the recording's frames (Project::load with frames).
PlaybackBenchResult runPlaybackBench(const Recording& recording, const PlaybackBenchOptions& options);

// {"decoded_fps":…, "realtime_x":…, "seek_p50_ms":…, "seek_p95_ms":…, "cameras":N, "width":W, "frames":…, …}
std::string playbackBenchJson(const PlaybackBenchResult& result);
std::string playbackBenchText(const PlaybackBenchResult& result);

}  // namespace corevla::importers
