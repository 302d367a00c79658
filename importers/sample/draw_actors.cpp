// SPDX-License-Identifier: MIT
#include "importers/sample/draw_actors.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace corevla::sample {

namespace {

double faceShade(const Vec3& n, const Shading& sh) { return 0.58 + 0.42 * std::max(0.0, n.dot(sh.sun)); }

// A flat quad on the plane x = const of an actor (lights, windscreens).
void facePatch(Raster& r, const Pose& p, double x, double y0, double y1, double z0, double z1, Rgb c,
               double shade = 1.0) {
    r.polygon({p.toWorld(x, y0, z0), p.toWorld(x, y1, z0), p.toWorld(x, y1, z1), p.toWorld(x, y0, z1)}, c, shade);
}

bool facesCamera(const Raster& r, const Pose& p, double lx, double lz, double nx) {
    const Vec3 at = p.toWorld(lx, 0, lz);
    const Vec3 n{nx * std::cos(p.yaw), nx * std::sin(p.yaw), 0};
    return (r.cam().location - at).dot(n) > 0;
}

}  // namespace

void drawBox(Raster& r, const Pose& p, const BoxSpec& b, const Shading& sh) {
    const double c = std::cos(p.yaw), s = std::sin(p.yaw);
    Vec3 v[8];
    for (int i = 0; i < 8; ++i)
        v[i] = p.toWorld(i & 4 ? b.x1 : b.x0, i & 2 ? b.y1 : b.y0, i & 1 ? b.z1 : b.z0);
    struct Face { int a, b, c, d; Vec3 n; bool top; };
    const Face faces[6] = {
        {4, 6, 7, 5, {c, s, 0}, false},   // front (+x)
        {2, 0, 1, 3, {-c, -s, 0}, false}, // back
        {6, 2, 3, 7, {-s, c, 0}, false},  // right (+y)
        {0, 4, 5, 1, {s, -c, 0}, false},  // left
        {1, 5, 7, 3, {0, 0, 1}, true},    // top
        {0, 2, 6, 4, {0, 0, -1}, false},  // bottom
    };
    const Vec3 eye = r.cam().location;
    for (const Face& f : faces) {
        const Vec3 center = (v[f.a] + v[f.b] + v[f.c] + v[f.d]) * 0.25;
        if ((eye - center).dot(f.n) <= 1e-6) continue;
        const Vec3 quad[4] = {v[f.a], v[f.b], v[f.c], v[f.d]};
        r.polygon(quad, 4, f.top ? b.top : b.side, faceShade(f.n, sh));
    }
}

void drawVehicle(Raster& r, const Actor& a, const Pose& p, bool braking, const Shading& sh) {
    const double L = a.extent.x, W = a.extent.y, H = 2 * a.extent.z;
    // Contact shadow and the dark band of wheels and underbody.
    r.polygon({p.toWorld(-L - 0.2, -W - 0.15, 0.01), p.toWorld(L + 0.2, -W - 0.15, 0.01),
               p.toWorld(L + 0.2, W + 0.15, 0.01), p.toWorld(-L - 0.2, W + 0.15, 0.01)},
              scaleRgb(sh.asphalt, 0.45));
    drawBox(r, p, {-L + 0.2, L - 0.2, -W + 0.02, W - 0.02, 0.0, 0.36, {22, 22, 24}, {22, 22, 24}}, sh);
    const Rgb glass = mixRgb(a.color, Rgb{38, 48, 60}, 0.8);
    const bool boxy = a.baseType == "van" || a.baseType == "truck";
    const double bodyTop = boxy ? H : 0.58 * H;
    drawBox(r, p, {-L, L, -W, W, 0.3, bodyTop, a.color, a.color}, sh);
    if (boxy) {
        // Windscreen on the upper front face.
        if (facesCamera(r, p, L, 0.8 * H, 1))
            facePatch(r, p, L + 0.01, -W + 0.12, W - 0.12, 0.62 * H, 0.9 * H, glass);
    } else {
        drawBox(r, p, {-0.55 * L, 0.32 * L, -0.84 * W, 0.84 * W, bodyTop, H, glass, a.color}, sh);
    }
    const bool blink = a.hazardLights && std::fmod(sh.t, 1.0) < 0.5;
    if (facesCamera(r, p, -L, 0.5, -1)) {
        const Rgb tail = braking ? Rgb{255, 40, 36} : Rgb{150, 22, 22};
        const Rgb amber = blink ? Rgb{255, 170, 30} : tail;
        const double z0 = boxy ? 0.45 : 0.45 * H, z1 = z0 + (boxy ? 0.3 : 0.14);
        facePatch(r, p, -L - 0.01, -W + 0.08, -W + 0.38, z0, z1, amber, 1.0);
        facePatch(r, p, -L - 0.01, W - 0.38, W - 0.08, z0, z1, amber, 1.0);
    }
    if (facesCamera(r, p, L, 0.5, 1)) {
        const Rgb head = blink ? Rgb{255, 170, 30} : Rgb{235, 232, 212};
        facePatch(r, p, L + 0.01, -W + 0.1, -W + 0.4, 0.42 * H, 0.5 * H, head, 1.0);
        facePatch(r, p, L + 0.01, W - 0.4, W - 0.1, 0.42 * H, 0.5 * H, head, 1.0);
    }
    if (a.emergency) {
        // Light bar alternating red and blue at 2 Hz; a red band on the sides.
        const bool phase = std::fmod(sh.t, 0.5) < 0.25;
        const double zb = H, x0 = boxy ? 0.4 * L : -0.2 * L, x1 = x0 + 0.35;
        drawBox(r, p, {x0, x1, -0.6 * W, 0.0, zb, zb + 0.14, phase ? Rgb{255, 30, 30} : Rgb{90, 20, 20},
                       phase ? Rgb{255, 60, 60} : Rgb{90, 20, 20}}, sh);
        drawBox(r, p, {x0, x1, 0.0, 0.6 * W, zb, zb + 0.14, phase ? Rgb{20, 30, 90} : Rgb{40, 90, 255},
                       phase ? Rgb{20, 30, 90} : Rgb{60, 110, 255}}, sh);
        if (boxy) {
            for (int side : {-1, 1}) {
                const double y = side * (W + 0.01);
                r.polygon({p.toWorld(-L, y, 0.55 * H), p.toWorld(L, y, 0.55 * H), p.toWorld(L, y, 0.64 * H),
                           p.toWorld(-L, y, 0.64 * H)},
                          {200, 30, 30}, 0.9);
            }
        }
    }
}

void drawWalker(Raster& r, const Actor& a, const Pose& p, const Shading& sh) {
    const double H = 2 * a.extent.z;
    r.polygon({p.toWorld(-0.3, -0.3, 0.01), p.toWorld(0.3, -0.3, 0.01), p.toWorld(0.3, 0.3, 0.01),
               p.toWorld(-0.3, 0.3, 0.01)},
              scaleRgb(sh.asphalt, 0.55));
    drawBox(r, p, {-0.1, 0.1, -0.16, 0.16, 0.0, 0.48 * H, a.color2, a.color2}, sh);
    drawBox(r, p, {-0.13, 0.13, -0.23, 0.23, 0.48 * H, 0.84 * H, a.color, a.color}, sh);
    const Rgb skin = a.id % 3 == 0 ? Rgb{150, 105, 80} : Rgb{226, 186, 156};
    r.disc(p.toWorld(0, 0, 0.92 * H), 0.11 * H / 1.8, skin);
}

void drawTrafficLight(Raster& r, const Actor& a, const Shading& sh) {
    const Pose& p = a.pose;
    drawBox(r, p, {-0.07, 0.07, -0.07, 0.07, 0.0, 3.2, {96, 98, 100}, {96, 98, 100}}, sh);
    drawBox(r, p, {-0.14, 0.14, -0.18, 0.18, 3.15, 4.15, {32, 34, 36}, {40, 42, 44}}, sh);
    // Lamps face the approaching traffic, i.e. against the actor's yaw.
    if (!facesCamera(r, p, -0.15, 3.6, -1)) return;
    const Rgb lit[3] = {{255, 46, 36}, {255, 196, 40}, {70, 255, 130}};
    for (int k = 0; k < 3; ++k) {
        const int state = k;  // 0 red (top), 1 yellow, 2 green (bottom)
        const Rgb c = a.lightState == state ? lit[k] : Rgb{55, 55, 55};
        r.disc(p.toWorld(-0.16, 0, 3.95 - 0.3 * k), 0.11, c, a.lightState != state);
    }
}

void drawTrafficSign(Raster& r, const Actor& a, const Shading& sh) {
    const Pose& p = a.pose;
    drawBox(r, p, {-0.04, 0.04, -0.04, 0.04, 0.0, 2.2, {120, 122, 124}, {120, 122, 124}}, sh);
    const double zc = 2.45, rad = 0.38;
    const bool front = facesCamera(r, p, -0.05, zc, -1);
    auto ngon = [&](double radius, int n, double phase, Rgb c) {
        Vec3 pts[12];
        for (int i = 0; i < n; ++i) {
            const double ang = phase + 2 * kPi * i / n;
            pts[i] = p.toWorld(-0.05, radius * std::cos(ang), zc + radius * std::sin(ang));
        }
        r.polygon(pts, n, c);
    };
    if (!front) {
        ngon(rad, 12, 0, {150, 150, 150});
        return;
    }
    if (a.sign == SignKind::Yield) {
        ngon(rad, 3, -kPi / 2, {210, 30, 30});
        ngon(rad * 0.6, 3, -kPi / 2, {245, 245, 245});
        return;
    }
    ngon(rad, 12, 0, {210, 30, 30});
    ngon(rad * 0.78, 12, 0, {245, 245, 245});
    cv::Point2d px;
    double depth = 0;
    if (r.toPixel(p.toWorld(-0.06, 0, zc), px, &depth)) {
        const double pixR = r.cam().f * rad / depth;
        if (pixR > 9 && pixR < 200) {
            const std::string txt = std::to_string(a.speedLimit);
            const double scale = pixR / 28.0;
            int base = 0;
            const cv::Size sz = cv::getTextSize(txt, cv::FONT_HERSHEY_DUPLEX, scale, 1, &base);
            cv::putText(r.image(), txt, cv::Point(static_cast<int>(px.x - sz.width / 2), static_cast<int>(px.y + sz.height / 2)),
                        cv::FONT_HERSHEY_DUPLEX, scale, cv::Scalar(20, 20, 20), std::max(1, static_cast<int>(scale * 1.5)),
                        cv::LINE_AA);
        }
    }
}

void drawScenery(Raster& r, const Road& road, const Scenery& b, const Shading& sh) {
    if (b.tree) {
        const Vec3 base = road.at(b.s0, b.side * b.offset);
        const Pose p{base.x, base.y, 0, road.heading};
        drawBox(r, p, {-0.15, 0.15, -0.15, 0.15, 0.0, 0.5 * b.height, {92, 70, 50}, {92, 70, 50}}, sh);
        r.disc(p.toWorld(0, 0, 0.62 * b.height), 0.26 * b.height, scaleRgb(b.color, 0.85));
        r.disc(p.toWorld(0, 0.4, 0.75 * b.height), 0.2 * b.height, b.color);
        return;
    }
    // Road-aligned block: near face at |d| = offset.
    const double dNear = b.side * b.offset, dFar = b.side * (b.offset + b.depth);
    const Vec3 o = road.at(b.s0, 0);
    const Pose p{o.x, o.y, 0, road.heading};
    const double y0 = std::min(dNear, dFar), y1 = std::max(dNear, dFar);
    drawBox(r, p, {0, b.s1 - b.s0, y0, y1, 0, b.height, b.color, scaleRgb(b.color, 0.8)}, sh);
    // Windows on the facade towards the road, only where they can be resolved.
    const Vec3 mid = road.at(0.5 * (b.s0 + b.s1), dNear, b.height * 0.5);
    if (r.distance(mid) > 140) return;
    const Vec3 n{-b.side * -std::sin(road.heading), -b.side * std::cos(road.heading), 0};
    if ((r.cam().location - mid).dot(n) <= 0) return;
    const Rgb glass = mixRgb(scaleRgb(b.color, 0.45), Rgb{70, 90, 110}, 0.5);
    const double yw = dNear - b.side * 0.02;
    for (double z = 1.2; z + 1.6 < b.height; z += 3.2)
        for (double s = 1.0; s + 1.4 < b.s1 - b.s0 - 0.6; s += 3.0)
            r.polygon({p.toWorld(s, yw, z), p.toWorld(s + 1.4, yw, z), p.toWorld(s + 1.4, yw, z + 1.6),
                       p.toWorld(s, yw, z + 1.6)},
                      glass);
}

}  // namespace corevla::sample
