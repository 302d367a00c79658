// SPDX-License-Identifier: MIT
// Renders a tick of a scenario through a camera: sky and ground, the road
// with its markings in perspective, and every actor as shaded 3D boxes at
// exactly the pose and size the annotations give. Const and thread-safe.
#pragma once

#include "importers/sample/camera_model.h"
#include "importers/sample/sim.h"

#include <opencv2/core.hpp>

namespace corevla::sample {

class Renderer {
public:
    explicit Renderer(const World& world);

    // BGR image of cam.width x cam.height.
    void render(const Tick& tick, const CameraPose& cam, cv::Mat& out) const;
    // Driver attention heat map (8-bit gray, 0 = none): a gaussian blob where
    // the driver looks, the rear-view mirror when the hazard is behind.
    static void attention(const Tick& tick, const CameraPose& cam, cv::Mat& out);

private:
    void background(cv::Mat& img, const CameraPose& cam) const;
    void drawGround(class Raster& r, double sCam) const;

    const World& m_world;
    Vec3 m_sun;
};

}  // namespace corevla::sample
