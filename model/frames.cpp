// SPDX-License-Identifier: MIT
#include "model/frames.h"

#include "model/file_io.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace corevla::model {

FrameBytes frameFromBgr(const std::uint8_t* bgr, int width, int height, std::size_t stride, const ModelConfig& config) {
    const cv::Mat source(height, width, CV_8UC3, const_cast<std::uint8_t*>(bgr), stride);
    cv::Mat small, rgb;
    cv::resize(source, small, cv::Size(config.imageWidth, config.imageHeight), 0, 0, cv::INTER_AREA);
    cv::cvtColor(small, rgb, cv::COLOR_BGR2RGB);
    const std::size_t plane = std::size_t(config.imageWidth) * std::size_t(config.imageHeight);
    FrameBytes out(3 * plane);
    for (int y = 0; y < rgb.rows; ++y) {
        const std::uint8_t* row = rgb.ptr<std::uint8_t>(y);
        for (int x = 0; x < rgb.cols; ++x)
            for (int c = 0; c < 3; ++c) out[std::size_t(c) * plane + std::size_t(y) * std::size_t(rgb.cols) + std::size_t(x)] = row[3 * x + c];
    }
    return out;
}

std::optional<FrameBytes> loadFrame(const std::filesystem::path& file, const ModelConfig& config, std::string* error) {
    const auto bytes = readWholeFile(file);
    if (!bytes) {
        if (error) *error = file.string() + (std::filesystem::exists(file) ? ": cannot be read" : ": no such file");
        return std::nullopt;
    }
    return frameFromEncoded(*bytes, config, file.string(), error);
}

std::optional<FrameBytes> frameFromEncoded(const std::string& bytes, const ModelConfig& config, const std::string& what,
                                           std::string* error) {
    cv::Mat image;
    try {
        const cv::Mat raw(1, int(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
        if (!bytes.empty()) image = cv::imdecode(raw, cv::IMREAD_COLOR);
    } catch (const cv::Exception& e) {
        if (error) *error = what + ": " + e.what();
        return std::nullopt;
    }
    if (image.empty()) {
        if (error) *error = what + ": not a readable image";
        return std::nullopt;
    }
    return frameFromBgr(image.data, image.cols, image.rows, image.step, config);
}

std::vector<const FrameBytes*> frameSlots(const std::vector<const FrameBytes*>& frames, const ModelConfig& config) {
    const std::size_t F = std::size_t(config.frames);
    std::vector<const FrameBytes*> slots;
    if (frames.empty()) return std::vector<const FrameBytes*>(F, nullptr);
    const std::size_t start = frames.size() > F ? frames.size() - F : 0;
    for (std::size_t missing = frames.size() - start; missing < F; ++missing) slots.push_back(frames[start]);
    slots.insert(slots.end(), frames.begin() + std::ptrdiff_t(start), frames.end());
    return slots;
}

}  // namespace corevla::model
