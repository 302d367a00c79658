// SPDX-License-Identifier: MIT
#include "importers/media/image_header.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

namespace corevla::importers {

std::optional<std::pair<int, int>> imageSize(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return imageSize(reinterpret_cast<const unsigned char*>(head.data()), head.size());
}

std::optional<std::pair<int, int>> imageSize(const unsigned char* b, std::size_t n) {
    static constexpr unsigned char kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    if (n >= 24 && std::equal(std::begin(kPng), std::end(kPng), b)) {
        // IHDR's width and height are unsigned 32-bit; PNG allows 1..2^31-1,
        // and anything above would turn negative as an int.
        const auto be32 = [&](std::size_t i) {
            return std::uint32_t(b[i]) << 24 | std::uint32_t(b[i + 1]) << 16 | std::uint32_t(b[i + 2]) << 8 | b[i + 3];
        };
        const std::uint32_t width = be32(16), height = be32(20);
        if (width == 0 || height == 0 || width > INT32_MAX || height > INT32_MAX) return std::nullopt;
        return std::pair{int(width), int(height)};
    }
    return jpegSize(b, n);
}

std::optional<std::pair<int, int>> jpegSize(const unsigned char* b, std::size_t n) {
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    const auto be16 = [&](std::size_t i) { return (int(b[i]) << 8) | b[i + 1]; };
    // Walk the marker segments up to the first start-of-frame (SOF0..SOF15
    // except DHT C4, JPG C8 and DAC CC, which share the range).
    std::size_t i = 2;
    while (i + 9 < n) {
        if (b[i] != 0xFF) return std::nullopt;
        const int marker = b[i + 1];
        if (marker == 0xFF) { ++i; continue; }  // fill byte
        const std::size_t length = static_cast<std::size_t>(be16(i + 2));
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) return std::pair{be16(i + 7), be16(i + 5)};
        if (marker == 0xDA || length < 2) return std::nullopt;  // scan data before any frame header
        i += 2 + length;
    }
    return std::nullopt;
}

}  // namespace corevla::importers
