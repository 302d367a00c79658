// SPDX-License-Identifier: MIT
#include "dataset/scene.h"

#include "storage/recording_time.h"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <cstdio>
#include <string_view>

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

namespace {

constexpr std::string_view kEgoStatePrefix = "Ego speed ";

// One decimal, '.' whatever the locale (the GUI runs in the user's), and
// never "-0.0".
std::string oneDecimal(double value) {
    value = std::round(std::clamp(value, -999.0, 999.0) * 10.0) / 10.0;
    if (value == 0) value = 0;
    char text[16];
    const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 1).ptr;
    return std::string(text, end);
}

}  // namespace

std::string egoStateLine(const Recording& r, int frame) {
    const int at = framePosition(r, frame);
    if (at < 0) return {};
    const Frame& now = r.frames[std::size_t(at)];
    if (!now.speed || !std::isfinite(*now.speed)) return {};
    // From the earliest frame with a speed within the half second before.
    const Frame* before = nullptr;
    for (int i = at - 1; i >= 0 && r.frames[std::size_t(i)].t >= now.t - 0.5 - 1e-6; --i)
        if (const auto& v = r.frames[std::size_t(i)].speed; v && std::isfinite(*v)) before = &r.frames[std::size_t(i)];
    std::optional<double> accel;
    if (before && now.t - before->t > 1e-3) accel = (*now.speed - *before->speed) / (now.t - before->t);
    return egoStateText(*now.speed, accel);
}

std::string egoStateText(double speed, std::optional<double> accel) {
    std::string line = std::string(kEgoStatePrefix) + oneDecimal(std::max(0.0, speed)) + " m/s";
    if (accel) line += ", acceleration " + oneDecimal(*accel) + " m/s^2";
    return line + ".";
}

std::string questionAt(const Recording& r, int frame, const std::string& question) {
    const std::string state = egoStateLine(r, frame);
    return state.empty() ? question : state + " " + question;
}

std::string withoutEgoState(const std::string& question) {
    if (!question.starts_with(kEgoStatePrefix)) return question;
    const std::size_t end = question.find(". ");
    return end == std::string::npos ? question : question.substr(end + 2);
}

}  // namespace corevla::dataset
