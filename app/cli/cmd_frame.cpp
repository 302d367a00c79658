// SPDX-License-Identifier: MIT
#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include "commands.h"
#include "importers/media/frame_source.h"
#include "storage/project.h"

namespace corevla::cli {

int runFrame(const Args& args) {
    const auto projectPath = args.value("project");
    const auto id = args.integer("recording");
    const auto frameIndex = args.integer("frame");
    const auto camera = args.value("camera");
    const auto out = args.value("out");
    if (!projectPath || !id || !frameIndex || !camera || !out)
        return usageError("frame needs --project P --recording ID --frame N --camera NAME --out F.png");
    auto fail = [](const std::string& message) {
        std::fprintf(stderr, "error: %s\n", message.c_str());
        return 1;
    };
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    const auto summary = project.summary(*id);
    if (!summary) return fail("recording " + std::to_string(*id) + " is not in " + *projectPath);
    if (*frameIndex < 0 || *frameIndex >= summary->frames)
        return fail("frame " + std::to_string(*frameIndex) + " is outside recording " + std::to_string(*id) + " (0.." +
                    std::to_string(summary->frames - 1) + ")");
    const auto cameras = project.cameras(*id);
    std::string known;
    for (const Camera& c : cameras) {
        if (c.name != *camera) {
            known += (known.empty() ? "" : ", ") + c.name;
            continue;
        }
        const auto frames = project.frames(*id, static_cast<int>(*frameIndex), static_cast<int>(*frameIndex));
        auto source = importers::makeFrameSource(summary->root, c);
        std::string error;
        const cv::Mat image = source->read(frames.at(0).index, frames.at(0).t, static_cast<int>(args.integer("width").value_or(0)), &error);
        if (image.empty()) return fail(summary->root + "/" + error);
        if (!cv::imwrite(*out, image)) return fail(*out + ": cannot be written");
        std::printf("%s: %dx%d\n", out->c_str(), image.cols, image.rows);
        return 0;
    }
    return fail("recording " + std::to_string(*id) + " has no camera '" + *camera + "' (it has: " + known + ")");
}

}  // namespace corevla::cli
