// SPDX-License-Identifier: MIT
// The images of an export: each prompt frame decoded from its recording and
// written as JPEG (quality 95), each image of an imported pair copied byte
// for byte, to `images/<entry>/<k>.<ext>` in the export folder. The entry is
// the example's position in the data file, so that the same examples give
// the same paths whatever ids their pairs have in the project (an export
// imported elsewhere and exported again is identical).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "storage/annotation.h"
#include "storage/progress.h"
#include "storage/types.h"

namespace corevla {
class Project;
}
namespace corevla::importers {
class FrameSource;
}

namespace corevla::dataset {

// Where one exported image comes from.
struct ImageSource {
    std::int64_t recording = 0;  // 0: `file`
    std::size_t camera = 0;      // index into the recording's cameras
    int frame = -1;              // Frame::index
    double t = 0;                // the frame's time (videos pick their frame by it)
    MediaFile file;              // an imported pair's image: absolute path, size, hash
    std::string relPath;         // in the export folder
};

struct ImagePlan {
    struct Source {
        std::string root;
        std::vector<Camera> cameras;
    };
    std::map<std::int64_t, Source> recordings;
    std::vector<std::vector<ImageSource>> entries;  // per example, in order
};

// Where each pair's images come from; a pair whose frames or camera are not
// in its recording adds "<label>: ..." to problems (labels[e] names entry e:
// "pair 12", "recording 3 frame 40"). false (with *error) only when the
// project cannot be read.
bool planImages(Project& project, const std::vector<PreferencePair>& pairs, const std::vector<std::string>& labels,
                ImagePlan& plan, std::vector<std::string>& problems, std::string* error);

struct WrittenImage {
    std::string relPath;
    std::int64_t size = 0;
    std::uint64_t hash = 0;  // storage/hash.h, of the bytes written
};

struct ImageWriteOptions {
    int threads = 0;   // <= 0: every core
    int quality = 95;  // JPEG
    int maxWidth = 0;  // 0: the recorded size
    const CancelToken* cancel = nullptr;
    ProgressFn progress;
};

// One camera frame decoded at most maxWidth wide and encoded as JPEG: false
// and *why ("frame 12 (front) cannot be decoded: <root>/<file>: ...").
bool encodeCameraFrame(importers::FrameSource& source, const std::string& root, const std::string& camera, int frame, double t,
                       int maxWidth, int quality, std::vector<unsigned char>& bytes, std::string* why);

// Writes every planned image under `dir`, pairs in parallel (one frame
// source per worker and camera). written[entry][k] describes each file;
// problems get "<label>: ..." for an image that cannot be decoded, read or
// written, or that changed since it was imported.
void writeImages(const ImagePlan& plan, const std::vector<std::string>& labels, const std::filesystem::path& dir,
                 const ImageWriteOptions& options, std::vector<std::vector<WrittenImage>>& written,
                 std::vector<std::string>& problems);

}  // namespace corevla::dataset
