// SPDX-License-Identifier: MIT
#include "dataset/export_images.h"

#include <algorithm>
#include <memory>

#include <opencv2/imgcodecs.hpp>

#include "dataset/export_folder.h"
#include "importers/common/file_io.h"
#include "importers/common/parallel.h"
#include "importers/media/frame_source.h"
#include "storage/hash.h"
#include "storage/project.h"

namespace corevla::dataset {
namespace fs = std::filesystem;
namespace {

// The recording's root and cameras, read once per export.
const ImagePlan::Source* recordingSource(Project& project, std::int64_t id, ImagePlan& plan, std::string* error) {
    if (const auto it = plan.recordings.find(id); it != plan.recordings.end()) return &it->second;
    const auto summary = project.summary(id);
    auto cameras = summary ? project.cameras(id) : std::nullopt;
    if (!cameras) {
        *error = project.lastError();
        return nullptr;
    }
    return &plan.recordings.emplace(id, ImagePlan::Source{summary->root, std::move(*cameras)}).first->second;
}

// The prompt frames of a pair drafted from a recording.
void planFrames(Project& project, const PreferencePair& p, const std::string& prefix, std::size_t cameraIndex,
                const std::string& folder, std::vector<ImageSource>& images, std::vector<std::string>& problems,
                std::string* error) {
    if (p.promptFrames.empty()) return;  // a text-only example
    const auto [lo, hi] = std::minmax_element(p.promptFrames.begin(), p.promptFrames.end());
    const auto frames = project.frames(p.recording, *lo, *hi);
    if (!frames) {
        *error = project.lastError();
        return;
    }
    for (int index : p.promptFrames) {
        const auto found = std::lower_bound(frames->begin(), frames->end(), index,
                                            [](const Frame& f, int i) { return f.index < i; });
        if (found == frames->end() || found->index != index) {
            problems.push_back(prefix + "prompt frame " + std::to_string(index) + " is not in recording " +
                               std::to_string(p.recording));
            continue;
        }
        ImageSource s;
        s.recording = p.recording, s.camera = cameraIndex, s.frame = index, s.t = found->t;
        s.relPath = folder + std::to_string(images.size()) + ".jpg";
        images.push_back(std::move(s));
    }
}

}  // namespace

bool encodeCameraFrame(importers::FrameSource& source, const std::string& root, const std::string& camera, int frame, double t,
                       int maxWidth, int quality, std::vector<unsigned char>& bytes, std::string* why) {
    std::string error;
    const cv::Mat image = source.read(frame, t, maxWidth, &error);
    if (image.empty()) {
        *why = "frame " + std::to_string(frame) + " (" + camera + ") cannot be decoded: " + root + "/" + error;
        return false;
    }
    try {
        if (cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality})) return true;
    } catch (const cv::Exception&) {
    }
    *why = "frame " + std::to_string(frame) + " (" + camera + ") cannot be encoded as JPEG";
    return false;
}

namespace {

using SourceKey = std::pair<std::int64_t, std::size_t>;
using WorkerSources = std::map<SourceKey, std::unique_ptr<importers::FrameSource>>;

bool encodeFrame(const ImagePlan& plan, const ImageSource& s, const ImageWriteOptions& options, WorkerSources& sources,
                 std::vector<unsigned char>& bytes, std::string* why) {
    const ImagePlan::Source& r = plan.recordings.at(s.recording);
    const Camera& camera = r.cameras[s.camera];
    auto& source = sources[{s.recording, s.camera}];
    if (!source) source = importers::makeFrameSource(r.root, camera);
    return encodeCameraFrame(*source, r.root, camera.name, s.frame, s.t, options.maxWidth, options.quality, bytes, why);
}

// An imported image, as it was when imported.
bool readImported(const MediaFile& file, std::string& bytes, std::string* why) {
    std::string error;
    auto data = importers::readFile(file.relPath, &error);
    if (!data) {
        *why = "image " + file.relPath + " " + error;
        return false;
    }
    if (std::int64_t(data->size()) != file.size || hashBytes(data->data(), data->size()) != file.hash) {
        *why = "image " + file.relPath + " changed since it was imported";
        return false;
    }
    bytes = std::move(*data);
    return true;
}

}  // namespace

bool planImages(Project& project, const std::vector<PreferencePair>& pairs, const std::vector<std::string>& labels,
                ImagePlan& plan, std::vector<std::string>& problems, std::string* error) {
    error->clear();
    plan.entries.assign(pairs.size(), {});
    for (std::size_t e = 0; e < pairs.size(); ++e) {
        const PreferencePair& p = pairs[e];
        const std::string folder = "images/" + std::to_string(e) + "/";
        auto& images = plan.entries[e];
        if (!p.recording) {
            for (const MediaFile& m : p.images) {
                ImageSource s;
                s.file = m;
                s.relPath = folder + std::to_string(images.size()) + fs::path(m.relPath).extension().string();
                images.push_back(std::move(s));
            }
            continue;
        }
        const ImagePlan::Source* r = recordingSource(project, p.recording, plan, error);
        if (!r) return false;
        const auto camera = std::find_if(r->cameras.begin(), r->cameras.end(), [&](const Camera& c) { return c.name == p.camera; });
        if (camera == r->cameras.end()) {
            problems.push_back(labels[e] + ": recording " + std::to_string(p.recording) + " has no camera \"" +
                               p.camera + "\"");
            continue;
        }
        planFrames(project, p, labels[e] + ": ", std::size_t(camera - r->cameras.begin()), folder, images, problems, error);
        if (!error->empty()) return false;
    }
    return true;
}

void writeImages(const ImagePlan& plan, const std::vector<std::string>& labels, const fs::path& dir,
                 const ImageWriteOptions& options, std::vector<std::vector<WrittenImage>>& written,
                 std::vector<std::string>& problems) {
    const std::size_t n = plan.entries.size();
    written.assign(n, {});
    std::vector<std::string> failures(n);  // one slot per entry: no locking, a fixed order
    const int threads = importers::resolveThreads(options.threads);
    std::vector<WorkerSources> sources(std::size_t(std::max(threads, 1)));
    const auto one = [&](std::size_t e, int worker) {
        std::vector<unsigned char> encoded;
        std::string copied, why;
        for (const ImageSource& s : plan.entries[e]) {
            std::string_view bytes;
            if (s.recording) {
                if (!encodeFrame(plan, s, options, sources[std::size_t(worker)], encoded, &why)) break;
                bytes = {reinterpret_cast<const char*>(encoded.data()), encoded.size()};
            } else {
                if (!readImported(s.file, copied, &why)) break;
                bytes = copied;
            }
            if (!writeFileBytes(dir / s.relPath, bytes, &why)) break;
            written[e].push_back({s.relPath, std::int64_t(bytes.size()), hashBytes(bytes.data(), bytes.size())});
        }
        if (!why.empty()) failures[e] = labels[e] + ": " + why;
    };
    const auto progress = [&](std::size_t done) {
        if (options.progress)
            options.progress(n ? double(done) / double(n) : 1.0, "images of example " + std::to_string(done) + "/" + std::to_string(n));
    };
    importers::parallelFor(n, threads, options.cancel, one, progress);
    for (std::string& f : failures)
        if (!f.empty()) problems.push_back(std::move(f));
}

}  // namespace corevla::dataset
