// SPDX-License-Identifier: MIT
// Small real images for the dataset tests, and pairs that reference them the
// way import-pairs does (absolute path, size, hash).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "storage/annotation.h"
#include "storage/hash.h"

namespace corevla::testing {

// A 64x48 image of one colour (shade picks it), written as JPEG or PNG by extension.
inline bool writeImage(const std::filesystem::path& path, int shade) {
    std::filesystem::create_directories(path.parent_path());
    const cv::Mat image(48, 64, CV_8UC3, cv::Scalar(shade % 256, (shade * 7) % 256, (shade * 13) % 256));
    return cv::imwrite(path.string(), image);
}

inline MediaFile mediaOf(const std::filesystem::path& path) {
    const auto digest = hashFile(path);
    return digest ? MediaFile{path.string(), digest->size, digest->hash} : MediaFile{path.string()};
}

// A pair as import-pairs stores one: no recording, its images as files.
inline PreferencePair importedPair(std::int64_t id, const std::vector<std::filesystem::path>& images) {
    PreferencePair p;
    p.id = id;
    p.question = "What should the ego vehicle do now, and why?";
    p.chosen = "Slow down: a pedestrian is crossing. Decision: FOLLOW_LANE, DECELERATE.";
    p.rejected = "Keep going. Decision: FOLLOW_LANE, KEEP.";
    for (const auto& image : images) p.images.push_back(mediaOf(image));
    return p;
}

}  // namespace corevla::testing
