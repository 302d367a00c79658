// SPDX-License-Identifier: MIT
// Plots of the recording's signals on one time axis: the ego's speed above,
// the model's (solid) and the driver's (dashed) throttle, brake and steer
// below, takeover spans shaded, and a playhead line that follows setFrame()
// by moving two points (the series themselves are built once per recording).
// Clicking or dragging in a plot asks to seek there.
#pragma once

#include <QWidget>
#include <memory>

#include "storage/types.h"
#include "ui/signal_data.h"

class QChart;
class QChartView;
class QLineSeries;

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

Q_SIGNALS:
    void seekRequested(int frame);

private:
    void seekToTime(double t);
    void alignPlotAreas();

    const Recording* m_recording = nullptr;
    QChartView *m_speedView, *m_controlsView;
    QLineSeries *m_speedPlayhead = nullptr, *m_controlsPlayhead = nullptr;
    int m_frame = -1;
    double m_natural[2][2] = {};  // per chart: plot inset left and right without our margins
    bool m_alignQueued = false;
};

}  // namespace corevla::ui
