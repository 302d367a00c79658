// SPDX-License-Identifier: MIT
#include "importers/sample/raster.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace corevla::sample {

namespace {

constexpr double kNear = 0.15;  // metres
constexpr int kShift = 4;       // sub-pixel bits for OpenCV's filler
constexpr int kMaxPts = 24;

// Sutherland-Hodgman against one half-space: keep points with f(p) >= 0.
template <class P, class F, class Lerp>
int clipAgainst(const P* in, int n, P* out, F f, Lerp lerp) {
    int m = 0;
    for (int i = 0; i < n; ++i) {
        const P& a = in[i];
        const P& b = in[(i + 1) % n];
        const double fa = f(a), fb = f(b);
        if (fa >= 0 && m < kMaxPts) out[m++] = a;
        if ((fa >= 0) != (fb >= 0) && m < kMaxPts) out[m++] = lerp(a, b, fa / (fa - fb));
    }
    return m;
}

}  // namespace

Raster::Raster(cv::Mat& image, const CameraPose& cam, Rgb fogColor, double visibility)
    : m_img(image), m_cam(cam), m_fog(fogColor), m_visibility(visibility) {}

Rgb Raster::fogged(Rgb c, double dist) const {
    return mixRgb(c, m_fog, 1.0 - std::exp(-dist / m_visibility));
}

bool Raster::toPixel(const Vec3& p, cv::Point2d& px, double* depth) const {
    const Vec3 c = m_cam.toCv(p);
    if (c.z < kNear) return false;
    px = {m_cam.f * c.x / c.z + m_cam.cx, m_cam.f * c.y / c.z + m_cam.cy};
    if (depth) *depth = c.z;
    return true;
}

void Raster::polygon(const Vec3* pts, int n, Rgb color, double shade, bool fog) {
    if (n < 3 || n > 16) return;
    Vec3 cam[kMaxPts], clipped[kMaxPts];
    Vec3 centroid;
    bool anyFront = false;
    for (int i = 0; i < n; ++i) {
        cam[i] = m_cam.toCv(pts[i]);
        anyFront = anyFront || cam[i].z >= kNear;
        centroid = centroid + pts[i];
    }
    if (!anyFront) return;
    const int m = clipAgainst(cam, n, clipped, [](const Vec3& p) { return p.z - kNear; },
                              [](const Vec3& a, const Vec3& b, double t) { return a + (b - a) * t; });
    if (m < 3) return;

    // Project, then clip to a guard band a little larger than the image.
    cv::Point2d px[kMaxPts], tmp[kMaxPts];
    for (int i = 0; i < m; ++i)
        px[i] = {m_cam.f * clipped[i].x / clipped[i].z + m_cam.cx, m_cam.f * clipped[i].y / clipped[i].z + m_cam.cy};
    const double lo[2] = {-0.5 * m_cam.width, -0.5 * m_cam.height};
    const double hi[2] = {1.5 * m_cam.width, 1.5 * m_cam.height};
    auto lerp2 = [](const cv::Point2d& a, const cv::Point2d& b, double t) { return a + (b - a) * t; };
    int k = m;
    k = clipAgainst(px, k, tmp, [&](const cv::Point2d& p) { return p.x - lo[0]; }, lerp2);
    k = clipAgainst(tmp, k, px, [&](const cv::Point2d& p) { return hi[0] - p.x; }, lerp2);
    k = clipAgainst(px, k, tmp, [&](const cv::Point2d& p) { return p.y - lo[1]; }, lerp2);
    k = clipAgainst(tmp, k, px, [&](const cv::Point2d& p) { return hi[1] - p.y; }, lerp2);
    if (k < 3) return;

    cv::Point ip[kMaxPts];
    for (int i = 0; i < k; ++i)
        ip[i] = {static_cast<int>(std::lround(px[i].x * (1 << kShift))),
                 static_cast<int>(std::lround(px[i].y * (1 << kShift)))};
    Rgb c = scaleRgb(color, shade);
    if (fog) c = fogged(c, distance(centroid * (1.0 / n)));
    cv::fillConvexPoly(m_img, ip, k, cv::Scalar(c.b, c.g, c.r), cv::LINE_AA, kShift);
}

void Raster::disc(const Vec3& center, double radius, Rgb color, bool fog) {
    cv::Point2d px;
    double depth = 0;
    if (!toPixel(center, px, &depth)) return;
    const double r = std::min(m_cam.f * radius / depth, 1.5 * m_cam.width);  // keeps OpenCV's fixed point in range
    if (r < 0.4 || std::fabs(px.x) > 3.0 * m_cam.width || std::fabs(px.y) > 3.0 * m_cam.height) return;
    Rgb c = fog ? fogged(color, distance(center)) : color;
    cv::circle(m_img, cv::Point(static_cast<int>(std::lround(px.x * 16)), static_cast<int>(std::lround(px.y * 16))),
               std::max(1, static_cast<int>(std::lround(r * 16))), cv::Scalar(c.b, c.g, c.r), cv::FILLED, cv::LINE_AA, 4);
}

}  // namespace corevla::sample
