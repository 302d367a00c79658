// SPDX-License-Identifier: MIT
// What the signal plots draw, computed from a recording without touching a
// widget: the loader builds it on a worker thread for long recordings, so the
// GUI thread only hands the points to the charts.
#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

struct SignalData {
    // More points than this per signal are decimated (min/max per bucket):
    // a min/max pair per pixel of a wide plot, and each point costs paint time.
    static constexpr int kMaxPoints = 1600;

    struct Series {
        QString key;                        // "speed", "model.brake", "driver.steer", ...
        std::vector<QList<QPointF>> runs;  // one per run of frames that have a value; gaps between
    };
    double t0 = 0, t1 = 0;       // the time axis
    double topSpeed = 1;         // m/s, for the speed axis
    bool hasDriver = false;      // driver controls were recorded
    std::vector<std::pair<double, double>> takeovers;  // shaded spans, seconds
    std::vector<Series> series;  // speed, model.*, then driver.* when recorded

    const Series* find(const QString& key) const;
};

SignalData computeSignals(const Recording& recording);

// Min/max per bucket keeps peaks (a brake stab) that plain subsampling drops.
QList<QPointF> decimate(const QList<QPointF>& points, int bucket);

}  // namespace corevla::ui
