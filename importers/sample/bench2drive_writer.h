// SPDX-License-Identifier: MIT
// Bench2Drive dataset clips on disk: anno/NNNNN.json.gz and
// camera/rgb_*/NNNNN.jpg (1600x900, JPEG quality 20) per 10 Hz frame.
#pragma once

#include "importers/sample/gen_context.h"
#include "importers/sample/renderer.h"
#include "importers/sample/scenarios.h"
#include "importers/sample/truth.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace corevla::sample {

constexpr int kJpegQuality = 20;

// Renders one frame through the given Bench2Drive cameras (indices into
// bench2driveMounts()) into cameraDir/<folder>/NNNNN.jpg; `skip` drops images.
std::string writeFrameImages(const Renderer& renderer, const Tick& tick, const std::filesystem::path& cameraDir,
                             int frame, const std::vector<int>& cams,
                             const std::function<bool(int cam, int frame)>& skip = {});

std::string clipFolderName(const ClipInfo& info);
// A whole clip. `quirks` adds what real data has: a null speed (frame 7) and
// two missing rgb_back_left images (frames 20 and 21).
std::string writeDatasetClip(GenContext& ctx, const Timeline& tl, const ClipInfo& info, bool quirks,
                             TruthRecord& truth);
// Annotation files only (no images), for parser benchmarks.
std::string writeAnnoOnly(const Timeline& tl, const std::filesystem::path& clipDir, int frames, int threads);

}  // namespace corevla::sample
