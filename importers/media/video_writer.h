// SPDX-License-Identifier: MIT
// H.264 MP4 writer on FFmpeg (libavcodec/libavformat): constant frame rate,
// a keyframe exactly every gopFrames frames (so readers can seek cheaply),
// yuv420p, no B-frames. Frame i has PTS i in a 1/fps time base. Prefers
// libx264; falls back to any H.264 encoder that opens.
#pragma once

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace corevla {

class VideoWriter {
public:
    VideoWriter();
    ~VideoWriter();  // finishes the file if still open
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    bool open(const std::filesystem::path& file, int width, int height, double fps, int gopFrames, bool gray = false);
    // 8-bit BGR (CV_8UC3) or, for a gray writer, CV_8UC1; size as opened.
    bool write(const cv::Mat& bgrOrGray);
    // Flushes the encoder and writes the trailer; the writer can then be reopened.
    bool finish();
    std::string lastError() const { return m_error; }
    std::string encoderName() const;
    long long framesWritten() const { return m_frames; }

private:
    struct State;
    bool fail(const std::string& what, int averr = 0);
    bool drain(bool flush);
    void close();

    std::unique_ptr<State> m_s;
    std::string m_error;
    long long m_frames = 0;
};

}  // namespace corevla
