// SPDX-License-Identifier: MIT
// Plots of the recording's signals on one time axis: the ego's speed above,
// the model's (solid) and the driver's (dashed) throttle, brake and steer
// below, takeover spans shaded, and a playhead line that follows setFrame()
// (a line item over each plot; the series are built once per recording and
// drawn from a cache while it moves).
// Clicking or dragging in a plot asks to seek there.
#pragma once

#include <QWidget>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "storage/types.h"
#include "ui/signal_data.h"

class QChart;
class QChartView;
class QGraphicsLineItem;

namespace corevla::ui {

class SignalsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = SignalData::kMaxPoints;

    explicit SignalsPanel(QWidget* parent = nullptr);

    // data: the plots' points when computed elsewhere (a loader's worker);
    // null: computed here.
    void setRecording(const Recording& recording, std::shared_ptr<const SignalData> data = {});
    void setFrame(int frame);

    QChart* speedChart() const;
    QChart* controlsChart() const;
    double playheadTime() const;  // where the playhead line is drawn, seconds
    // Every signal is in the plots (they are added over a few event-loop turns).
    bool isFilled() const { return m_filled; }
    void finishFilling();  // adds what is still pending now (benchmarks, screenshots)

Q_SIGNALS:
    void seekRequested(int frame);
    void filled();

private:
    void seekToTime(double t);
    void alignPlotAreas();
    void placePlayheads();
    void fillNext(std::uint64_t generation);

    const Recording* m_recording = nullptr;
    QChartView *m_speedView, *m_controlsView;
    QGraphicsLineItem* m_playheads[2] = {};  // over the speed and the controls plot
    double m_playheadTime = -1;
    std::vector<std::function<void()>> m_pending;  // signals still to add, one per event-loop turn
    std::uint64_t m_fillGeneration = 0;
    bool m_filled = false;
    int m_frame = -1;
    double m_natural[2][2] = {};  // per chart: plot inset left and right without our margins
    bool m_alignQueued = false;
};

}  // namespace corevla::ui
