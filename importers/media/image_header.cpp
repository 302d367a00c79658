// SPDX-License-Identifier: MIT
#include "importers/media/image_header.h"

#include <fstream>
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
    const auto be16 = [&](std::size_t i) { return (b[i] << 8) | b[i + 1]; };
    if (n >= 24 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
        const auto be32 = [&](std::size_t i) { return (be16(i) << 16) | be16(i + 2); };
        return std::pair{be32(16), be32(20)};
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
