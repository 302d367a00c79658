// SPDX-License-Identifier: MIT
// Bench2Drive `anno/NNNNN.json.gz` → corevla::Frame (formats.md 1.3-1.5).
// One AnnoParser per thread: it owns the simdjson parser and the read and
// inflate buffers, which are reused from frame to frame.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/hash.h"
#include "storage/progress.h"
#include "storage/types.h"

namespace corevla::importers {

// A camera as the anno's `sensors` describes it.
struct SensorCalibration {
    std::string sensorId;  // "CAM_FRONT", "TOP_DOWN"
    std::string folder;    // "rgb_front", "rgb_top_down"
    int width = 0, height = 0;
    double fovDeg = 0;
    std::string json;      // compact: intrinsic, cam2ego, world2cam, fov, width, height
};

struct AnnoFrame {
    Frame frame;            // index and t are the caller's (from the file name)
    bool speedNull = false; // `speed` null or absent: frame.speed is nullopt
    std::vector<SensorCalibration> cameras;  // filled only when asked for
};

// The camera folder of a sensor id: CAM_BACK_LEFT → rgb_back_left,
// TOP_DOWN → rgb_top_down; empty for non-camera sensors.
std::string cameraFolderOf(std::string_view sensorId);

class AnnoParser {
public:
    AnnoParser();
    ~AnnoParser();
    AnnoParser(const AnnoParser&) = delete;
    AnnoParser& operator=(const AnnoParser&) = delete;

    // Parses the gzip'd bytes of one anno file. On failure returns false with
    // *error set (no file name): "is truncated or corrupt ...",
    // "malformed JSON: <simdjson message>", "is not a JSON object".
    bool parse(std::string_view gz, AnnoFrame& out, bool withCalibration, std::string* error);
    // Reads the file into a reused buffer and parses it; *digest (when given)
    // receives the size and content hash of the file as on disk.
    bool parseFile(const std::filesystem::path& path, AnnoFrame& out, bool withCalibration,
                   FileDigest* digest, std::string* error);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

struct AnnoFileResult {
    bool ok = false;
    std::string error;  // without the file name
    AnnoFrame anno;
    FileDigest digest;  // hash 0 unless hashing was asked for
};

struct AnnoBatchOptions {
    int threads = 0;               // 0: all cores
    bool hash = true;              // content hash of every anno file (from the bytes already read)
    bool calibrationOfFirst = true;  // sensors of the first file only (once per clip)
    ProgressFn progress;           // "anno i/N"
    const CancelToken* cancel = nullptr;
};

// Parses files in parallel; result i belongs to files[i]. nullopt: cancelled.
std::optional<std::vector<AnnoFileResult>> parseAnnoFiles(const std::vector<std::filesystem::path>& files,
                                                          const AnnoBatchOptions& options);

// The `NNNNN.json.gz` files of an anno folder, sorted by their number, with
// the numbers. Other files are ignored.
struct NumberedFile {
    int number = 0;
    std::filesystem::path path;
};
std::vector<NumberedFile> listNumberedFiles(const std::filesystem::path& dir, std::string_view suffix);

}  // namespace corevla::importers
