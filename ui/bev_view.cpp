// SPDX-License-Identifier: MIT
// Coordinates: CARLA's world is left-handed (x east, y south, yaw turning x
// toward y) and so is the screen (x right, y down), so world -> screen is a
// pure rotation + scale, never a mirror. Ego frame: x forward, y right.
#include "ui/bev_view.h"

#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/spans.h"

namespace corevla::ui {
namespace {

constexpr double kEgoAt = 0.62;   // ego sits a little below centre: more road ahead than behind
constexpr double kPathSeconds = 10;
constexpr double kGrid = 10;

QPen cosmetic(const QColor& colour, double width, Qt::PenStyle style = Qt::SolidLine) {
    QPen pen(colour, width, style, Qt::RoundCap, Qt::RoundJoin);
    pen.setCosmetic(true);
    return pen;
}

QColor classColour(const std::string& cls) {
    if (cls == "vehicle") return QColor(0x4A, 0x78, 0xC2);
    if (cls == "walker") return QColor(0xE0, 0x45, 0x7B);
    if (cls == "emergency_vehicle") return QColor(0xF4, 0x51, 0x1E);
    if (cls == "traffic_light") return QColor(0xF2, 0xA9, 0x00);
    if (cls == "traffic_sign") return QColor(0x8D, 0x99, 0xA6);
    return QColor(0xA0, 0xAE, 0xBA);
}

}  // namespace

BevView::BevView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Bird's-eye view, heading up. Wheel: zoom"));
}

void BevView::setRecording(const Recording& recording) {
    m_recording = &recording;
    m_position = recording.frames.empty() ? -1 : 0;
    update();
}

void BevView::setFrame(int frame) {
    if (!m_recording) return;
    const int position = framePosition(*m_recording, frame);
    if (position == m_position) return;
    m_position = position;
    update();
}

void BevView::setRange(double metres) {
    m_range = std::clamp(metres, 10.0, 400.0);
    update();
}

void BevView::wheelEvent(QWheelEvent* event) {
    setRange(m_range * std::pow(1.2, -event->angleDelta().y() / 120.0));
    event->accept();
}

void BevView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    m_drawnObjects = 0;
    if (!m_recording || m_position < 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No recording"));
        return;
    }
    p.setRenderHint(QPainter::Antialiasing);
    const Frame& frame = m_recording->frames[m_position];
    const double s = std::min(width(), height()) / m_range;  // pixels per metre
    const QTransform world = worldTransform();
    const QTransform ego(0, -s, s, 0, width() / 2.0, height() * kEgoAt);

    paintGrid(p, world);
    paintPaths(p, world, ego, frame);
    paintObjects(p, world, frame, s);
    paintEgo(p, ego);
    p.resetTransform();
    paintOverlay(p, frame, s);
}

QTransform BevView::worldTransform() const {
    if (!m_recording || m_position < 0) return {};
    const Frame& frame = m_recording->frames[m_position];
    const double s = std::min(width(), height()) / m_range;  // pixels per metre
    const double cx = width() / 2.0, cy = height() * kEgoAt;
    const double c = std::cos(frame.egoYaw), sn = std::sin(frame.egoYaw);
    // screen = centre + s * (right, -forward), where forward/right are the
    // ego-frame coordinates of (world - ego).
    const QTransform rotation(-s * sn, -s * c, s * c, -s * sn, 0, 0);
    const QPointF shift = rotation.map(QPointF(frame.egoX, frame.egoY));
    return QTransform(rotation.m11(), rotation.m12(), rotation.m21(), rotation.m22(), cx - shift.x(), cy - shift.y());
}

void BevView::paintGrid(QPainter& p, const QTransform& world) const {
    const QRectF area = world.inverted().mapRect(QRectF(rect()));
    p.setTransform(world);
    p.setPen(cosmetic(QColor(0xE4, 0xE8, 0xEC), 1));
    for (double x = std::floor(area.left() / kGrid) * kGrid; x <= area.right(); x += kGrid)
        p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    for (double y = std::floor(area.top() / kGrid) * kGrid; y <= area.bottom(); y += kGrid)
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
}

void BevView::paintPaths(QPainter& p, const QTransform& world, const QTransform& ego, const Frame& frame) const {
    // Where the ego came from: the last 10 s of its positions.
    const auto& frames = m_recording->frames;
    const double since = frame.t - kPathSeconds;
    QPolygonF past;
    for (int i = m_position; i >= 0 && frames[i].t >= since; --i) past << QPointF(frames[i].egoX, frames[i].egoY);
    if (past.size() > 1) {
        p.setTransform(world);
        p.setPen(cosmetic(QColor(0x78, 0x90, 0x9C, 170), 3));
        p.drawPolyline(past);
    }
    // Where the model plans to go, in the ego frame.
    if (frame.waypoints.empty()) return;
    QPolygonF plan;
    plan << QPointF(0, 0);
    for (const auto& [x, y] : frame.waypoints) plan << QPointF(x, y);
    p.setTransform(ego);
    p.setPen(cosmetic(QColor(0x12, 0xA1, 0x50), 2.5));
    p.drawPolyline(plan);
    p.resetTransform();
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x12, 0xA1, 0x50));
    for (int i = 1; i < plan.size(); ++i) p.drawEllipse(ego.map(plan[i]), 3, 3);
}

void BevView::paintObjects(QPainter& p, const QTransform& world, const Frame& frame, double scale) {
    const QRectF view = QRectF(rect()).adjusted(-3 * scale, -3 * scale, 3 * scale, 3 * scale);
    m_egoLength = 4.6f, m_egoWidth = 2.0f;
    for (const SceneObject& o : frame.objects) {
        if (o.cls == "ego_vehicle") {
            if (o.length > 0 && o.width > 0) m_egoLength = o.length, m_egoWidth = o.width;
            continue;
        }
        if (!view.contains(world.map(QPointF(o.x, o.y)))) continue;  // off screen (a few metres' slack)
        ++m_drawnObjects;
        const QColor colour = classColour(o.cls);
        p.setTransform(QTransform().translate(o.x, o.y).rotateRadians(o.yaw) * world);
        if (o.cls == "traffic_light" || o.cls == "traffic_sign") {
            // Poles: a fixed small symbol, whatever their recorded extent.
            const double r = 4.5 / scale;
            p.setPen(cosmetic(colour.darker(140), 1));
            p.setBrush(colour);
            if (o.cls == "traffic_light") p.drawEllipse(QPointF(0, 0), r, r);
            else p.drawRect(QRectF(-r * 0.8, -r * 0.8, 1.6 * r, 1.6 * r));
            continue;
        }
        const double l = std::max(0.5f, o.length), w = std::max(0.5f, o.width);
        QColor fill = colour;
        fill.setAlpha(o.cls == "vehicle" ? 150 : 200);
        p.setPen(cosmetic(colour.darker(130), 1.2));
        p.setBrush(fill);
        p.drawRect(QRectF(-l / 2, -w / 2, l, w));
        if (l > 1.5) {  // a chevron at the front shows the heading
            const double back = l / 2 - std::min(1.4, l / 3);
            const QPointF nose[] = {{l / 2, 0}, {back, -w / 2 + 0.2}, {back, w / 2 - 0.2}};
            p.setPen(Qt::NoPen);
            p.setBrush(colour.darker(140));
            p.drawPolygon(nose, 3);
        }
    }
}

void BevView::paintEgo(QPainter& p, const QTransform& ego) const {
    // In the ego frame: x forward (up on screen), y right.
    p.setTransform(ego);
    const double l = m_egoLength, w = m_egoWidth;
    p.setPen(cosmetic(QColor(0x10, 0x18, 0x20), 1.5));
    p.setBrush(QColor(0x26, 0x32, 0x38));
    p.drawRoundedRect(QRectF(-l / 2, -w / 2, l, w), 0.3, 0.3);
    const QPointF nose[] = {{l / 2 - 0.2, 0}, {l / 2 - 1.3, -w / 2 + 0.35}, {l / 2 - 1.3, w / 2 - 0.35}};
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    p.drawPolygon(nose, 3);
}

void BevView::paintOverlay(QPainter& p, const Frame& frame, double scale) const {
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    p.setFont(f);
    const QColor text = palette().color(QPalette::Text);
    // Scale bar: a round length about a fifth of the width.
    static const double lengths[] = {1, 2, 5, 10, 20, 50, 100, 200};
    double metres = lengths[0];
    for (double m : lengths)
        if (m * scale <= width() / 4.0) metres = m;
    const double px = metres * scale, x0 = 12, y0 = height() - 14;
    p.setPen(cosmetic(text, 2, Qt::SolidLine));
    p.drawLine(QPointF(x0, y0), QPointF(x0 + px, y0));
    p.drawLine(QPointF(x0, y0 - 4), QPointF(x0, y0 + 1));
    p.drawLine(QPointF(x0 + px, y0 - 4), QPointF(x0 + px, y0 + 1));
    p.drawText(QRectF(x0, y0 - 20, px + 40, 16), Qt::AlignLeft | Qt::AlignBottom, tr("%1 m").arg(metres));

    QStringList lines;
    lines << (frame.speed ? tr("%1 m/s").arg(*frame.speed, 0, 'f', 1) : tr("speed n/a"));
    if (frame.objects.empty()) lines << tr("no scene objects — ego path only");
    else lines << tr("%n object(s) in view", nullptr, m_drawnObjects);
    if (!frame.waypoints.empty()) lines << tr("planned path");
    const QFontMetrics fm(f);
    QRectF box(8, 8, 0, lines.size() * fm.height() + 8);
    for (const QString& line : lines) box.setWidth(std::max(box.width(), fm.horizontalAdvance(line) + 16.0));
    QColor panel = palette().color(QPalette::Base);
    panel.setAlpha(215);
    p.setPen(cosmetic(QColor(0xCF, 0xD6, 0xDD), 1));
    p.setBrush(panel);
    p.drawRoundedRect(box, 4, 4);
    p.setPen(text);
    p.drawText(box.adjusted(8, 4, -8, -4), Qt::AlignLeft | Qt::AlignTop, lines.join(QLatin1Char('\n')));
}

}  // namespace corevla::ui
