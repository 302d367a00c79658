// SPDX-License-Identifier: MIT
#include <algorithm>
#include <cstdio>
#include <limits>

#include <opencv2/imgcodecs.hpp>

#include "commands.h"
#include "importers/media/frame_source.h"
#include "storage/project.h"

namespace corevla::cli {

// --frame is a Frame::index, the number the GUI shows: with a gap in a
// clip's numbering it is not the frame's position.
int runFrame(const Args& args) {
    const auto projectPath = args.value("project");
    const auto id = args.integer("recording");
    const auto frameIndex = args.integer("frame");
    const auto camera = args.value("camera");
    const auto out = args.value("out");
    if (!projectPath || !id || !frameIndex || !camera || !out)
        return usageError("frame needs --project P --recording ID --frame N --camera NAME --out F.png");
    if (!cv::haveImageWriter(*out))
        return fail(*out + ": cannot write this kind of image (use .png, .jpg, .bmp, .tif or .webp)");
    Project project;
    if (!project.open(*projectPath, Project::Mode::OpenExisting)) return fail(project.lastError());
    const auto summary = project.summary(*id);
    if (!summary) return fail(project.lastError());
    const auto cameras = project.cameras(*id);
    if (!cameras) return fail(project.lastError());
    const auto chosen = std::find_if(cameras->begin(), cameras->end(), [&](const Camera& c) { return c.name == *camera; });
    if (chosen == cameras->end()) {
        std::string known;
        for (const Camera& c : *cameras) known += (known.empty() ? "" : ", ") + c.name;
        return fail("recording " + std::to_string(*id) + " has no camera '" + *camera + "' (it has: " + known + ")");
    }
    const int index = static_cast<int>(*frameIndex);
    const auto frames = project.frames(*id, index, index);
    if (!frames) return fail(project.lastError());
    if (frames->empty()) {
        const auto all = project.frames(*id, 0, std::numeric_limits<int>::max());
        std::string range = all && !all->empty() ? " (frames " + std::to_string(all->front().index) + ".." +
                                                       std::to_string(all->back().index) + ", " +
                                                       std::to_string(all->size()) + " in all)"
                                                 : "";
        return fail("recording " + std::to_string(*id) + " has no frame " + std::to_string(index) + range);
    }
    const Frame& frame = frames->front();
    auto source = importers::makeFrameSource(summary->root, *chosen);
    std::string error;
    const cv::Mat image = source->read(frame.index, frame.t, static_cast<int>(args.integer("width").value_or(0)), &error);
    if (image.empty()) return fail(summary->root + "/" + error);
    try {
        if (!cv::imwrite(*out, image)) return fail(*out + ": cannot be written");
    } catch (const cv::Exception& e) {
        return fail(*out + ": cannot be written (" + e.err + ")");
    }
    std::printf("%s: %dx%d\n", out->c_str(), image.cols, image.rows);
    return 0;
}

}  // namespace corevla::cli
