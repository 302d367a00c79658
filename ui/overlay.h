// SPDX-License-Identifier: MIT
// What the camera views draw over the image: the model's planned waypoints
// projected into a camera, and the attention heat map in a colormap.
//
// Camera model (the one Bench2Drive's tools use): waypoints lie in the ego
// frame on the ground (x forward, y right, z = 0); ego to camera is
// inverse(cam2ego); CARLA camera axes become image axes as (y, -z, x); a
// pixel is K·p / p.z; points behind the camera are dropped. Bench2Drive
// cameras carry intrinsic and cam2ego in their calibration JSON. A CAVE
// front camera has none; its documented default mount is ego x = +0.8 m,
// y = 0, z = 1.6 m, pitch and yaw 0, with f = W / (2·tan(fov/2)) and the
// principal point at the image centre (fov from the camera, 90° if unknown).
#pragma once

#include <QImage>
#include <QPointF>
#include <QVector>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

struct CameraModel {
    int width = 0, height = 0;                  // the image the intrinsics are for
    std::array<std::array<double, 3>, 3> K{};   // intrinsic matrix
    std::array<std::array<double, 4>, 4> cam2ego{};
};

struct ProjectedPoint {
    QPointF pixel;  // in the model's image (width × height)
    double depth = 0;  // metres in front of the camera
};

// The model from the camera's calibration JSON ({"intrinsic", "cam2ego"}).
std::optional<CameraModel> calibratedModel(const Camera& camera);
// The CAVE default front camera (see above) for an image of this size.
CameraModel defaultFrontModel(int width, int height, double fovDeg);
// The model to project waypoints with: calibration when there is one, the
// default for an uncalibrated CAVE front camera, else none.
std::optional<CameraModel> waypointModel(const Camera& camera, SourceKind source);

// Ego-frame ground points to pixels, nearest first as given; points behind
// the camera (or too close to its plane) are dropped.
QVector<ProjectedPoint> projectGround(const CameraModel& model, const std::vector<std::pair<float, float>>& egoXY);

// A gray attention map (Grayscale8) as a premultiplied ARGB image in the
// TURBO colormap: opacity grows with attention; low values (the haze video
// compression leaves around a map) stay transparent.
QImage heatOverlay(const QImage& gray);

}  // namespace corevla::ui
