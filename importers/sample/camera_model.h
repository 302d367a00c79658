// SPDX-License-Identifier: MIT
// Camera mounts and the pinhole model Bench2Drive uses (tools/utils.py):
// world2cam = inverse(ego2world * cam2ego) in CARLA axes (x fwd, y right,
// z up); p_cv = (y, -z, x); pixel = K p_cv / z with
// K = [[f, 0, W/2], [0, f, H/2], [0, 0, 1]], f = W / (2 tan(fov/2)).
//
// CAVE sessions use the same model for their front camera (the UI projects
// the model's waypoints with it): mounted at ego x = +0.8 m forward, y = 0,
// z = 1.6 m, pitch 0, yaw 0, horizontal FOV from session.json (90 deg), so
// f = W / (2 tan(fov_deg / 2)) and the principal point is the image centre.
#pragma once

#include "importers/sample/geometry.h"

#include <array>

namespace corevla::sample {

struct Mount {
    const char* sensorId;  // "CAM_FRONT"
    const char* folder;    // "rgb_front"
    double x, y, z;        // metres in the ego frame
    double yawDeg, fovDeg;
};

// Bench2Drive's six RGB cameras (formats.md 1.1), in sensor-table order.
const std::array<Mount, 6>& bench2driveMounts();
// The CAVE front camera (see above).
Mount caveFrontMount(double fovDeg = 90);

double focalLength(int width, double fovDeg);

struct CameraPose {
    int width = 0, height = 0;
    double fovDeg = 0, f = 0, cx = 0, cy = 0;
    Vec3 location;     // world
    double yawDeg = 0; // world yaw (pitch and roll are 0)
    Mat4 cam2ego{}, cam2world{}, world2cam{};

    // World point to OpenCV camera axes (x right, y down, z forward).
    Vec3 toCv(const Vec3& p) const {
        const Vec3 c = transformPoint(world2cam, p);
        return {c.y, -c.z, c.x};
    }
};

CameraPose cameraPose(const Mount& m, double egoX, double egoY, double egoYaw, int width, int height);

}  // namespace corevla::sample
