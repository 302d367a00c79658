// SPDX-License-Identifier: MIT
#include "importers/sample/bench2drive_writer.h"

#include "importers/sample/anno_writer.h"
#include "importers/sample/camera_model.h"
#include "importers/sample/io_util.h"

#include <algorithm>
#include <atomic>

namespace corevla::sample {

namespace fs = std::filesystem;

std::string writeFrameImages(const Renderer& renderer, const Tick& tick, const fs::path& cameraDir, int frame,
                             const std::vector<int>& cams, const std::function<bool(int, int)>& skip) {
    cv::Mat img;
    std::string err;
    for (int c : cams) {
        if (skip && skip(c, frame)) continue;
        const Mount& m = bench2driveMounts()[static_cast<std::size_t>(c)];
        renderer.render(tick, cameraPose(m, tick.ego.x, tick.ego.y, tick.ego.yaw, 1600, 900), img);
        if (!writeJpeg(cameraDir / m.folder / frameName(frame, "jpg"), img, kJpegQuality, err)) return err;
    }
    return {};
}

std::string clipFolderName(const ClipInfo& info) {
    return std::string(info.scenario) + "_" + info.town + "_Route" + std::to_string(info.route) + "_Weather" +
           std::to_string(info.weather);
}

std::string writeDatasetClip(GenContext& ctx, const Timeline& tl, const ClipInfo& info, bool quirks,
                             TruthRecord& truth) {
    const std::string name = clipFolderName(info);
    const fs::path dir = ctx.out / "bench2drive" / name;
    std::string err;
    std::vector<int> cams;
    for (int c = 0; c < 6; ++c) {
        cams.push_back(c);
        if (!ensureDir(dir / "camera" / bench2driveMounts()[c].folder, err)) return err;
    }
    if (!ensureDir(dir / "anno", err)) return err;

    const int frames = static_cast<int>(tl.ticks.size() / 2);
    auto skip = [quirks](int cam, int frame) { return quirks && cam == 4 && (frame == 20 || frame == 21); };
    const Renderer renderer(tl.world);
    std::atomic<int> minBoxes{1 << 30};
    const int before = static_cast<int>(ctx.doneUnits);
    err = parallelFor(
        frames, ctx.threads,
        [&](int f) -> std::string {
            AnnoOptions opt;
            opt.nullSpeed = quirks && f == 7;
            int boxes = 0;
            const Tick& tick = tl.ticks[static_cast<std::size_t>(2 * f)];
            std::string e;
            if (!writeGzip(dir / "anno" / frameName(f, "json.gz"), annoJson(tl.world, tick, opt, &boxes), e)) return e;
            int cur = minBoxes.load();
            while (boxes < cur && !minBoxes.compare_exchange_weak(cur, boxes)) {}
            return writeFrameImages(renderer, tick, dir / "camera", f, cams, skip);
        },
        ctx.cancel,
        [&](int done) {
            ctx.doneUnits = before;
            ctx.report(6.0 * done, name + " " + std::to_string(done) + "/" + std::to_string(frames));
        });
    if (!err.empty()) return err;

    truth.source = "bench2drive_clip";
    truth.name = name;
    truth.path = "bench2drive/" + name;
    truth.scenario = info.scenario;
    truth.town = info.town;
    truth.weather = "Weather" + std::to_string(info.weather);  // as the folder name spells it
    truth.routeId = std::to_string(info.route);
    truth.frames = frames;
    truth.fps = 10;
    truth.durationS = frames / 10.0;
    for (const Mount& m : bench2driveMounts()) truth.cameras.push_back(m.folder);
    std::sort(truth.cameras.begin(), truth.cameras.end());
    if (quirks) {
        truth.nullSpeedFrames = {7};
        truth.missing = {{"rgb_back_left", 20}, {"rgb_back_left", 21}};
        truth.missingImages = 2;
    }
    truth.minBoxes = minBoxes.load();
    return {};
}

std::string writeAnnoOnly(const Timeline& tl, const fs::path& clipDir, int frames, int threads) {
    std::string err;
    if (!ensureDir(clipDir / "anno", err)) return err;
    return parallelFor(
        frames, threads,
        [&](int f) -> std::string {
            std::string e;
            const Tick& tick = tl.ticks[static_cast<std::size_t>(2 * f)];
            if (!writeGzip(clipDir / "anno" / frameName(f, "json.gz"), annoJson(tl.world, tick, {}), e)) return e;
            return {};
        },
        nullptr);
}

}  // namespace corevla::sample
