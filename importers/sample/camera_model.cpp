// SPDX-License-Identifier: MIT
#include "importers/sample/camera_model.h"

#include <cmath>

namespace corevla::sample {

const std::array<Mount, 6>& bench2driveMounts() {
    static const std::array<Mount, 6> kMounts{{
        {"CAM_FRONT", "rgb_front", 0.80, 0.0, 1.60, 0.0, 70.0},
        {"CAM_FRONT_LEFT", "rgb_front_left", 0.27, -0.55, 1.60, -55.0, 70.0},
        {"CAM_FRONT_RIGHT", "rgb_front_right", 0.27, 0.55, 1.60, 55.0, 70.0},
        {"CAM_BACK", "rgb_back", -2.0, 0.0, 1.60, 180.0, 110.0},
        {"CAM_BACK_LEFT", "rgb_back_left", -0.32, -0.55, 1.60, -110.0, 70.0},
        {"CAM_BACK_RIGHT", "rgb_back_right", -0.32, 0.55, 1.60, 110.0, 70.0},
    }};
    return kMounts;
}

Mount caveFrontMount(double fovDeg) { return {"front", "front", 0.80, 0.0, 1.60, 0.0, fovDeg}; }

double focalLength(int width, double fovDeg) { return width / (2.0 * std::tan(fovDeg * kPi / 360.0)); }

CameraPose cameraPose(const Mount& m, double egoX, double egoY, double egoYaw, int width, int height) {
    CameraPose c;
    c.width = width;
    c.height = height;
    c.fovDeg = m.fovDeg;
    c.f = focalLength(width, m.fovDeg);
    c.cx = width / 2.0;
    c.cy = height / 2.0;
    c.cam2ego = carlaMatrix({m.x, m.y, m.z}, 0, m.yawDeg, 0);
    const Mat4 ego2world = carlaMatrix({egoX, egoY, 0}, 0, toDeg(egoYaw), 0);
    c.cam2world = multiply(ego2world, c.cam2ego);
    c.world2cam = rigidInverse(c.cam2world);
    c.location = {c.cam2world[3], c.cam2world[7], c.cam2world[11]};
    c.yawDeg = toDeg(wrapPi(egoYaw + toRad(m.yawDeg)));
    return c;
}

}  // namespace corevla::sample
