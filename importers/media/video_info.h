// SPDX-License-Identifier: MIT
// What a video holds, and FFmpeg's messages: shared by the probe, the decoder
// and the writer, so that none of them includes another.
#pragma once

#include <cstdint>
#include <string>

namespace corevla::importers {

struct VideoInfo {
    int width = 0, height = 0;
    double fps = 0;               // the stream's (constant) frame rate
    std::int64_t frameCount = 0;  // from the container, or counted from packets
    double durationS = 0;
    std::string codec;            // FFmpeg's short name: "h264", "mpeg4", ...
    std::string pixelFormat;      // "yuv420p", "gray", ...
    bool decodes = false;         // the first frame decoded
    std::string decodeError;      // why not, when !decodes
};

// FFmpeg's message for an error code ("Invalid data found when processing input").
std::string ffmpegError(int code);

// Our readers and writers report FFmpeg's failures themselves, naming the
// file; FFmpeg's own log lines would only repeat them without the name. Lowers
// FFmpeg's log level unless the host program already chose one.
void quietFfmpegLog();

}  // namespace corevla::importers
