// SPDX-License-Identifier: MIT
#include "ui/signals_panel.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "ui/spans.h"

namespace corevla::ui {
namespace {

// A chart view that scrubs on click and drag.
class ScrubView : public QChartView {
public:
    ScrubView(QChart* chart, QWidget* parent) : QChartView(chart, parent) {
        setRenderHint(QPainter::Antialiasing, false);
        setFrameShape(QFrame::NoFrame);
        setMinimumHeight(110);
    }
    std::function<void(double)> onSeek;

protected:
    void mousePressEvent(QMouseEvent* event) override {
        if (event->button() == Qt::LeftButton) m_dragging = true, seek(event->position());
    }
    void mouseMoveEvent(QMouseEvent* event) override {
        if (m_dragging) seek(event->position());
    }
    void mouseReleaseEvent(QMouseEvent* event) override {
        if (event->button() == Qt::LeftButton) m_dragging = false;
    }

private:
    void seek(QPointF viewPos) {
        const auto series = chart()->series();
        if (series.isEmpty() || !onSeek) return;
        const QRectF plot = chart()->plotArea();
        QPointF pos = chart()->mapFromScene(mapToScene(viewPos.toPoint()));
        pos.setX(std::clamp(pos.x(), plot.left(), plot.right()));
        onSeek(chart()->mapToValue(pos, series.back()).x());
    }
    bool m_dragging = false;
};

// One signal as line series, one per run of frames that have a value (null
// speeds and frames without driver input are gaps).
void addSignal(QChart* chart, QValueAxis* x, QValueAxis* y, const SignalData& data, const QString& key,
               const QString& label, QPen pen) {
    const SignalData::Series* signal = data.find(key);
    if (!signal) return;
    bool first = true;
    for (const auto& run : signal->runs) {
        auto* series = new QLineSeries(chart);
        series->setObjectName(key);
        series->setName(label);
        series->setPen(pen);
        series->replace(run);
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
        if (!first) chart->legend()->markers(series).value(0)->setVisible(false);
        first = false;
    }
}

QValueAxis* makeAxis(QChart* chart, Qt::Alignment where, const QFont& font) {
    auto* axis = new QValueAxis(chart);
    axis->setLabelsFont(font);
    axis->setGridLineColor(QColor(0xE3, 0xE6, 0xEA));
    axis->setMinorGridLineColor(QColor(0xF1, 0xF3, 0xF5));
    axis->setLinePenColor(QColor(0xB0, 0xB6, 0xBE));
    chart->addAxis(axis, where);
    return axis;
}

QChart* makeChart(const QPalette& pal, const QFont& font) {
    auto* chart = new QChart;
    chart->setBackgroundBrush(pal.base());
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(0, 0, 0, 0));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);  // dashed driver lines show as dashed
    chart->legend()->setFont(font);
    chart->legend()->setLabelColor(pal.color(QPalette::Text));
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

}  // namespace

SignalsPanel::SignalsPanel(QWidget* parent) : QWidget(parent) {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_speedView = new ScrubView(makeChart(palette(), small), this);
    m_controlsView = new ScrubView(makeChart(palette(), small), this);
    for (int i = 0; i < 2; ++i) {
        QChartView* view = i ? m_controlsView : m_speedView;
        static_cast<ScrubView*>(view)->onSeek = [this](double t) { seekToTime(t); };
        // Each layout reports its own insets; lining up waits until both are in.
        m_playheads[i] = new QGraphicsLineItem(view->chart());
        m_playheads[i]->setPen(QPen(palette::playhead(), 1.5));
        m_playheads[i]->setZValue(1000);
        m_playheads[i]->setVisible(false);
        connect(view->chart(), &QChart::plotAreaChanged, this, [this, i, chart = view->chart()](const QRectF& plot) {
            placePlayheads();
            m_natural[i][0] = plot.left() - chart->margins().left();
            m_natural[i][1] = chart->size().width() - plot.right() - chart->margins().right();
            if (!m_alignQueued) {
                m_alignQueued = true;
                QMetaObject::invokeMethod(this, &SignalsPanel::alignPlotAreas, Qt::QueuedConnection);
            }
        });
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_speedView, 1);
    layout->addWidget(m_controlsView, 1);
}

QChart* SignalsPanel::speedChart() const { return m_speedView->chart(); }
QChart* SignalsPanel::controlsChart() const { return m_controlsView->chart(); }

void SignalsPanel::setRecording(const Recording& recording, std::shared_ptr<const SignalData> data) {
    m_recording = &recording;
    m_frame = -1;
    if (!data) data = std::make_shared<const SignalData>(computeSignals(recording));
    const double t0 = data->t0, t1 = data->t1;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_pending.clear();
    ++m_fillGeneration;

    for (QChartView* view : {m_speedView, m_controlsView}) {
        QChart* chart = view->chart();
        const bool speed = view == m_speedView;
        chart->removeAllSeries();
        for (QAbstractAxis* axis : chart->axes()) chart->removeAxis(axis), delete axis;
        auto* x = makeAxis(chart, Qt::AlignBottom, small);
        x->setRange(t0, t1);
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0);
        const double step = niceTimeStep(t1 - t0, 10);
        x->setTickInterval(step);
        x->setLabelFormat(step < 1 ? QStringLiteral("%.1f s") : QStringLiteral("%.0f s"));
        x->setLabelsVisible(!speed);  // one shared time axis: labelled under the lower chart
        auto* y = makeAxis(chart, Qt::AlignLeft, small);
        // The overlay axis (0..1, hidden) carries the takeover shading.
        auto* overlay = makeAxis(chart, Qt::AlignRight, small);
        overlay->setRange(0, 1);
        overlay->setVisible(false);

        auto* upper = new QLineSeries(chart);
        for (const auto& [a, b] : data->takeovers) *upper << QPointF(a, 0) << QPointF(a, 1) << QPointF(b, 1) << QPointF(b, 0);
        auto* shade = new QAreaSeries(upper);
        upper->setParent(shade);
        shade->setObjectName(QStringLiteral("takeovers"));
        shade->setName(tr("driver takeover"));
        QColor fill = palette::driver();
        fill.setAlpha(55);
        shade->setBrush(fill);
        shade->setPen(Qt::NoPen);
        chart->addSeries(shade);
        shade->attachAxis(x);
        shade->attachAxis(overlay);
        if (QLegendMarker* marker = chart->legend()->markers(shade).value(0)) {
            fill.setAlpha(140);
            marker->setShape(QLegend::MarkerShapeRectangle);
            marker->setBrush(fill);
            marker->setPen(Qt::NoPen);
            marker->setVisible(speed && !data->takeovers.empty());
        }

        // The signals themselves are added one per turn of the event loop:
        // a 30-minute session's thousands of points per plot never hold the
        // GUI for longer than one of them takes.
        const auto later = [this, chart, x, y, data](QString key, QString label, QPen pen) {
            m_pending.push_back([=] { addSignal(chart, x, y, *data, key, label, pen); });
        };
        if (speed) {
            y->setRange(0, data->topSpeed * 1.1);
            y->applyNiceNumbers();
            y->setTickCount(3);  // a short plot: more ticks would elide their labels
            y->setLabelFormat(QStringLiteral("%.0f"));
            y->setTitleText(tr("speed m/s"));
            y->setTitleFont(small);
            later(QStringLiteral("speed"), tr("ego speed"), QPen(QColor(0x26, 0x32, 0x38), 1));
        } else {
            y->setRange(-1, 1);
            y->setTickCount(5);
            y->setLabelFormat(QStringLiteral("%.1f"));
            y->setTitleText(tr("controls"));
            y->setTitleFont(small);
            struct Channel { const char* key; QString label; QColor colour; };
            const Channel channels[] = {{"throttle", tr("throttle"), QColor(0x2E, 0x9D, 0x5B)},
                                        {"brake", tr("brake"), QColor(0xD3, 0x2F, 0x2F)},
                                        {"steer", tr("steer"), QColor(0x5E, 0x35, 0xB1)}};
            for (const Channel& c : channels)
                later(QStringLiteral("model.") + c.key, c.label, QPen(c.colour, 1));
            for (const Channel& c : channels)
                if (data->find(QStringLiteral("driver.") + c.key))
                    later(QStringLiteral("driver.") + c.key, tr("driver %1").arg(c.label), QPen(c.colour, 1, Qt::DashLine));
        }
    }
    m_playheadTime = -1;
    setFrame(recording.frames.empty() ? 0 : recording.frames.front().index);
    fillNext(m_fillGeneration);
}

void SignalsPanel::finishFilling() {
    while (!m_pending.empty()) {
        const auto add = std::move(m_pending.front());
        m_pending.erase(m_pending.begin());
        add();
    }
}

void SignalsPanel::fillNext(std::uint64_t generation) {
    QMetaObject::invokeMethod(this, [this, generation] {
        if (generation != m_fillGeneration) return;  // a newer recording took over
        if (!m_pending.empty()) {
            const auto add = std::move(m_pending.front());
            m_pending.erase(m_pending.begin());
            add();
            fillNext(generation);
            return;
        }
        // Playing moves only the playhead: the series are drawn from a cache
        // instead of being stroked again for every frame.
        for (QChartView* view : {m_speedView, m_controlsView})
            for (QGraphicsItem* item : view->scene()->items())
                if (item != m_playheads[0] && item != m_playheads[1]) item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
        m_filled = true;
        Q_EMIT filled();
    }, Qt::QueuedConnection);
    m_filled = false;
}

void SignalsPanel::setFrame(int frame) {
    if (!m_recording || frame == m_frame) return;
    m_frame = frame;
    m_playheadTime = frameTime(*m_recording, frame);
    placePlayheads();
}

// The playhead is a line item over each plot (not a series): moving it
// repaints a strip two pixels wide.
void SignalsPanel::placePlayheads() {
    for (int i = 0; i < 2; ++i) {
        QChart* chart = i ? controlsChart() : speedChart();
        const auto series = chart->series();
        m_playheads[i]->setVisible(!series.isEmpty() && m_playheadTime >= 0);
        if (series.isEmpty()) continue;
        const QRectF plot = chart->plotArea();
        const double x = chart->mapToPosition(QPointF(m_playheadTime, 0), series.back()).x();
        m_playheads[i]->setLine(QLineF(x, plot.top(), x, plot.bottom()));
    }
}

// The y axes' labels differ in width; extra margins give both plots the
// same left and right edge, so one x is one time in both.
void SignalsPanel::alignPlotAreas() {
    m_alignQueued = false;
    QChart* charts[2] = {speedChart(), controlsChart()};
    const double left = std::max(m_natural[0][0], m_natural[1][0]), right = std::max(m_natural[0][1], m_natural[1][1]);
    for (int i = 0; i < 2; ++i) {
        const QMargins margins(int(std::lround(left - m_natural[i][0])), 0, int(std::lround(right - m_natural[i][1])), 0);
        if (charts[i]->margins() != margins) charts[i]->setMargins(margins);
    }
}

double SignalsPanel::playheadTime() const { return std::max(0.0, m_playheadTime); }

void SignalsPanel::seekToTime(double t) {
    if (m_recording && !m_recording->frames.empty()) Q_EMIT seekRequested(frameAtTime(*m_recording, t));
}

}  // namespace corevla::ui
