// SPDX-License-Identifier: MIT
// CAVE session folders (docs: cave-session.md): session.json, log.jsonl at
// 10 Hz, front.mp4 and attention.mp4 (H.264, 20 fps, 960x540, keyframe
// every 2 s) rendered from the same ticks. The front camera follows the CAVE
// default model documented in camera_model.h (x +0.8 m, z 1.6 m, pitch 0,
// pinhole with f = W / (2 tan(fov/2)), fov 90 deg from session.json).
#pragma once

#include "importers/sample/gen_context.h"
#include "importers/sample/scenarios.h"
#include "importers/sample/truth.h"

#include <opencv2/core.hpp>
#include <string>

namespace corevla::sample {

constexpr int kCaveWidth = 960, kCaveHeight = 540, kCaveFps = 20, kCaveGop = 40;
constexpr double kCaveFov = 90.0;

class Renderer;

// The front camera's picture of a tick, with the rear-view mirror inset at
// the top: what the video shows, and what the closed loop's model sees.
void renderCaveFront(const Renderer& renderer, const Tick& tick, int width, int height, cv::Mat& out);

// width x height: the videos' size (the extra sessions of `sample --sessions` are smaller).
std::string writeCaveSession(GenContext& ctx, const Timeline& tl, const CaveInfo& info, TruthRecord& truth,
                             int width = kCaveWidth, int height = kCaveHeight);

}  // namespace corevla::sample
