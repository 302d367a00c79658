// SPDX-License-Identifier: MIT
#include "importers/sample/renderer.h"

#include "importers/sample/draw_actors.h"
#include "importers/sample/raster.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace corevla::sample {

namespace {

const Rgb kWhite{228, 228, 222}, kYellow{226, 180, 40}, kSidewalk{168, 166, 160}, kKerb{204, 202, 196};

struct Drawable {
    double dist;
    int kind;   // 0 actor, 1 scenery
    int index;
};

}  // namespace

Renderer::Renderer(const World& world) : m_world(world) {
    const double az = toRad(world.weather.sunAzimuth), alt = toRad(world.weather.sunAltitude);
    m_sun = {std::cos(alt) * std::cos(az), std::cos(alt) * std::sin(az), std::sin(alt)};
}

void Renderer::background(cv::Mat& img, const CameraPose& cam) const {
    // Pitch and roll are zero, so the horizon is the middle row and every
    // row of sky or flat ground has one colour.
    const Weather& w = m_world.weather;
    const int horizon = static_cast<int>(cam.cy);
    for (int y = 0; y < img.rows; ++y) {
        Rgb c;
        if (y < horizon) {
            c = mixRgb(w.skyHorizon, w.skyTop, std::pow((horizon - y) / cam.cy, 0.7));
        } else {
            const double dist = cam.f * cam.location.z / (y - cam.cy + 0.5);
            c = mixRgb(w.ground, w.skyHorizon, 1.0 - std::exp(-dist / w.visibility));
        }
        img.row(y).setTo(cv::Scalar(c.b, c.g, c.r));
    }
}

void Renderer::drawGround(Raster& r, double sCam) const {
    const Road& road = m_world.road;
    const Rgb asphalt = m_world.weather.asphalt;
    const double rk = road.rightKerb(), lk = road.leftKerb(), sw = road.sidewalkWidth;
    auto strip = [&](double s0, double s1, double d0, double d1, Rgb c, double z = 0.0) {
        r.polygon({road.at(s0, d0, z), road.at(s1, d0, z), road.at(s1, d1, z), road.at(s0, d1, z)}, c);
    };
    const double sLo = sCam - 160, sHi = sCam + 330;
    for (double s = sLo; s < sHi;) {
        const double len = std::fabs(s - sCam) < 60 ? 6.0 : 18.0;
        const double s1 = std::min(s + len, sHi);
        strip(s, s1, lk, rk, asphalt);
        // Sidewalks, cut where cross streets meet the road.
        double a = s, b = s1;
        for (const auto& j : road.junctions) {
            if (b <= j.s - j.halfWidth || a >= j.s + j.halfWidth) continue;
            if (a < j.s - j.halfWidth) b = j.s - j.halfWidth;
            else a = std::max(a, j.s + j.halfWidth);
        }
        if (b > a) {
            strip(a, b, rk, rk + sw, kSidewalk);
            strip(a, b, lk - sw, lk, kSidewalk);
            strip(a, b, rk, rk + 0.22, kKerb, 0.005);
            strip(a, b, lk - 0.22, lk, kKerb, 0.005);
        }
        s = s1;
    }
    for (const auto& j : road.junctions) {
        if (j.s < sLo - 20 || j.s > sHi + 20) continue;
        const double s0 = j.s - j.halfWidth, s1 = j.s + j.halfWidth;
        for (int side : {1, -1}) {
            const double kerb = side > 0 ? rk : -lk;
            for (double d = kerb; d < kerb + 200; d += 20) {
                const double d0 = side * d, d1 = side * (d + 20);
                strip(s0, s1, std::min(d0, d1), std::max(d0, d1), asphalt);
                strip(s1, s1 + sw, std::min(d0, d1), std::max(d0, d1), kSidewalk);
                strip(s0 - sw, s0, std::min(d0, d1), std::max(d0, d1), kSidewalk);
                if (d > kerb + 1) strip(j.s - 0.1, j.s + 0.1, std::min(d0, d1), std::max(d0, d1), kYellow, 0.01);
            }
        }
        // Stop lines and zebra crossings at the approaches.
        strip(s0 - 2.4, s0 - 2.0, 0.2, road.lanesFwd * road.laneWidth, kWhite, 0.01);
        strip(s1 + 2.0, s1 + 2.4, -road.lanesBack * road.laneWidth, -0.2, kWhite, 0.01);
        for (double d = lk + 0.4; d < rk - 0.4; d += 1.0) {
            strip(s0 + 0.4, s0 + 1.9, d, d + 0.5, kWhite, 0.01);
            strip(s1 - 1.9, s1 - 0.4, d, d + 0.5, kWhite, 0.01);
        }
    }
    for (double c : road.crosswalks)
        for (double d = lk + 0.4; d < rk - 0.4; d += 1.0) strip(c - 1.6, c + 1.6, d, d + 0.5, kWhite, 0.01);

    // Lane markings, phase-locked to the road (3 m dashes every 9 m).
    const double W = road.laneWidth;
    for (double s = std::floor(sLo / 9.0) * 9.0; s < sHi; s += 9.0) {
        if (road.inJunction(s + 1.5, 0.5)) continue;
        for (int k = 1; k < road.lanesFwd; ++k) strip(s, s + 3.0, k * W - 0.07, k * W + 0.07, kWhite, 0.01);
        for (int k = 1; k < road.lanesBack; ++k) strip(s, s + 3.0, -k * W - 0.07, -k * W + 0.07, kWhite, 0.01);
    }
    for (double s = sLo; s < sHi;) {
        const double len = std::fabs(s - sCam) < 60 ? 6.0 : 18.0;
        double s1 = std::min(s + len, sHi);
        if (road.inJunction(s, 0) || road.inJunction(s1, 0)) { s = s1; continue; }
        if (road.lanesBack > 0) {
            strip(s, s1, -0.2, -0.07, kYellow, 0.01);
            strip(s, s1, 0.07, 0.2, kYellow, 0.01);
        }
        strip(s, s1, road.lanesFwd * W - 0.16, road.lanesFwd * W - 0.02, kWhite, 0.01);
        strip(s, s1, -road.lanesBack * W + 0.02, -road.lanesBack * W + 0.16, kWhite, 0.01);
        s = s1;
    }
}

void Renderer::render(const Tick& tick, const CameraPose& cam, cv::Mat& out) const {
    out.create(cam.height, cam.width, CV_8UC3);
    background(out, cam);
    Raster r(out, cam, m_world.weather.skyHorizon, m_world.weather.visibility);
    const double sCam = m_world.road.toRoad(cam.location.x, cam.location.y).x;
    drawGround(r, sCam);

    // Painter's algorithm over whole objects, far to near.
    std::vector<Drawable> items;
    items.reserve(m_world.actors.size() + m_world.scenery.size());
    auto consider = [&](const Vec3& center, double radius, int kind, int index) {
        const double dist = r.distance(center);
        if (dist > 330) return;
        if (cam.toCv(center).z < -radius) return;  // entirely behind the camera
        items.push_back({dist, kind, index});
    };
    for (int i = 0; i < static_cast<int>(m_world.actors.size()); ++i) {
        const Actor& a = m_world.actors[i];
        Vec3 c{a.pose.x, a.pose.y, 1.0};
        if (a.dyn >= 0) {
            const DynState& st = tick.dyn[a.dyn];
            if (st.hidden) continue;
            c = {st.x, st.y, 1.0};
        }
        consider(c, std::max(a.extent.x, 2.0) + 3.0, 0, i);
    }
    const Road& road = m_world.road;
    for (int i = 0; i < static_cast<int>(m_world.scenery.size()); ++i) {
        const Scenery& b = m_world.scenery[i];
        const double dMid = b.side * (b.offset + (b.tree ? 0 : b.depth * 0.5));
        consider(road.at(0.5 * (b.s0 + b.s1), dMid, b.height * 0.3), b.s1 - b.s0 + b.depth + 5, 1, i);
    }
    std::sort(items.begin(), items.end(), [](const Drawable& a, const Drawable& b) {
        return a.dist != b.dist ? a.dist > b.dist : a.index < b.index;
    });

    const Shading sh{m_sun, m_world.weather.asphalt, tick.t};
    for (const Drawable& d : items) {
        if (d.kind == 1) {
            drawScenery(r, road, m_world.scenery[d.index], sh);
            continue;
        }
        const Actor& a = m_world.actors[d.index];
        Pose p = a.pose;
        bool braking = false;
        if (a.dyn >= 0) {
            const DynState& st = tick.dyn[a.dyn];
            p = {st.x, st.y, 0, st.yaw};
            braking = st.braking;
        }
        switch (a.cls) {
        case ActorClass::Vehicle: drawVehicle(r, a, p, braking && !a.parked, sh); break;
        case ActorClass::Walker: drawWalker(r, a, p, sh); break;
        case ActorClass::TrafficLight: drawTrafficLight(r, a, sh); break;
        case ActorClass::TrafficSign: drawTrafficSign(r, a, sh); break;
        }
    }
}

void Renderer::attention(const Tick& tick, const CameraPose& cam, cv::Mat& out) {
    out.create(cam.height, cam.width, CV_8UC1);
    out.setTo(0);
    if (!tick.gaze) return;
    // Small fixational wander so the map is alive, deterministic per tick.
    const double wx = 0.012 * cam.width * std::sin(tick.step * 0.9), wy = 0.01 * cam.height * std::cos(tick.step * 1.3);
    double u = cam.width * 0.5, v = cam.height * 0.09, sigma = 0.035 * cam.width;
    if (!tick.gazeMirror) {
        const Vec3 c = cam.toCv(tick.gazeAt);
        if (c.z < 0.5) return;
        u = cam.f * c.x / c.z + cam.cx;
        v = cam.f * c.y / c.z + cam.cy;
        sigma = clampd(1.2 * cam.f / c.z, 0.03 * cam.width, 0.09 * cam.width);
    }
    u += wx;
    v += wy;
    const double peak = 255.0 * clampd(tick.gazeStrength, 0, 1);
    const int x0 = std::max(0, static_cast<int>(u - 3 * sigma)), x1 = std::min(cam.width, static_cast<int>(u + 3 * sigma) + 1);
    const int y0 = std::max(0, static_cast<int>(v - 3 * sigma)), y1 = std::min(cam.height, static_cast<int>(v + 3 * sigma) + 1);
    for (int y = y0; y < y1; ++y) {
        auto* row = out.ptr<std::uint8_t>(y);
        for (int x = x0; x < x1; ++x) {
            const double r2 = ((x - u) * (x - u) + (y - v) * (y - v)) / (2 * sigma * sigma);
            row[x] = static_cast<std::uint8_t>(peak * std::exp(-r2) + 0.5);
        }
    }
}

}  // namespace corevla::sample
