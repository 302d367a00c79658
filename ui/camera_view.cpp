// SPDX-License-Identifier: MIT
#include "ui/camera_view.h"

#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <algorithm>
#include <cmath>

namespace corevla::ui {
namespace {

constexpr int kTitleHeight = 22;
const QColor kBackground(13, 15, 18), kTitleBackground(24, 27, 31), kTitleText(214, 218, 224),
    kMuted(128, 135, 145), kWarning(236, 170, 64), kPath(64, 224, 160);

}  // namespace

CameraView::CameraView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);  // every pixel is painted: Qt need not clear first
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void CameraView::setCamera(int camera, const QString& name, QSize imageSize) {
    m_camera = camera;
    m_name = name;
    m_imageSize = imageSize.isValid() && !imageSize.isEmpty() ? imageSize : QSize(16, 9);
    clear();
    Q_EMIT requestWidthChanged();
}

void CameraView::clear() {
    m_frame = m_index = m_shownFrame = -1;
    m_image = m_heat = QImage();
    m_error.clear();
    m_waypoints.clear();
    update();
}

void CameraView::setFrame(int frame, int index) {
    if (frame == m_frame && index == m_index) return;
    m_frame = frame;
    m_index = index;
    update(titleRect());
}

bool CameraView::setImage(int frame, const QImage& image) {
    if (frame != m_frame || image.isNull()) return false;
    m_image = image;
    m_error.clear();
    m_shownFrame = frame;
    update();
    return true;
}

bool CameraView::setError(int frame, const QString& error) {
    if (frame != m_frame) return false;
    m_image = QImage();
    m_error = error;
    m_shownFrame = frame;
    update();
    return true;
}

void CameraView::setWaypoints(const QVector<ProjectedPoint>& points) {
    if (points.isEmpty() && m_waypoints.isEmpty()) return;
    m_waypoints = points;
    update();
}

void CameraView::setHeat(const QImage& heat) {
    if (heat.isNull() && m_heat.isNull()) return;
    m_heat = heat;
    update();
}

QRect CameraView::imageRect() const {
    const QSize area(width(), std::max(0, height() - kTitleHeight));
    const QSize fitted = m_imageSize.scaled(area, Qt::KeepAspectRatio);
    return QRect((area.width() - fitted.width()) / 2, kTitleHeight + (area.height() - fitted.height()) / 2,
                 fitted.width(), fitted.height());
}

QRect CameraView::titleRect() const {
    // Sits on the image, so that a wide cell does not part name and picture.
    const QRect r = imageRect();
    return QRect(r.x(), r.y() - kTitleHeight, std::max(r.width(), 1), kTitleHeight);
}

int CameraView::requestWidth() const {
    return int(std::lround(imageRect().width() * devicePixelRatioF()));
}

void CameraView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int w = requestWidth();
    if (w != m_lastRequestWidth) {
        m_lastRequestWidth = w;
        Q_EMIT requestWidthChanged();
    }
}

void CameraView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), kBackground);
    const QRect r = imageRect();
    if (!m_error.isEmpty()) {
        paintPlaceholder(p, r);
    } else if (!m_image.isNull()) {
        // Images are decoded at the view's size: a plain blit unless a resize is pending.
        const bool exact = std::abs(m_image.width() - r.width() * devicePixelRatioF()) < 1;
        p.setRenderHint(QPainter::SmoothPixmapTransform, !exact);
        p.drawImage(r, m_image);
        if (!m_heat.isNull()) {
            p.setRenderHint(QPainter::SmoothPixmapTransform, true);
            p.drawImage(r, m_heat);
        }
        paintWaypoints(p, r);
    } else if (m_camera >= 0) {
        p.setPen(kMuted);
        p.drawText(r, Qt::AlignCenter, tr("Decoding…"));
    }
    paintTitle(p);
}

void CameraView::paintTitle(QPainter& p) {
    const QRect bar = titleRect();
    p.fillRect(bar, kTitleBackground);
    QFont font = p.font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() - 0.5));
    font.setBold(true);
    p.setFont(font);
    p.setPen(kTitleText);
    const QRect text = bar.adjusted(8, 0, -8, 0);
    p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, m_name);
    font.setBold(false);
    p.setFont(font);
    QString right = m_index >= 0 ? tr("frame %1").arg(m_index) : QString();
    const bool behind = m_frame >= 0 && m_shownFrame != m_frame;
    p.setPen(behind ? kWarning : kMuted);  // amber while the wanted frame is still decoding
    p.drawText(text, Qt::AlignRight | Qt::AlignVCenter, right);
}

void CameraView::paintPlaceholder(QPainter& p, const QRect& r) {
    p.fillRect(r, QColor(30, 24, 22));
    p.setPen(QPen(QColor(110, 70, 40), 1, Qt::DashLine));
    p.drawRect(r.adjusted(0, 0, -1, -1));
    p.setRenderHint(QPainter::Antialiasing, true);
    // A warning triangle drawn, not a glyph: offscreen fonts may lack one.
    const int s = std::clamp(r.height() / 6, 14, 36);
    const QPointF c(r.center().x(), r.center().y() - s * 0.9);
    QPainterPath triangle;
    triangle.moveTo(c.x(), c.y() - s / 2.0);
    triangle.lineTo(c.x() + s / 1.7, c.y() + s / 2.0);
    triangle.lineTo(c.x() - s / 1.7, c.y() + s / 2.0);
    triangle.closeSubpath();
    p.fillPath(triangle, kWarning);
    p.setPen(QPen(kBackground, std::max(2.0, s / 9.0)));
    p.drawLine(QPointF(c.x(), c.y() - s / 6.0), QPointF(c.x(), c.y() + s / 6.0));
    p.drawPoint(QPointF(c.x(), c.y() + s / 3.0));
    p.setPen(kTitleText);
    const QRect text(r.x() + 12, int(c.y() + s * 0.7), r.width() - 24, r.bottom() - int(c.y() + s * 0.7));
    p.drawText(text, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWrapAnywhere, m_error);
}

void CameraView::paintWaypoints(QPainter& p, const QRect& r) {
    if (m_waypoints.isEmpty()) return;
    const double scale = double(r.width()) / m_imageSize.width();
    QPolygonF line;
    for (const ProjectedPoint& w : m_waypoints) line << QPointF(r.x() + w.pixel.x() * scale, r.y() + w.pixel.y() * scale);
    p.save();
    p.setClipRect(r);
    p.setRenderHint(QPainter::Antialiasing, true);
    const double width = std::clamp(r.width() / 220.0, 1.5, 4.0);
    p.setPen(QPen(QColor(0, 0, 0, 140), width + 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(line);
    p.setPen(QPen(kPath, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPolyline(line);
    p.setPen(QPen(QColor(10, 40, 30), 1.2));
    p.setBrush(QColor(220, 255, 238));
    for (int i = 0; i < line.size(); ++i) {
        // Nearer waypoints are drawn larger, as the road is.
        const double radius = std::clamp(10.0 / m_waypoints[i].depth, 0.7, 1.5) * width;
        p.drawEllipse(line[i], radius, radius);
    }
    p.restore();
}

}  // namespace corevla::ui
