// SPDX-License-Identifier: MIT
// Bench2Drive per-frame annotation (formats.md 1.3-1.5): ego state and
// controls, route commands, weather, IMU, the six cameras' calibration and
// every actor within 100 m as a CARLA-style bounding box (ego first).
#pragma once

#include "importers/sample/sim.h"

#include <string>

namespace corevla::sample {

struct AnnoOptions {
    bool nullSpeed = false;  // "speed": null, as some real Bench2Drive frames have
};

// The JSON text of one frame; `boxes` receives the number of bounding boxes.
std::string annoJson(const World& world, const Tick& tick, const AnnoOptions& opt, int* boxes = nullptr);

}  // namespace corevla::sample
