// SPDX-License-Identifier: MIT
// manifest.json of an export: what it holds and a content hash over every
// dataset file, so that two exports (or an export and a copy of it) can be
// compared without diffing thousands of images, and `export --check` can tell
// a folder that changed since it was written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset/export_records.h"

namespace corevla::dataset {

struct DatasetFile {
    std::string relPath;
    std::int64_t size = 0;
    std::uint64_t hash = 0;  // storage/hash.h of the bytes
};

// storage/hash.h's 64-bit hash over the text "<path>\0<size>\0<hash hex>\n"
// of each file, in the order given: dataset_info.json, the data file, then
// the images in the order the data file lists them.
std::uint64_t contentHash(const std::vector<DatasetFile>& files);

struct Manifest {
    ExportFormat format = ExportFormat::LlamaFactoryDpo;
    std::string status;           // the filter: a status name or "any"
    std::vector<std::string> files;  // the dataset files besides images
    std::vector<std::int64_t> pairIds;  // entry i is pair pairIds[i]: images/<i>/
    // --from frames instead of pairs: entry i asks at frames[i] = (recording, Frame::index).
    bool fromFrames = false;
    double everyS = 0;
    bool excludeSegments = false;
    std::int64_t recording = 0;  // 0: every recording, or several (`frames` names them)
    std::vector<std::pair<std::int64_t, int>> frames;
    int images = 0, escapedTokens = 0;
    std::uint64_t contentHash = 0;
};

// {"corevla_export": 1, "format", "filter": {"status"}, "counts": {"pairs",
//  "images", "escaped_tokens"}, "files", "pair_ids", "content_hash": hex};
// from frames: "filter": {"from": "frames", "every_s", "exclude_segments",
// "recording" (0: all)}, "counts": {"examples", ...}, "frames": [[recording, frame], ...]
// instead of the pairs.
std::string manifestJson(const Manifest& manifest);

}  // namespace corevla::dataset
