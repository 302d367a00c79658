// SPDX-License-Identifier: MIT
#include "importers/common/tar_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <zlib.h>

namespace corevla::importers {
namespace {

constexpr std::size_t kBlock = 512;
// Sizes above this are corrupt: size plus the padding to the next block must
// stay an int64 (the base-256 and pax encodings can state up to 2^63-1).
constexpr std::int64_t kMaxEntrySize = INT64_MAX - std::int64_t(kBlock);

std::string_view field(const char* header, std::size_t offset, std::size_t length) {
    const char* begin = header + offset;
    return {begin, strnlen(begin, length)};
}

// Octal with optional spaces/NULs, or GNU base-256 (high bit of the first byte).
std::optional<std::int64_t> parseNumber(const char* p, std::size_t length) {
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    if (u[0] & 0x80) {
        std::int64_t value = u[0] & 0x3f;
        for (std::size_t i = 1; i < length; ++i) {
            if (value > (INT64_MAX >> 8)) return std::nullopt;
            value = (value << 8) | u[i];
        }
        return value;
    }
    std::size_t i = 0;
    while (i < length && p[i] == ' ') ++i;
    std::int64_t value = 0;
    bool digits = false;
    for (; i < length && p[i] >= '0' && p[i] <= '7'; ++i) {
        value = value * 8 + (p[i] - '0');
        digits = true;
    }
    if (i < length && p[i] != ' ' && p[i] != '\0') return std::nullopt;
    return digits ? value : 0;
}

bool checksumMatches(const char* header) {
    const auto stored = parseNumber(header + 148, 8);
    if (!stored) return false;
    std::int64_t unsignedSum = 0, signedSum = 0;
    for (std::size_t i = 0; i < kBlock; ++i) {
        const bool inField = i >= 148 && i < 156;  // the checksum field counts as spaces
        unsignedSum += inField ? ' ' : static_cast<unsigned char>(header[i]);
        signedSum += inField ? ' ' : static_cast<signed char>(header[i]);
    }
    return *stored == unsignedSum || *stored == signedSum;
}

// pax records: "<len> <key>=<value>\n"; we honour path and size.
void parsePax(std::string_view data, std::string& path, std::optional<std::int64_t>& size) {
    while (!data.empty()) {
        const auto space = data.find(' ');
        if (space == std::string_view::npos) return;
        std::size_t length = 0;
        for (char c : data.substr(0, space)) {
            if (c < '0' || c > '9') return;
            length = length * 10 + static_cast<std::size_t>(c - '0');
        }
        if (length <= space + 1 || length > data.size()) return;
        std::string_view record = data.substr(space + 1, length - space - 1);
        if (record.ends_with('\n')) record.remove_suffix(1);
        const auto eq = record.find('=');
        if (eq != std::string_view::npos) {
            const auto key = record.substr(0, eq), value = record.substr(eq + 1);
            if (key == "path") {
                path = std::string(value);
            } else if (key == "size") {
                std::int64_t parsed = -1;  // what does not parse stays -1: next() refuses it
                const auto [end, err] = std::from_chars(value.data(), value.data() + value.size(), parsed);
                size = err == std::errc() && end == value.data() + value.size() ? parsed : -1;
            }
        }
        data.remove_prefix(length);
    }
}

}  // namespace

struct TarReader::Impl {
    gzFile gz = nullptr;
    std::int64_t archiveSize = 0;
    std::int64_t remaining = 0;  // data bytes of the current entry not yet read
    std::int64_t padding = 0;    // bytes after them up to the block boundary
    std::vector<char> buffer = std::vector<char>(1 << 16);

    ~Impl() {
        if (gz) gzclose(gz);
    }
    // Exactly n bytes, or false with *error set ("is truncated ...").
    bool readExact(char* out, std::size_t n, std::string* error) {
        std::size_t got = 0;
        while (got < n) {
            const int r = gzread(gz, out + got, static_cast<unsigned>(std::min<std::size_t>(n - got, 1u << 30)));
            if (r <= 0) {
                int code = Z_OK;
                const char* message = gzerror(gz, &code);
                if (error)
                    *error = (code != Z_OK && code != Z_BUF_ERROR)
                                 ? std::string("is corrupt (") + message + ")"
                                 : std::string("is truncated (unexpected end of the archive)");
                return false;
            }
            got += static_cast<std::size_t>(r);
        }
        return true;
    }
    bool skip(std::int64_t n, std::string* error) {
        while (n > 0) {
            const auto chunk = static_cast<std::size_t>(std::min<std::int64_t>(n, buffer.size()));
            if (!readExact(buffer.data(), chunk, error)) return false;
            n -= static_cast<std::int64_t>(chunk);
        }
        return true;
    }
    bool readString(std::int64_t size, std::string& out, std::string* error) {
        if (size < 0 || size > (64 << 20)) {
            if (error) *error = "is corrupt (oversized extended header)";
            return false;
        }
        out.resize(static_cast<std::size_t>(size));
        if (!readExact(out.data(), out.size(), error)) return false;
        return skip((kBlock - size % kBlock) % kBlock, error);
    }
};

TarReader::TarReader() : m_impl(std::make_unique<Impl>()) {}
TarReader::~TarReader() = default;

bool TarReader::open(const std::filesystem::path& archive, std::string* error) {
    std::error_code ec;
    m_impl->archiveSize = static_cast<std::int64_t>(std::filesystem::file_size(archive, ec));
    if (ec) {
        if (error) *error = "cannot be read: " + ec.message();
        return false;
    }
    m_impl->gz = gzopen(archive.c_str(), "rb");
    if (!m_impl->gz) {
        if (error) *error = "cannot be opened";
        return false;
    }
    gzbuffer(m_impl->gz, 1 << 17);
    return true;
}

bool TarReader::next(TarEntry& entry, std::string* error) {
    if (error) error->clear();
    Impl& d = *m_impl;
    if (!d.skip(d.remaining + d.padding, error)) return false;
    d.remaining = d.padding = 0;
    std::string longName, paxPath;
    std::optional<std::int64_t> paxSize;
    char header[kBlock];
    for (;;) {
        // A clean end of data where a header would start also ends the archive
        // (some writers omit the two zero blocks).
        const int r = gzread(d.gz, header, kBlock);
        if (r == 0 && gzeof(d.gz)) {
            int code = Z_OK;
            const char* message = gzerror(d.gz, &code);
            if (code != Z_OK && error) *error = std::string("is truncated or corrupt (") + message + ")";
            return false;
        }
        if (r != static_cast<int>(kBlock)) {
            if (error) *error = "is truncated (unexpected end of the archive)";
            return false;
        }
        if (std::all_of(header, header + kBlock, [](char c) { return c == 0; })) return false;  // end
        if (!checksumMatches(header)) {
            if (error) *error = "is corrupt (tar header checksum mismatch)";
            return false;
        }
        const auto size = parseNumber(header + 124, 12);
        if (!size || *size < 0 || *size > kMaxEntrySize) {
            if (error) *error = "is corrupt (bad entry size)";
            return false;
        }
        const char type = header[156];
        if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
            std::string data;
            if (!d.readString(*size, data, error)) return false;
            if (type == 'L') longName.assign(data.c_str());  // NUL-terminated
            else if (type == 'x') parsePax(data, paxPath, paxSize);
            continue;  // 'K' (long link target) and 'g' (global) do not name this entry
        }
        entry.type = type;
        entry.size = paxSize.value_or(*size);
        if (entry.size < 0 || entry.size > kMaxEntrySize) {
            if (error) *error = "is corrupt (bad entry size)";
            return false;
        }
        if (!paxPath.empty()) entry.path = paxPath;
        else if (!longName.empty()) entry.path = longName;
        else {
            entry.path = std::string(field(header, 0, 100));
            const auto prefix = field(header, 345, 155);
            if (field(header, 257, 6) == "ustar" && header[262] == '\0' && !prefix.empty())
                entry.path = std::string(prefix) + "/" + entry.path;  // POSIX ustar split name
        }
        // Links and folders carry no data even when a size is written.
        const bool hasData = !(type == '1' || type == '2' || type == '5');
        d.remaining = hasData ? entry.size : 0;
        d.padding = hasData ? (kBlock - entry.size % kBlock) % kBlock : 0;
        return true;
    }
}

bool TarReader::readData(const std::function<bool(const char*, std::size_t)>& sink, std::string* error) {
    Impl& d = *m_impl;
    while (d.remaining > 0) {
        const auto chunk = static_cast<std::size_t>(std::min<std::int64_t>(d.remaining, d.buffer.size()));
        if (!d.readExact(d.buffer.data(), chunk, error)) return false;
        d.remaining -= static_cast<std::int64_t>(chunk);
        if (!sink(d.buffer.data(), chunk)) return false;
    }
    return true;
}

double TarReader::fraction() const {
    if (!m_impl->gz || m_impl->archiveSize <= 0) return 0;
    return std::clamp(static_cast<double>(gzoffset(m_impl->gz)) / static_cast<double>(m_impl->archiveSize), 0.0, 1.0);
}

std::int64_t TarReader::archiveSize() const { return m_impl->archiveSize; }

std::optional<std::filesystem::path> safeArchivePath(std::string_view name) {
    if (name.empty() || name.front() == '/') return std::nullopt;
    std::filesystem::path out;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find('/', start);
        if (end == std::string_view::npos) end = name.size();
        const auto part = name.substr(start, end - start);
        if (part == "..") return std::nullopt;
        if (!part.empty() && part != ".") out /= std::string(part);
        start = end + 1;
    }
    if (out.empty()) return std::nullopt;
    return out;
}

namespace {

struct Marker {
    std::vector<std::pair<std::int64_t, std::string>> files;
    std::vector<std::string> refused, skipped;
};

std::string markerHeader(const std::filesystem::path& archive, std::int64_t size) {
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(archive, ec).time_since_epoch().count();
    return "corevla-unpack 1 " + std::to_string(size) + " " + std::to_string(ec ? 0 : mtime);
}

// The earlier unpack still matches the archive and every file's size.
bool reuseMarker(const std::filesystem::path& dest, const std::string& header, UnpackResult& result) {
    std::ifstream in(dest / kUnpackMarker);
    std::string line;
    if (!in || !std::getline(in, line) || line != header) return false;
    std::vector<std::string> refused, skipped;
    while (std::getline(in, line)) {
        if (line.size() < 2) return false;
        const std::string rest = line.substr(2);
        if (line[0] == 'R') refused.push_back(rest);
        else if (line[0] == 'S') skipped.push_back(rest);
        else if (line[0] == 'F') {
            const auto space = rest.find(' ');
            if (space == std::string::npos) return false;
            std::error_code ec;
            const auto size = std::filesystem::file_size(dest / rest.substr(space + 1), ec);
            if (ec || std::to_string(size) != rest.substr(0, space)) return false;
        }
    }
    result.refused = std::move(refused);
    result.skipped = std::move(skipped);
    return true;
}

bool writeEntry(TarReader& reader, const std::filesystem::path& target, std::string* error) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    // O_NOFOLLOW: never write through a link that happens to sit in dest.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (error) *error = "cannot write " + target.string() + ": " + std::strerror(errno);
        return false;
    }
    std::string writeError;
    const bool ok = reader.readData(
        [&](const char* data, std::size_t n) {
            while (n > 0) {
                const ssize_t w = ::write(fd, data, n);
                if (w < 0 && errno == EINTR) continue;
                if (w <= 0) {
                    writeError = "cannot write " + target.string() + ": " + std::strerror(errno);
                    return false;
                }
                data += w;
                n -= static_cast<std::size_t>(w);
            }
            return true;
        },
        error);
    const bool closed = ::close(fd) == 0;
    if (!writeError.empty() && error) *error = writeError;
    if (ok && !closed && error) *error = "cannot write " + target.string() + ": " + std::strerror(errno);
    return ok && closed;
}

std::string mibText(std::int64_t bytes) {
    char buf[32];
    const double mib = static_cast<double>(bytes) / (1024.0 * 1024.0);
    std::snprintf(buf, sizeof buf, mib < 10 ? "%.1f" : "%.0f", mib);
    return buf;
}

}  // namespace

UnpackResult unpackTarGz(const std::filesystem::path& archive, const std::filesystem::path& dest,
                         const ProgressFn& progress, const CancelToken* cancel) {
    namespace fs = std::filesystem;
    UnpackResult result;
    TarReader reader;
    if (!reader.open(archive, &result.error)) return result;
    const std::string header = markerHeader(archive, reader.archiveSize());
    if (reuseMarker(dest, header, result)) {
        result.ok = result.reused = true;
        return result;
    }
    std::error_code ec;
    const bool earlier = fs::exists(dest, ec);
    if (earlier && !fs::exists(dest / kUnpackMarker, ec)) {
        result.error = "cannot unpack into " + dest.string() +
                       ": the folder exists and was not unpacked by this program (move it away first)";
        return result;
    }
    const fs::path partial = dest.string() + ".partial";
    fs::remove_all(partial, ec);  // what an interrupted unpack left
    fs::create_directories(partial, ec);
    if (!fs::is_directory(partial, ec)) {
        result.error = "cannot create " + partial.string() + (ec ? ": " + ec.message() : "");
        return result;
    }
    const std::string label = "unpacking " + mibText(reader.archiveSize()) + " MiB";
    Marker marker;
    TarEntry entry;
    std::size_t count = 0;
    while (reader.next(entry, &result.error)) {
        if (cancel && cancel->cancelled()) {
            fs::remove_all(partial, ec);
            result.cancelled = true;
            return result;
        }
        if (progress && ++count % 32 == 0) progress(reader.fraction(), label);
        const auto rel = safeArchivePath(entry.path);
        if (!rel || entry.path.find('\n') != std::string::npos) {
            std::replace(entry.path.begin(), entry.path.end(), '\n', ' ');  // keeps the marker one line each
            marker.refused.push_back(entry.path + ": refused, the path leaves the destination folder "
                                                  "(absolute or with a .. component)");
            continue;
        }
        if (entry.isDirectory()) {
            fs::create_directories(partial / *rel, ec);
        } else if (entry.isFile()) {
            if (!writeEntry(reader, partial / *rel, &result.error)) break;
            marker.files.emplace_back(entry.size, rel->generic_string());
        } else if (entry.type != 'V') {  // 'V' is a volume label
            marker.skipped.push_back(entry.path + ": skipped, " +
                                     (entry.type == '1' || entry.type == '2' ? "links are not unpacked"
                                                                             : "not a regular file"));
        }
    }
    if (result.error.empty()) {
        std::ofstream out(partial / kUnpackMarker, std::ios::trunc);
        out << header << '\n';
        for (const auto& [size, path] : marker.files) out << "F " << size << ' ' << path << '\n';
        for (const auto& r : marker.refused) out << "R " << r << '\n';
        for (const auto& s : marker.skipped) out << "S " << s << '\n';
        out.flush();
        if (!out) result.error = "cannot write " + (partial / kUnpackMarker).string() + ": " + std::strerror(errno);
    }
    if (result.error.empty() && earlier) fs::remove_all(dest, ec);
    if (result.error.empty() && !ec) fs::rename(partial, dest, ec);
    if (result.error.empty() && ec) result.error = "cannot move the unpacked files into " + dest.string() + ": " + ec.message();
    if (!result.error.empty()) {
        fs::remove_all(partial, ec);
        return result;
    }
    if (progress) progress(1.0, label);
    result.refused = std::move(marker.refused);
    result.skipped = std::move(marker.skipped);
    result.replaced = earlier;
    result.ok = true;
    return result;
}

}  // namespace corevla::importers
