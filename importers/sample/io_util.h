// SPDX-License-Identifier: MIT
// File output of the sample generator: errors as values naming the file,
// deterministic gzip (libdeflate writes mtime 0), and a small parallel loop
// whose results do not depend on the thread count.
#pragma once

#include "storage/progress.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace corevla::sample {

std::string frameName(int index, const char* ext);  // 00012.jpg
bool ensureDir(const std::filesystem::path& dir, std::string& err);
bool writeFile(const std::filesystem::path& file, std::string_view data, std::string& err);
bool writeGzip(const std::filesystem::path& file, std::string_view data, std::string& err);
bool writeJpeg(const std::filesystem::path& file, const cv::Mat& image, int quality, std::string& err);

// Runs job(i) for i in [0, n) on up to `threads` threads. Stops at the first
// error (returned) or when cancelled ("cancelled"). `tick` runs on the
// calling thread after each item it finished, with the number done so far.
std::string parallelFor(int n, int threads, const std::function<std::string(int)>& job,
                        const CancelToken* cancel, const std::function<void(int)>& tick = {});

}  // namespace corevla::sample
