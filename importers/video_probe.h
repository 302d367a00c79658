// SPDX-License-Identifier: MIT
// What a video file holds, read with FFmpeg: size, rate, length, codec, and
// whether its first frame really decodes (a container can open fine and still
// carry a codec or bitstream this build cannot decode).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
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

// Opens and inspects a video. nullopt with *error set when the file is not a
// video at all ("file is missing", "does not decode: <FFmpeg's reason>");
// a video whose container opens but whose first frame fails comes back with
// decodes == false and decodeError set. countFrames: count packets when the
// container does not store the frame count (demuxing only, no decoding).
std::optional<VideoInfo> probeVideo(const std::filesystem::path& path, std::string* error,
                                    bool countFrames = true);

// FFmpeg's message for an error code ("Invalid data found when processing input").
std::string ffmpegError(int code);

// Our readers and writers report FFmpeg's failures themselves, naming the
// file; FFmpeg's own log lines would only repeat them without the name. Lowers
// FFmpeg's log level unless the host program already chose one.
void quietFfmpegLog();

}  // namespace corevla::importers
