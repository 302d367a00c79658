// SPDX-License-Identifier: MIT
// Shaded 3D shapes of the actors, built from boxes whose outer hull is the
// annotated bounding box (same position, extent and yaw as the anno files).
#pragma once

#include "importers/sample/raster.h"

namespace corevla::sample {

struct Shading {
    Vec3 sun;      // unit vector towards the sun, world
    Rgb asphalt;   // for shadows
    double t = 0;  // seconds: blinking lights
};

struct BoxSpec {
    double x0, x1, y0, y1, z0, z1;  // local frame (x fwd, y right, z up)
    Rgb side, top;
};

// Draws the faces of a box that face the camera.
void drawBox(Raster& r, const Pose& p, const BoxSpec& b, const Shading& sh);

void drawVehicle(Raster& r, const Actor& a, const Pose& p, bool braking, const Shading& sh);
void drawWalker(Raster& r, const Actor& a, const Pose& p, const Shading& sh);
void drawTrafficLight(Raster& r, const Actor& a, const Shading& sh);
void drawTrafficSign(Raster& r, const Actor& a, const Shading& sh);
void drawScenery(Raster& r, const Road& road, const Scenery& b, const Shading& sh);

}  // namespace corevla::sample
