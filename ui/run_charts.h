// SPDX-License-Identifier: MIT
// The curves of one or two runs: loss, reward margin and accuracy, train
// (solid) and eval (dashed, with points), each run in its own colour, so
// two runs compare at a glance. SFT runs have no reward margin; their
// accuracy is the held-out decision accuracy.
#pragma once

#include <QWidget>
#include <vector>

#include "storage/run.h"

class QChartView;

namespace corevla::ui {

struct RunCurves {
    QString label;                    // "run 3 (dpo)"
    std::vector<MetricPoint> points;  // as RunStore::metrics gives them
};

class RunCharts : public QWidget {
    Q_OBJECT
public:
    explicit RunCharts(QWidget* parent = nullptr);
    void show(const std::vector<RunCurves>& runs);  // at most two are drawn
    // The series a chart holds now, for tests: "loss", "rewards/margins", "accuracy".
    int seriesCount(const QString& chart) const;
    int pointCount(const QString& chart) const;

private:
    QChartView* m_loss;
    QChartView* m_margin;
    QChartView* m_accuracy;
};

}  // namespace corevla::ui
