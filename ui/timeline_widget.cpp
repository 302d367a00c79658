// SPDX-License-Identifier: MIT
#include "ui/timeline_widget.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "ui/spans.h"
#include "ui/timeline_model.h"

namespace corevla::ui {
namespace {

constexpr double kMargin = 10;        // left and right, so edge markers fit
constexpr double kRulerHeight = 20;
constexpr double kMinViewFrames = 20;  // deepest zoom shows this many frames
constexpr double kHoverPx = 5;

QString rulerLabel(double t, double step) {
    const int minutes = int(t / 60);
    const double seconds = t - minutes * 60;
    return step < 1 ? QStringLiteral("%1:%2").arg(minutes).arg(seconds, 4, 'f', 1, QLatin1Char('0'))
                    : QStringLiteral("%1:%2").arg(minutes).arg(int(std::lround(seconds)), 2, 10, QLatin1Char('0'));
}

}  // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent), m_model(new TimelineModel(this)) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);  // the resize cursor over a band's edge
}

void TimelineWidget::setRecording(const Recording& recording) {
    m_recording = &recording;
    m_model->setRecording(recording);
    m_first = recording.frames.empty() ? 0 : recording.frames.front().t;
    m_span = recordingSpan(recording);
    m_frame = recording.frames.empty() ? 0 : recording.frames.front().index;
    m_viewStart = m_first;
    m_viewLength = m_span;
    invalidate();
}

void TimelineWidget::refresh() {
    if (!m_recording) return;
    m_model->setRecording(*m_recording);
    invalidate();
}

void TimelineWidget::setSegments(std::vector<Segment> segments, std::int64_t selected) {
    m_bands.setSegments(std::move(segments), selected);
    invalidate();
}

QRectF TimelineWidget::bandArea() const {
    // Between the markers at the top of the track and the decision ticks at its bottom.
    const QRectF track = trackRect();
    return QRectF(track.left(), track.top() + 15, track.width(), std::max(8.0, track.height() - 15 - 16));
}

void TimelineWidget::setFrame(int frame) {
    if (frame == m_frame) return;
    const QRect before = playheadStrip(m_frame);
    m_frame = frame;
    // Page along when playback leaves a zoomed view (not while the user drags).
    if (m_recording && !m_dragging) {
        const double t = frameTime(*m_recording, frame);
        if (t < m_viewStart || t > m_viewStart + m_viewLength) {
            setView(t - 0.1 * m_viewLength, m_viewLength);
            return;
        }
    }
    update(before);
    update(playheadStrip(m_frame));
}

double TimelineWidget::zoom() const { return m_span / m_viewLength; }

void TimelineWidget::setZoom(double zoom, double anchorX) {
    if (!m_recording) return;
    const double fps = m_recording->fps > 0 ? m_recording->fps : 10;
    const double maxZoom = std::max(1.0, m_span / (kMinViewFrames / fps));
    const double length = m_span / std::clamp(zoom, 1.0, maxZoom);
    if (anchorX < 0) anchorX = xOfFrame(m_frame);
    const double anchorT = timeAtX(anchorX);
    const double fraction = (anchorX - kMargin) / std::max(1.0, width() - 2 * kMargin);
    setView(anchorT - fraction * length, length);
}

void TimelineWidget::zoomIn() { setZoom(zoom() * 1.5); }
void TimelineWidget::zoomOut() { setZoom(zoom() / 1.5); }

void TimelineWidget::setView(double start, double length) {
    m_viewLength = std::min(length, m_span);
    m_viewStart = std::clamp(start, m_first, m_first + m_span - m_viewLength);
    invalidate();
}

void TimelineWidget::invalidate() {
    m_cacheValid = false;
    update();
}

QRectF TimelineWidget::trackRect() const {
    return QRectF(kMargin, kRulerHeight + 2, width() - 2 * kMargin, height() - kRulerHeight - 6);
}

double TimelineWidget::xOfTime(double t) const {
    const QRectF r = trackRect();
    return r.left() + (t - m_viewStart) / m_viewLength * r.width();
}

double TimelineWidget::timeAtX(double x) const {
    const QRectF r = trackRect();
    return m_viewStart + (x - r.left()) / std::max(1.0, r.width()) * m_viewLength;
}

double TimelineWidget::xOfFrame(int frame) const {
    return m_recording ? xOfTime(frameTime(*m_recording, frame)) : kMargin;
}

int TimelineWidget::frameAtX(double x) const { return m_recording ? frameAtTime(*m_recording, timeAtX(x)) : 0; }

QRect TimelineWidget::playheadStrip(int frame) const {
    const int x = int(std::floor(xOfFrame(frame)));
    return QRect(x - 7, 0, 15, height());
}

QString TimelineWidget::describeAt(const QPoint& pos) const {
    if (!m_recording || m_recording->frames.empty()) return {};
    const int frame = frameAtX(pos.x());
    QStringList lines{tr("%1 · frame %2").arg(formatTime(frameTime(*m_recording, frame)), QString::number(frame))};
    const int from = frameAtX(pos.x() - kHoverPx), to = frameAtX(pos.x() + kHoverPx);
    lines << m_model->describeNear(frame, from, to, 6);
    return lines.join(QLatin1Char('\n'));
}

bool TimelineWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = describeAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    const qreal dpr = devicePixelRatioF();
    if (!m_cacheValid || m_cache.size() != size() * dpr) {
        m_cache = QPixmap(size() * dpr);
        m_cache.setDevicePixelRatio(dpr);
        QPainter cachePainter(&m_cache);
        paintStatic(cachePainter);
        m_cacheValid = true;
    }
    QPainter p(this);
    p.drawPixmap(0, 0, m_cache);
    if (!m_recording || m_recording->frames.empty()) return;
    // The playhead: a line through the track and a handle on the ruler.
    p.setRenderHint(QPainter::Antialiasing);
    const double x = std::round(xOfFrame(m_frame)) + 0.5;
    p.setPen(QPen(palette::playhead(), 1.5));
    p.drawLine(QPointF(x, kRulerHeight - 6), QPointF(x, height() - 2));
    QPainterPath handle;
    handle.moveTo(x - 6, 2);
    handle.lineTo(x + 6, 2);
    handle.lineTo(x + 6, kRulerHeight - 9);
    handle.lineTo(x, kRulerHeight - 3);
    handle.lineTo(x - 6, kRulerHeight - 9);
    handle.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(palette::playhead());
    p.drawPath(handle);
}

void TimelineWidget::paintStatic(QPainter& p) const {
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.window());
    p.fillRect(trackRect(), pal.base());
    if (!m_recording || m_recording->frames.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No recording"));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    paintRuler(p);
    p.save();
    p.setClipRect(trackRect().adjusted(-kMargin, 0, kMargin, 0));
    paintItems(p);
    p.restore();
    p.setPen(pal.color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(trackRect().adjusted(-0.5, -0.5, 0.5, 0.5));
}

void TimelineWidget::paintRuler(QPainter& p) const {
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    p.setFont(font);
    const QRectF track = trackRect();
    const double labelPx = QFontMetrics(font).horizontalAdvance(QStringLiteral("00:00.0")) + 16;
    const double step = niceTimeStep(m_viewLength, std::max(1.0, track.width() / labelPx));
    const int perMajor = step == 15 || step == 30 ? 3 : 5;
    const double minor = step / perMajor;
    const QColor tickColour = palette().color(QPalette::WindowText);
    // Integer tick numbers: no drift from adding up fractions of a second.
    for (long long k = std::llround(std::ceil(m_viewStart / minor)); k * minor <= m_viewStart + m_viewLength + 1e-9; ++k) {
        const double t = k * minor, x = xOfTime(t);
        const bool major = k % perMajor == 0;
        p.setPen(QPen(major ? tickColour : palette().color(QPalette::Mid), 1));
        p.drawLine(QPointF(x, kRulerHeight - (major ? 7 : 4)), QPointF(x, kRulerHeight));
        if (major) {
            p.setPen(tickColour);
            p.drawText(QRectF(x + 3, 0, 80, kRulerHeight - 5), Qt::AlignLeft | Qt::AlignVCenter, rulerLabel(t, step));
        }
    }
}

void TimelineWidget::paintItems(QPainter& p) const {
    const QRectF track = trackRect();
    const double top = track.top(), bottom = track.bottom();
    const double markerY = top + 3, tickTop = bottom - 14;
    // Model authority as a thin blue rail; takeovers cover it in orange.
    p.fillRect(QRectF(track.left(), bottom - 3, track.width(), 3), palette::model());
    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    p.setFont(font);
    const auto& items = m_model->items();
    for (const auto& item : items) {
        if (item.kind != TimelineModel::Takeover) continue;
        const double x0 = xOfFrame(item.frame), x1 = std::max(x0 + 2, xOfFrame(item.endFrame + 1));
        QColor fill = palette::driver();
        fill.setAlpha(70);
        const QRectF span(x0, top, x1 - x0, bottom - top);
        p.fillRect(span, fill);
        p.fillRect(QRectF(x0, bottom - 3, x1 - x0, 3), palette::driver());
        p.fillRect(QRectF(x0, top, 1.5, bottom - top), palette::driver());
        if (span.width() > 44) {
            p.setPen(palette::driver().darker(150));
            p.drawText(span.adjusted(4, 0, -2, -4), Qt::AlignLeft | Qt::AlignBottom, tr("driver"));
        }
    }
    m_bands.paint(p, bandArea(), [this](int frame) { return xOfFrame(frame); }, palette());
    for (const auto& item : items) {
        if (item.frame < 0) break;  // unaligned: listed in the model, not drawn
        const double x = xOfFrame(item.frame);
        if (x < track.left() - kMargin || x > track.right() + kMargin) continue;
        p.setPen(Qt::NoPen);
        switch (item.kind) {
        case TimelineModel::Decision:
            p.setPen(QPen(palette::speedCommand(item.speedCmd), 2, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(x, tickTop), QPointF(x, bottom - 4));
            break;
        case TimelineModel::Infraction: {
            const QPointF tri[] = {{x - 6, markerY}, {x + 6, markerY}, {x, markerY + 10}};
            p.setBrush(palette::infraction());
            p.setPen(QPen(palette::infraction().darker(130), 1));
            p.drawPolygon(tri, 3);
            p.setPen(QPen(palette::infraction(), 1, Qt::DotLine));
            p.drawLine(QPointF(x, markerY + 10), QPointF(x, tickTop));
            break;
        }
        case TimelineModel::Collision:
            p.setPen(QPen(palette::infraction(), 2.2, Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(x - 5, markerY), QPointF(x + 5, markerY + 10));
            p.drawLine(QPointF(x + 5, markerY), QPointF(x - 5, markerY + 10));
            break;
        case TimelineModel::Bookmark: {
            p.setPen(QPen(palette::bookmark(), 1.5));
            p.drawLine(QPointF(x, markerY), QPointF(x, markerY + 14));
            const QPointF flag[] = {{x, markerY}, {x + 8, markerY + 3.5}, {x, markerY + 7}};
            p.setPen(Qt::NoPen);
            p.setBrush(palette::bookmark());
            p.drawPolygon(flag, 3);
            break;
        }
        case TimelineModel::Note:
            p.setBrush(palette::note());
            p.drawEllipse(QPointF(x, markerY + 4), 3, 3);
            break;
        case TimelineModel::Takeover:
        default: break;
        }
    }
}

void TimelineWidget::resizeEvent(QResizeEvent*) { m_cacheValid = false; }

void TimelineWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) invalidate();
    QWidget::changeEvent(event);
}

void TimelineWidget::scrubTo(double x, bool force) {
    if (!m_recording || m_recording->frames.empty()) return;
    const int frame = frameAtX(std::clamp(x, trackRect().left(), trackRect().right()));
    if (!force && frame == m_lastSeek) return;
    m_lastSeek = frame;
    Q_EMIT seekRequested(frame);
}

SegmentBands::Hit TimelineWidget::bandAt(const QPointF& pos) const {
    if (!m_recording || m_recording->frames.empty()) return {};
    return m_bands.hit(pos, bandArea(), [this](int frame) { return xOfFrame(frame); });
}

void TimelineWidget::dragEdgeTo(double x) {
    const int frame = frameAtX(std::clamp(x, trackRect().left(), trackRect().right()));
    EdgeDrag& d = m_edgeDrag;
    const int first = d.edge == SegmentBands::StartEdge ? std::min(frame, d.last) : d.first;
    const int last = d.edge == SegmentBands::EndEdge ? std::max(frame, d.first) : d.last;
    if (first == d.first && last == d.last) return;
    d.first = first, d.last = last;
    Q_EMIT segmentEdgeDragged(d.id, first, last, d.gesture);
    if (frame != m_lastSeek) m_lastSeek = frame, Q_EMIT seekRequested(frame);  // show the frame at the edge
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    m_dragging = true;
    const SegmentBands::Hit hit = bandAt(event->position());
    Q_EMIT segmentClicked(hit.id);
    const Segment* s = hit.edge != SegmentBands::Body ? m_bands.find(hit.id) : nullptr;
    if (!s) return scrubTo(event->position().x(), true);
    m_edgeDrag = {s->id, hit.edge, s->startFrame, s->endFrame, ++m_gestures};
    m_lastSeek = hit.edge == SegmentBands::StartEdge ? s->startFrame : s->endFrame;
    Q_EMIT seekRequested(m_lastSeek);
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (m_edgeDrag.id) dragEdgeTo(event->position().x());
    else if (m_dragging) scrubTo(event->position().x(), false);
    else setCursor(bandAt(event->position()).edge != SegmentBands::Body ? Qt::SizeHorCursor : Qt::ArrowCursor);
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) m_dragging = false, m_lastSeek = -1, m_edgeDrag = {};
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
    const QPoint delta = event->angleDelta();
    const double notches = (delta.y() != 0 ? delta.y() : delta.x()) / 120.0;
    if (event->modifiers() & Qt::ControlModifier) {
        setZoom(zoom() * std::pow(1.25, notches), event->position().x());
    } else if (zoom() > 1.0001) {
        setView(m_viewStart - notches * 0.1 * m_viewLength, m_viewLength);
    } else {
        return event->ignore();
    }
    event->accept();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus: zoomOut(); break;
    case Qt::Key_0: setZoom(1); break;
    default: QWidget::keyPressEvent(event);
    }
}

}  // namespace corevla::ui
