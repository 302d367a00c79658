// SPDX-License-Identifier: MIT
#include "ui/run_charts.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace corevla::ui {
namespace {

const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28)};

QChartView* makeView(const QString& title, QWidget* parent) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(220, 180);
    return view;
}

// Which metric a chart shows for a point, or nothing.
bool belongs(const QString& chart, const std::string& name) {
    if (chart == "loss") return name == "loss";
    if (chart == "rewards/margins") return name == "rewards/margins";
    return name == "rewards/accuracies" || name == "decision_accuracy";
}

void fill(QChartView* view, const QString& chart, const std::vector<RunCurves>& runs) {
    QChart* c = view->chart();
    c->removeAllSeries();
    for (QAbstractAxis* axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;  // removeAxis hands it back; removeAllSeries deletes the series itself
    }
    auto* x = new QValueAxis;
    auto* y = new QValueAxis;
    x->setTitleText("step");
    x->setLabelFormat("%d");
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest(), maxStep = 10;
    for (std::size_t r = 0; r < runs.size() && r < 2; ++r) {
        for (const char* split : {"train", "eval"}) {
            const bool eval = std::string(split) == "eval";
            auto* line = new QLineSeries;
            line->setName(runs[r].label + (eval ? " eval" : " train"));
            QPen pen(kColors[r]);
            pen.setWidthF(eval ? 1.5 : 2);
            if (eval) pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            for (const MetricPoint& p : runs[r].points)
                if (p.split == split && belongs(chart, p.name) && std::isfinite(p.value)) {
                    line->append(p.step, p.value);
                    lo = std::min(lo, p.value), hi = std::max(hi, p.value), maxStep = std::max(maxStep, double(p.step));
                }
            if (line->count() == 0) {
                delete line;
                continue;
            }
            c->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            if (eval) {  // eval lines are few: show where they were taken
                auto* dots = new QScatterSeries;
                dots->setMarkerSize(7);
                dots->setColor(kColors[r]);
                dots->append(line->points());
                c->addSeries(dots);
                dots->attachAxis(x);
                dots->attachAxis(y);
                c->legend()->markers(dots).value(0)->setVisible(false);
            }
        }
    }
    if (lo > hi) lo = 0, hi = 1;
    const double pad = std::max((hi - lo) * 0.08, 0.02 * std::max(1.0, std::abs(hi)));
    x->setRange(0, maxStep);
    y->setRange(lo - pad, hi + pad);
}

}  // namespace

RunCharts::RunCharts(QWidget* parent)
    : QWidget(parent), m_loss(makeView(tr("Loss"), this)), m_margin(makeView(tr("Reward margin (DPO)"), this)),
      m_accuracy(makeView(tr("Accuracy"), this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QChartView* v : {m_loss, m_margin, m_accuracy}) layout->addWidget(v);
    show({});
}

void RunCharts::show(const std::vector<RunCurves>& runs) {
    fill(m_loss, "loss", runs);
    fill(m_margin, "rewards/margins", runs);
    fill(m_accuracy, "accuracy", runs);
}

static QChartView* viewFor(const QString& chart, QChartView* loss, QChartView* margin, QChartView* accuracy) {
    return chart == "loss" ? loss : chart == "rewards/margins" ? margin : accuracy;
}

int RunCharts::seriesCount(const QString& chart) const {
    int n = 0;
    for (QAbstractSeries* s : viewFor(chart, m_loss, m_margin, m_accuracy)->chart()->series()) n += s->type() == QAbstractSeries::SeriesTypeLine;
    return n;
}

int RunCharts::pointCount(const QString& chart) const {
    int n = 0;
    for (QAbstractSeries* s : viewFor(chart, m_loss, m_margin, m_accuracy)->chart()->series())
        if (auto* line = qobject_cast<QLineSeries*>(s); line && s->type() == QAbstractSeries::SeriesTypeLine) n += int(line->count());
    return n;
}

}  // namespace corevla::ui
