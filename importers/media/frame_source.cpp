// SPDX-License-Identifier: MIT
#include "importers/media/frame_source.h"

#include "importers/media/image_header.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <system_error>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace corevla::importers {
namespace {

// Only "%%" and one integer conversion ("%d", "%05d") are expanded: a
// pattern comes from a file, and handing it to printf would trust it.
std::string expandPattern(const std::string& pattern, int index) {
    std::string out;
    out.reserve(pattern.size() + 8);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '%') {
            out += pattern[i];
            continue;
        }
        std::size_t j = i + 1;
        if (j < pattern.size() && pattern[j] == '%') {
            out += '%';
            i = j;
            continue;
        }
        const bool zero = j < pattern.size() && pattern[j] == '0';
        int width = 0;
        while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j])))
            width = std::min(width * 10 + (pattern[j++] - '0'), 32);
        if (j < pattern.size() && pattern[j] == 'd') {
            char buf[48];
            std::snprintf(buf, sizeof buf, zero ? "%0*d" : "%*d", width, index);
            out += buf;
            i = j;
        } else {
            out += '%';
        }
    }
    return out;
}

// Entropy-coded data stuffs every 0xFF, so an end-of-image marker near the
// end is how a complete file is told from a truncated one (which libjpeg
// would decode with a gray bottom and only a warning).
bool hasEndOfImage(const std::vector<unsigned char>& b) {
    const std::size_t from = b.size() > 64 ? b.size() - 64 : 0;
    for (std::size_t i = b.size(); i-- > from + 1;)
        if (b[i - 1] == 0xFF && b[i] == 0xD9) return true;
    return false;
}

cv::Mat fitWidth(cv::Mat image, int maxWidth) {
    if (maxWidth <= 0 || image.cols <= maxWidth) return image;
    const int height = std::max(1, int(std::lround(double(image.rows) * maxWidth / image.cols)));
    cv::Mat out;
    cv::resize(image, out, cv::Size(maxWidth, height), 0, 0, cv::INTER_AREA);
    return out;
}

bool fail(std::string* error, const std::string& file, const std::string& why) {
    if (error) *error = file + ": " + why;
    return false;
}

}  // namespace

FrameSource::~FrameSource() = default;

JpegSequenceSource::JpegSequenceSource(std::filesystem::path root, std::string pattern)
    : m_root(std::move(root)), m_pattern(std::move(pattern)) {}

std::string JpegSequenceSource::fileName(int frameIndex) const { return expandPattern(m_pattern, frameIndex); }

std::string cameraFile(const Camera& camera, int frameIndex) {
    return camera.kind == MediaKind::Video ? camera.pattern : expandPattern(camera.pattern, frameIndex);
}

cv::Mat JpegSequenceSource::read(int frameIndex, double, int maxWidth, std::string* error) {
    const std::string name = fileName(frameIndex);
    std::error_code ec;
    const auto status = std::filesystem::status(m_root / name, ec);
    if (!std::filesystem::is_regular_file(status)) {
        fail(error, name, std::filesystem::exists(status) ? "is not a file" : "file is missing");
        return {};
    }
    std::ifstream in(m_root / name, std::ios::binary | std::ios::ate);
    if (!in) {
        fail(error, name, "cannot be read");
        return {};
    }
    const auto size = in.tellg();
    m_bytes.resize(size > 0 ? std::size_t(size) : 0);
    in.seekg(0);
    if (size <= 0 || !in.read(reinterpret_cast<char*>(m_bytes.data()), size)) {
        fail(error, name, size == 0 ? "is empty" : "cannot be read");
        return {};
    }
    const auto header = jpegSize(m_bytes.data(), m_bytes.size());
    const int width = header ? header->first : 0;
    if (width <= 0 || !hasEndOfImage(m_bytes)) {
        fail(error, name, width <= 0 ? "does not decode as JPEG" : "does not decode as JPEG (truncated)");
        return {};
    }
    // The strongest DCT reduction that still leaves at least maxWidth pixels.
    int flag = cv::IMREAD_COLOR;
    if (maxWidth > 0) {
        if ((width + 7) / 8 >= maxWidth) flag = cv::IMREAD_REDUCED_COLOR_8;
        else if ((width + 3) / 4 >= maxWidth) flag = cv::IMREAD_REDUCED_COLOR_4;
        else if ((width + 1) / 2 >= maxWidth) flag = cv::IMREAD_REDUCED_COLOR_2;
    }
    cv::Mat image = cv::imdecode(cv::Mat(1, int(m_bytes.size()), CV_8UC1, m_bytes.data()), flag);
    if (image.empty()) {
        fail(error, name, "does not decode as JPEG");
        return {};
    }
    return fitWidth(std::move(image), maxWidth);
}

VideoSource::VideoSource(std::filesystem::path root, std::string file, double fps, bool gray, int threads)
    : m_root(std::move(root)), m_file(std::move(file)), m_fps(fps), m_gray(gray), m_threads(threads) {}

cv::Mat VideoSource::read(int frameIndex, double t, int maxWidth, std::string* error) {
    if (!m_tried) {
        m_tried = true;
        VideoDecoder::Options options;
        options.displayName = m_file;
        options.threads = m_threads;
        if (m_decoder.open(m_root / m_file, &m_openError, options) && m_fps <= 0)
            m_fps = m_decoder.info().fps;
    }
    if (!m_openError.empty()) {
        if (error) *error = m_openError;
        return {};
    }
    const std::int64_t index = t < 0 ? frameIndex : std::llround(t * m_fps);
    return m_decoder.frame(index, error, maxWidth, m_gray);
}

std::unique_ptr<FrameSource> makeFrameSource(const std::filesystem::path& root, const Camera& camera) {
    if (camera.kind == MediaKind::Video)
        return std::make_unique<VideoSource>(root, camera.pattern, camera.videoFps, camera.isAttention);
    return std::make_unique<JpegSequenceSource>(root, camera.pattern);
}

std::unique_ptr<FrameSource> makeFrameSource(const Recording& recording, std::size_t cameraIndex) {
    if (cameraIndex >= recording.cameras.size()) return nullptr;
    return makeFrameSource(recording.root, recording.cameras[cameraIndex]);
}

}  // namespace corevla::importers
