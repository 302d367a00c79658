// SPDX-License-Identifier: MIT
// Drawing primitives for the sample renderer: world-space convex polygons
// clipped to the camera's near plane and to a guard band (OpenCV's fixed-
// point polygon filler overflows far outside the image), with distance fog.
#pragma once

#include "importers/sample/camera_model.h"
#include "importers/sample/world.h"

#include <opencv2/core.hpp>

#include <initializer_list>

namespace corevla::sample {

class Raster {
public:
    Raster(cv::Mat& image, const CameraPose& cam, Rgb fogColor, double visibility);

    // Convex planar polygon in world coordinates; shade scales the colour.
    void polygon(const Vec3* pts, int n, Rgb color, double shade = 1.0, bool fog = true);
    void polygon(std::initializer_list<Vec3> pts, Rgb color, double shade = 1.0, bool fog = true) {
        polygon(pts.begin(), static_cast<int>(pts.size()), color, shade, fog);
    }
    // Camera-facing disc of a world radius.
    void disc(const Vec3& center, double radius, Rgb color, bool fog = true);
    // Pixel of a world point; false when behind the camera.
    bool toPixel(const Vec3& p, cv::Point2d& px, double* depth = nullptr) const;

    double distance(const Vec3& p) const { return (p - m_cam.location).norm(); }
    Rgb fogged(Rgb c, double dist) const;
    const CameraPose& cam() const { return m_cam; }
    cv::Mat& image() { return m_img; }

private:
    cv::Mat& m_img;
    const CameraPose& m_cam;
    Rgb m_fog;
    double m_visibility;
};

inline Rgb scaleRgb(Rgb c, double k) {
    auto ch = [k](std::uint8_t v) {
        const double x = v * k;
        return static_cast<std::uint8_t>(x < 0 ? 0 : (x > 255 ? 255 : x + 0.5));
    };
    return {ch(c.r), ch(c.g), ch(c.b)};
}

inline Rgb mixRgb(Rgb a, Rgb b, double t) {
    auto ch = [t](std::uint8_t x, std::uint8_t y) { return static_cast<std::uint8_t>(x + (y - x) * t + 0.5); };
    return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b)};
}

}  // namespace corevla::sample
