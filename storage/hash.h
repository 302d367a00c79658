// SPDX-License-Identifier: MIT
// A fast 64-bit content hash for media fingerprints. Not cryptographic: it
// detects changed or swapped files, it does not defend against forgery.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace corevla {

class Hasher {
public:
    explicit Hasher(std::uint64_t seed = 0x9e3779b97f4a7c15ull) : m_state(seed) {}
    void update(const void* data, std::size_t size);
    std::uint64_t digest() const;

private:
    std::uint64_t m_state;
    std::uint64_t m_length = 0;
    unsigned char m_tail[8] = {};
    std::size_t m_tailSize = 0;
    void mixWord(std::uint64_t word);
};

std::uint64_t hashBytes(const void* data, std::size_t size);
// Size and hash of a file; nullopt (and *error set) when it cannot be read.
struct FileDigest {
    std::int64_t size = 0;
    std::uint64_t hash = 0;
};
std::optional<FileDigest> hashFile(const std::filesystem::path& path, std::string* error = nullptr);
std::string hashToHex(std::uint64_t hash);

}  // namespace corevla
