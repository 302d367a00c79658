// SPDX-License-Identifier: MIT
#include "importers/bench2drive/bench2drive_folder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>

#include "importers/bench2drive/anno_parser.h"
#include "importers/media/image_header.h"
#include "importers/common/media_index.h"

namespace corevla::importers {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxListedFrames = 10;   // frames named in a "missing images" warning
constexpr int kMaxSpeedWarnings = 10;  // per-file "speed is null" warnings before a summary

struct CameraFolder {
    std::string name;     // "rgb_front"
    std::string pattern;  // "camera/rgb_front/%05d.jpg"
    std::vector<std::pair<int, std::string>> images;  // number → path relative to root, sorted
};

// The rig's order (formats.md 1.1), so views lay cameras out the same way.
int cameraRank(std::string_view name) {
    constexpr std::array<std::string_view, 6> order = {"rgb_front", "rgb_front_left", "rgb_front_right",
                                                       "rgb_back",  "rgb_back_left",  "rgb_back_right"};
    const auto it = std::find(order.begin(), order.end(), name);
    return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

std::vector<CameraFolder> listCameras(const fs::path& root) {
    std::vector<CameraFolder> cameras;
    std::error_code ec;
    for (fs::directory_iterator it(root / "camera", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with("rgb_") || name == "rgb_top_down" || !it->is_directory(ec)) continue;
        CameraFolder camera{name, {}, {}};
        std::map<std::pair<std::size_t, std::string>, int> formats;  // (digits, extension) → count
        std::error_code ec2;
        for (fs::directory_iterator f(it->path(), ec2), fend; !ec2 && f != fend; f.increment(ec2)) {
            const std::string file = f->path().filename().string();
            const auto dot = file.rfind('.');
            if (dot == std::string::npos || dot == 0) continue;
            const std::string ext = file.substr(dot + 1);
            if (ext != "jpg" && ext != "jpeg" && ext != "png") continue;
            int number = 0;
            const auto [ptr, err] = std::from_chars(file.data(), file.data() + dot, number);
            if (err != std::errc() || ptr != file.data() + dot) continue;
            camera.images.emplace_back(number, "camera/" + name + "/" + file);
            ++formats[{dot, ext}];
        }
        std::sort(camera.images.begin(), camera.images.end());
        std::pair<std::size_t, std::string> format{5, "jpg"};
        int best = 0;
        for (const auto& [key, count] : formats)
            if (count > best) best = count, format = key;
        camera.pattern = "camera/" + name + "/%0" + std::to_string(format.first) + "d." + format.second;
        cameras.push_back(std::move(camera));
    }
    std::sort(cameras.begin(), cameras.end(), [](const CameraFolder& a, const CameraFolder& b) {
        const int ra = cameraRank(a.name), rb = cameraRank(b.name);
        return ra != rb ? ra < rb : a.name < b.name;
    });
    return cameras;
}

std::string frameList(const std::vector<int>& frames) {
    std::string text;
    const int listed = std::min<int>(kMaxListedFrames, static_cast<int>(frames.size()));
    for (int i = 0; i < listed; ++i) text += (i ? ", " : "") + std::to_string(frames[i]);
    if (static_cast<int>(frames.size()) > listed)
        text += ", ... and " + std::to_string(frames.size() - listed) + " more";
    return text;
}

bool isToken(std::string_view token, std::string_view prefix, bool digitsOnly) {
    if (token.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(token[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    const auto rest = token.substr(prefix.size());
    if (!std::isdigit(static_cast<unsigned char>(rest.front()))) return false;
    return !digitsOnly || std::all_of(rest.begin(), rest.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

bool isClipFolder(const fs::path& folder) {
    std::error_code ec;
    for (fs::directory_iterator it(folder / "anno", ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string().ends_with(".json.gz")) return true;
    return false;
}

ClipName parseClipName(std::string_view folderName, std::string_view parentName) {
    std::vector<std::string_view> tokens;
    for (std::size_t start = 0; start <= folderName.size();) {
        auto end = folderName.find('_', start);
        if (end == std::string_view::npos) end = folderName.size();
        tokens.push_back(folderName.substr(start, end - start));
        start = end + 1;
    }
    ClipName name;
    int town = -1, weather = -1;
    std::vector<std::string_view> unmatchedAfterTown;
    for (int i = 0; i < static_cast<int>(tokens.size()); ++i) {
        const auto t = tokens[i];
        if (town < 0 && isToken(t, "Town", false)) {
            town = i;
            name.town = std::string(t);
        } else if (isToken(t, "Route", true)) {
            name.routeId = std::string(t.substr(5));
        } else if (weather < 0 && isToken(t, "Weather", true)) {
            weather = i;
            name.weather = "Weather" + std::string(t.substr(7));
        } else if (town >= 0 && weather < 0) {
            unmatchedAfterTown.push_back(t);
        }
    }
    const auto join = [&](int from, int to) {
        std::string text;
        for (int i = from; i < to; ++i) text += (i > from ? "_" : "") + std::string(tokens[i]);
        return text;
    };
    if (tokens.front() == "RouteScenario" && town > 0) {  // an evaluation's save_name
        name.routeId = join(0, town);
        name.scenario = join(town + 1, weather < 0 ? static_cast<int>(tokens.size()) : weather);
        return name;
    }
    name.scenario = join(0, std::max(town, 0));
    if (town == 0) name.scenario = std::string(parentName);  // scenario/Town_weather_route
    if (name.weather.empty() && town == 0 && unmatchedAfterTown.size() == 1)
        name.weather = std::string(unmatchedAfterTown.front());  // a named weather ("ClearNoon")
    return name;
}

bool readClipFolder(const fs::path& rootIn, Recording& rec, ImportResult& result, const ImportOptions& options,
                    const ProgressFn& progress) {
    const fs::path root = fs::absolute(rootIn).lexically_normal();
    rec.root = root.string();
    rec.fps = kBench2DriveFps;  // the collector's frame_rate; frame t = index / 10
    const auto annoFiles = listNumberedFiles(root / "anno", ".json.gz");
    if (annoFiles.empty()) {
        result.error((root / "anno").string(), "has no NNNNN.json.gz frame files");
        return true;
    }
    std::vector<CameraFolder> cameras = listCameras(root);

    std::vector<fs::path> paths;
    paths.reserve(annoFiles.size());
    for (const auto& f : annoFiles) paths.push_back(f.path);
    AnnoBatchOptions batch;
    batch.threads = options.threads;
    batch.hash = options.hashMedia;
    batch.progress = progressRange(progress, 0.0, 0.6);
    batch.cancel = options.cancel;
    auto parsed = parseAnnoFiles(paths, batch);
    if (!parsed) return false;

    rec.frames.reserve(parsed->size());
    std::vector<MediaFile> media;
    std::vector<SensorCalibration> calibration;
    int speedWarnings = 0;
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        AnnoFileResult& r = (*parsed)[i];
        const std::string rel = "anno/" + annoFiles[i].path.filename().string();
        if (r.ok || r.digest.size > 0) media.push_back({rel, r.digest.size, r.digest.hash});
        if (!r.ok) {
            result.error((root / rel).string(), r.error);
            continue;
        }
        if (r.anno.speedNull && ++speedWarnings <= kMaxSpeedWarnings)
            result.warn((root / rel).string(), "speed is null; frame kept without speed");
        if (calibration.empty() && !r.anno.cameras.empty()) calibration = std::move(r.anno.cameras);
        Frame& frame = rec.frames.emplace_back(std::move(r.anno.frame));
        frame.index = annoFiles[i].number;
        frame.t = frame.index / rec.fps;
    }
    if (speedWarnings > kMaxSpeedWarnings)
        result.warn((root / "anno").string(), "speed is null in " + std::to_string(speedWarnings - kMaxSpeedWarnings) +
                                                  " more frames; kept without speed");
    if (calibration.empty() && !rec.frames.empty()) {
        // The first file failed: take the sensors from the first good one.
        const auto good = std::find_if(parsed->begin(), parsed->end(), [](const AnnoFileResult& r) { return r.ok; });
        AnnoParser parser;
        AnnoFrame anno;
        if (parser.parseFile(paths[good - parsed->begin()], anno, true, nullptr, nullptr))
            calibration = std::move(anno.cameras);
    }
    parsed.reset();

    std::vector<std::string> imagePaths;
    for (std::size_t c = 0; c < cameras.size(); ++c) {
        const CameraFolder& folder = cameras[c];
        Camera camera;
        camera.name = folder.name;
        camera.kind = MediaKind::JpegSequence;
        camera.pattern = folder.pattern;
        const auto cal = std::find_if(calibration.begin(), calibration.end(),
                                      [&](const SensorCalibration& s) { return s.folder == folder.name; });
        if (cal != calibration.end()) {
            camera.width = cal->width;
            camera.height = cal->height;
            camera.fovDeg = cal->fovDeg;
            camera.calibrationJson = cal->json;
        }
        if ((camera.width <= 0 || camera.height <= 0) && !folder.images.empty()) {
            if (const auto size = imageSize(root / folder.images.front().second)) {
                camera.width = size->first;
                camera.height = size->second;
            }
        }
        // Both lists are sorted by number: one merge pass finds the gaps.
        std::vector<int> missing;
        auto image = folder.images.begin();
        for (Frame& frame : rec.frames) {
            while (image != folder.images.end() && image->first < frame.index) ++image;
            if (image != folder.images.end() && image->first == frame.index) continue;
            missing.push_back(frame.index);
            if (c < 32) frame.missingCameras |= 1u << c;
        }
        if (!missing.empty())
            result.warn((root / "camera" / folder.name).string(),
                        std::to_string(missing.size()) + " of " + std::to_string(rec.frames.size()) +
                            " images missing (frames " + frameList(missing) + ")");
        for (const auto& [number, rel] : folder.images) imagePaths.push_back(rel);
        rec.cameras.push_back(std::move(camera));
    }
    if (cameras.size() > 32)
        result.warn((root / "camera").string(), "more than 32 cameras: missing images are tracked for the first 32");

    std::vector<MediaProblem> problems;
    auto images = indexMedia(root, imagePaths, options.hashMedia, options.threads, progressRange(progress, 0.6, 1.0),
                             options.cancel, &problems);
    if (!images) return false;
    for (const auto& p : problems) result.warn((root / p.relPath).string(), p.message);
    media.insert(media.end(), std::make_move_iterator(images->begin()), std::make_move_iterator(images->end()));
    rec.media = std::move(media);
    rec.durationS = rec.frames.empty() ? 0 : rec.frames.back().t - rec.frames.front().t + 1.0 / rec.fps;
    return true;
}

}  // namespace corevla::importers
