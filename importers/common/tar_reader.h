// SPDX-License-Identifier: MIT
// A minimal streaming reader for .tar.gz archives (ustar, GNU long names 'L',
// pax 'x' path/size records) over zlib, and the safe unpacker built on it.
// Only regular files and folders are written: links and devices are skipped,
// and absolute or ".." paths are refused, so nothing lands outside the
// destination.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/progress.h"

namespace corevla::importers {

struct TarEntry {
    std::string path;        // as stored (after long-name / pax / prefix)
    char type = '0';         // '0' file, '5' folder, '1'/'2' links, ...
    std::int64_t size = 0;   // data bytes
    bool isFile() const { return type == '0' || type == '\0' || type == '7'; }
    bool isDirectory() const { return type == '5'; }
};

class TarReader {
public:
    TarReader();
    ~TarReader();
    TarReader(const TarReader&) = delete;
    TarReader& operator=(const TarReader&) = delete;

    bool open(const std::filesystem::path& archive, std::string* error);
    // The next entry. Returns false at the end (error empty) or on a damaged
    // archive (error set). The previous entry's unread data is skipped.
    bool next(TarEntry& entry, std::string* error);
    // Streams the current entry's data to sink (false from sink stops it).
    bool readData(const std::function<bool(const char*, std::size_t)>& sink, std::string* error);
    // Compressed bytes consumed so far, as a fraction of the archive size.
    double fraction() const;
    std::int64_t archiveSize() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A relative path that stays inside its destination, or nullopt when the name
// is absolute, empty, or has a ".." component. "./" components are dropped.
std::optional<std::filesystem::path> safeArchivePath(std::string_view name);

struct UnpackResult {
    bool ok = false;         // false: error says why (damaged archive, disk full, ...)
    bool cancelled = false;
    bool reused = false;     // an earlier unpack with the same sizes was kept
    bool replaced = false;   // an earlier unpack of other content was replaced
    std::string error;
    std::vector<std::string> refused;   // "<entry>: <why>" for entries not written (errors)
    std::vector<std::string> skipped;   // "<entry>: <why>" for links and specials (warnings)
};

// Unpacks archive into dest. A marker file in dest records the archive's size
// and time and every file's size; when it still matches, the earlier unpack
// is reused. Otherwise the archive is unpacked into "<dest>.partial" and, once
// complete (marker written and flushed), takes dest's place whole: no file of
// an earlier unpack survives, and an interrupted unpack never looks complete.
// A dest this program did not unpack (no marker) is never deleted: that is an
// error. Progress: "unpacking N MiB".
UnpackResult unpackTarGz(const std::filesystem::path& archive, const std::filesystem::path& dest,
                         const ProgressFn& progress, const CancelToken* cancel);

inline constexpr const char* kUnpackMarker = ".corevla-unpacked";

}  // namespace corevla::importers
