// SPDX-License-Identifier: MIT
// Decoded camera images, one source per camera: a JPEG sequence or a video.
// Used by the CLI (`corevla frame`), the benchmarks and the playback UI's
// decode pool. Thread-compatible: one source per thread.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "importers/media/video_decoder.h"
#include "storage/types.h"

namespace corevla::importers {

class FrameSource {
public:
    virtual ~FrameSource();
    // The image of the recording's frame `frameIndex` at time t (seconds since
    // the first frame): BGR (gray for attention videos), exactly
    // min(maxWidth, image width) wide with the aspect kept (maxWidth 0: full
    // size). An empty Mat means failure with *error = "<file>: <reason>",
    // the file relative to the recording's root.
    virtual cv::Mat read(int frameIndex, double t, int maxWidth, std::string* error) = 0;
};

// Files named by a printf-style pattern ("camera/rgb_front/%05d.jpg") with
// the frame index. A small view decodes cheaply: libjpeg's DCT scaling
// (1/2, 1/4, 1/8) does most of the reduction.
class JpegSequenceSource final : public FrameSource {
public:
    JpegSequenceSource(std::filesystem::path root, std::string pattern);
    cv::Mat read(int frameIndex, double t, int maxWidth, std::string* error) override;
    // The file of a frame, relative to the root.
    std::string fileName(int frameIndex) const;

private:
    std::filesystem::path m_root;
    std::string m_pattern;
    std::vector<unsigned char> m_bytes;  // reused between reads
};

// A video; time t picks its frame (llround(t * fps)), since log ticks and
// video frames need not run at the same rate. t < 0 asks for the video's own
// frame `frameIndex`. The file is opened on the first read.
class VideoSource final : public FrameSource {
public:
    VideoSource(std::filesystem::path root, std::string file, double fps, bool gray = false,
                int threads = 1);
    cv::Mat read(int frameIndex, double t, int maxWidth, std::string* error) override;
    VideoDecoder& decoder() { return m_decoder; }

private:
    std::filesystem::path m_root;
    std::string m_file;
    double m_fps;
    bool m_gray;
    int m_threads;
    bool m_tried = false;
    std::string m_openError;  // kept: a file that did not open is not retried per frame
    VideoDecoder m_decoder;
};

// The file holding a camera's frame, relative to the recording's root: that
// index's JPEG, or the video.
std::string cameraFile(const Camera& camera, int frameIndex);

// The source for a camera of a recording stored under `root`.
std::unique_ptr<FrameSource> makeFrameSource(const std::filesystem::path& root, const Camera& camera);
// The source for recording.cameras[cameraIndex]; nullptr when out of range.
std::unique_ptr<FrameSource> makeFrameSource(const Recording& recording, std::size_t cameraIndex);

}  // namespace corevla::importers
