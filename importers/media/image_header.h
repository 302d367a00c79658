// SPDX-License-Identifier: MIT
// Image sizes read from file headers, without decoding.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <utility>

namespace corevla::importers {

// Width and height from a JPEG's SOF or a PNG's IHDR, without decoding.
std::optional<std::pair<int, int>> imageSize(const std::filesystem::path& path);
// The same from a file's first bytes (64 KiB are enough for every JPEG we met).
std::optional<std::pair<int, int>> imageSize(const unsigned char* data, std::size_t size);
// Width and height from a JPEG's frame header (SOFn) in its first bytes.
std::optional<std::pair<int, int>> jpegSize(const unsigned char* data, std::size_t size);

}  // namespace corevla::importers
