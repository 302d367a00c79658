// SPDX-License-Identifier: MIT
#include "dataset/scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace corevla::dataset {
namespace {

constexpr double kHalfLane = 1.75;  // a 3.5 m lane
constexpr double kEgoHalfLength = 2.4;

}  // namespace

Relative relativeTo(const Frame& ego, double x, double y) {
    const double dx = x - ego.egoX, dy = y - ego.egoY;
    const double c = std::cos(ego.egoYaw), s = std::sin(ego.egoYaw);
    return {c * dx + s * dy, -s * dx + c * dy};
}

std::optional<ObjectAhead> objectAhead(const Frame& frame, double range) {
    std::optional<ObjectAhead> inLane, beside;
    for (const SceneObject& o : frame.objects) {
        if (o.cls != "vehicle" && o.cls != "emergency_vehicle" && o.cls != "walker") continue;
        const Relative r = relativeTo(frame, o.x, o.y);
        const double distance = r.forward - kEgoHalfLength - 0.5 * std::max(o.length, 0.5f);
        if (r.forward <= 0 || distance > range) continue;
        const double halfWidth = 0.5 * std::max(o.width, 0.5f);
        const bool overlapsLane = std::abs(r.lateral) - halfWidth < kHalfLane * 0.6;
        const bool nearLane = std::abs(r.lateral) - halfWidth < kHalfLane * 2;
        if (!nearLane) continue;
        auto& best = overlapsLane ? inLane : beside;
        if (!best || distance < best->distance) best = ObjectAhead{o, std::max(0.0, distance), r.lateral, overlapsLane};
    }
    return inLane ? inLane : beside;
}

std::string objectPhrase(const SceneObject& o) {
    if (o.cls == "walker") return "a pedestrian";
    if (o.cls == "emergency_vehicle") return "an emergency vehicle";
    if (o.cls == "vehicle") return "a vehicle";
    const char first = o.cls.empty() ? 'x' : o.cls.front();
    return std::string(std::string("aeiou").find(first) != std::string::npos ? "an " : "a ") + o.cls;
}

std::string wholeUnits(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", std::max(0.0, value));
    return text;
}

std::string egoStateLine(const Frame& frame) {
    if (!frame.speed) return {};
    char text[96];
    // "-0.0" would read as braking: a value that rounds to zero is written 0.0.
    const double accel = std::abs(frame.accel) < 0.05 ? 0.0 : frame.accel;
    std::snprintf(text, sizeof text, "Ego speed %.1f m/s, acceleration %.1f m/s^2.", std::max(0.0, *frame.speed), accel);
    return text;
}

std::string questionAt(const Frame& frame, const std::string& question) {
    const std::string state = egoStateLine(frame);
    return state.empty() ? question : state + "\n" + question;
}

}  // namespace corevla::dataset
