// SPDX-License-Identifier: MIT
// Frame-exact random access into one video file with FFmpeg. A request for
// frame N seeks to the keyframe at or before N and decodes forward until the
// frame whose presentation time is N's; it never settles for a nearby
// keyframe. Reading on (N+1, N+2, ...) decodes forward without seeking. The
// codec context stays open between calls. Thread-compatible: one instance per
// thread (a decode pool holds one per worker).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "importers/media/video_info.h"

namespace corevla::importers {

struct VideoDecoderOptions {
    std::string displayName;   // how messages name the file; empty: the path as given
    int threads = 1;           // FFmpeg decode threads; 0: FFmpeg's choice (all cores)
    bool countFrames = false;  // count packets when the container lacks a frame count
};

class VideoDecoder {
public:
    using Options = VideoDecoderOptions;

    VideoDecoder();
    ~VideoDecoder();
    VideoDecoder(VideoDecoder&&) noexcept;
    VideoDecoder& operator=(VideoDecoder&&) noexcept;
    VideoDecoder(const VideoDecoder&) = delete;
    VideoDecoder& operator=(const VideoDecoder&) = delete;

    // Opens the file and its best video stream and the decoder. On failure
    // *error is "<name>: <reason>" ("file is missing", "does not decode: ...").
    bool open(const std::filesystem::path& path, std::string* error, const Options& options = {});
    void close();
    bool isOpen() const;
    // Size, rate, codec and frame count (decodes/decodeError are not filled).
    const VideoInfo& info() const;

    // Frame `index` (0 = the first frame in presentation order) as BGR, or
    // 8-bit gray, scaled by swscale to `maxWidth` when that is smaller than
    // the video (0: full size). Where a variable-rate stream has no frame at
    // N's time, the frame shown at that time (the one before) is returned.
    // An empty Mat means failure with *error = "<name>: <reason>".
    cv::Mat frame(std::int64_t index, std::string* error, int maxWidth = 0, bool gray = false);


    // The last failure's reason without the file name.
    const std::string& lastReason() const;
    // Diagnostics for tests and benchmarks: seeks done and frames decoded.
    int seekCount() const;
    std::int64_t decodedCount() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace corevla::importers
