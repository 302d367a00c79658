// SPDX-License-Identifier: MIT
#include "storage/hash.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

namespace corevla {
namespace {

constexpr std::uint64_t kMul1 = 0xa0761d6478bd642full;
constexpr std::uint64_t kMul2 = 0xe7037ed1a0b428dbull;

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

std::uint64_t load64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

}  // namespace

void Hasher::mixWord(std::uint64_t word) { m_state = mix(m_state ^ word, kMul1) + kMul2; }

void Hasher::update(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    m_length += size;
    while (m_tailSize > 0 && size > 0) {  // finish a partial word first
        m_tail[m_tailSize++] = *p++;
        --size;
        if (m_tailSize == 8) {
            mixWord(load64(m_tail));
            m_tailSize = 0;
        }
    }
    for (; size >= 8; p += 8, size -= 8) mixWord(load64(p));
    std::memcpy(m_tail, p, size);
    m_tailSize = size;
}

std::uint64_t Hasher::digest() const {
    unsigned char last[8] = {};
    std::memcpy(last, m_tail, m_tailSize);
    const std::uint64_t state = mix(m_state ^ load64(last), kMul1 ^ m_length);
    return mix(state, kMul2);
}

std::uint64_t hashBytes(const void* data, std::size_t size) {
    Hasher h;
    h.update(data, size);
    return h.digest();
}

std::optional<FileDigest> hashFile(const std::filesystem::path& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = "cannot be read";
        return std::nullopt;
    }
    Hasher h;
    std::vector<char> buffer(1 << 16);
    FileDigest digest;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got <= 0) break;
        h.update(buffer.data(), static_cast<std::size_t>(got));
        digest.size += got;
    }
    if (in.bad()) {
        if (error) *error = "read error";
        return std::nullopt;
    }
    digest.hash = h.digest();
    return digest;
}

std::string hashToHex(std::uint64_t hash) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
    return buf;
}

}  // namespace corevla
