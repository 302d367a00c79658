// SPDX-License-Identifier: MIT
// What a video file holds, read with FFmpeg: size, rate, length, codec, and
// whether its first frame really decodes (a container can open fine and still
// carry a codec or bitstream this build cannot decode).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "importers/media/video_info.h"

namespace corevla::importers {

// Opens and inspects a video. nullopt with *error set when the file is not a
// video at all ("file is missing", "does not decode: <FFmpeg's reason>");
// a video whose container opens but whose first frame fails comes back with
// decodes == false and decodeError set. countFrames: count packets when the
// container does not store the frame count (demuxing only, no decoding).
std::optional<VideoInfo> probeVideo(const std::filesystem::path& path, std::string* error,
                                    bool countFrames = true);

}  // namespace corevla::importers
