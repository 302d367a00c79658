// SPDX-License-Identifier: MIT
#include "ui/signal_data.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "ui/spans.h"

namespace corevla::ui {
namespace {

SignalData::Series collect(const Recording& rec, const QString& key,
                           const std::function<std::optional<double>(const Frame&)>& value) {
    SignalData::Series series{key, std::vector<QList<QPointF>>(1)};
    std::size_t total = 0;
    for (const Frame& f : rec.frames) {
        if (const auto v = value(f)) series.runs.back() << QPointF(f.t, *v), ++total;
        else if (!series.runs.back().isEmpty()) series.runs.emplace_back();
    }
    std::erase_if(series.runs, [](const QList<QPointF>& run) { return run.isEmpty(); });
    const int bucket = total > std::size_t(SignalData::kMaxPoints) ? int(2 * total / SignalData::kMaxPoints) + 1 : 1;
    for (auto& run : series.runs) run = decimate(run, bucket);
    return series;
}

}  // namespace

QList<QPointF> decimate(const QList<QPointF>& points, int bucket) {
    if (bucket <= 1 || points.size() <= 2) return points;
    QList<QPointF> out;
    out.reserve(2 * (points.size() / bucket + 1));
    for (qsizetype i = 0; i < points.size(); i += bucket) {
        const auto end = points.begin() + std::min<qsizetype>(i + bucket, points.size());
        const auto [lo, hi] = std::minmax_element(points.begin() + i, end,
                                                  [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
        if (lo - points.begin() <= hi - points.begin()) out << *lo << *hi;
        else out << *hi << *lo;
    }
    return out;
}

const SignalData::Series* SignalData::find(const QString& key) const {
    const auto it = std::find_if(series.begin(), series.end(), [&](const Series& s) { return s.key == key; });
    return it == series.end() ? nullptr : &*it;
}

SignalData computeSignals(const Recording& recording) {
    SignalData data;
    data.t0 = recording.frames.empty() ? 0 : recording.frames.front().t;
    data.t1 = data.t0 + recordingSpan(recording);
    for (const TakeoverSpan& s : takeoverSpans(recording))
        data.takeovers.emplace_back(frameTime(recording, s.first), frameTime(recording, s.last + 1));
    for (const Frame& f : recording.frames) {
        data.topSpeed = std::max(data.topSpeed, f.speed.value_or(0));
        data.hasDriver = data.hasDriver || f.driver.has_value();
    }
    data.series.push_back(collect(recording, QStringLiteral("speed"), [](const Frame& f) { return f.speed; }));
    const std::pair<const char*, float Controls::*> channels[] = {
        {"throttle", &Controls::throttle}, {"brake", &Controls::brake}, {"steer", &Controls::steer}};
    for (const auto& channel : channels) {
        const auto field = channel.second;  // (clang 14 cannot capture a structured binding)
        data.series.push_back(collect(recording, QStringLiteral("model.") + channel.first,
                                      [field](const Frame& f) { return std::optional<double>(f.model.*field); }));
    }
    if (data.hasDriver)
        for (const auto& channel : channels) {
            const auto field = channel.second;
            data.series.push_back(collect(recording, QStringLiteral("driver.") + channel.first, [field](const Frame& f) {
                return f.driver ? std::optional<double>((*f.driver).*field) : std::nullopt;
            }));
        }
    return data;
}

}  // namespace corevla::ui
