// SPDX-License-Identifier: MIT
#include "ui/segment_bands.h"

#include <QPainter>
#include <QPalette>
#include <algorithm>

namespace corevla::ui {
namespace {

constexpr double kEdgePx = 5;  // how near an edge a press grabs it

QString label(const Segment& s) {
    return s.category.empty() ? QString::fromLatin1(segmentKindName(s.kind)) : QString::fromStdString(s.category);
}

}  // namespace

// Not the driver's orange: a takeover segment lies on the takeover span it covers.
QColor SegmentBands::colour(SegmentKind kind) {
    switch (kind) {
    case SegmentKind::Takeover: return QColor(0x45, 0x5A, 0x64);
    case SegmentKind::Infraction: return QColor(0xC6, 0x28, 0x28);
    case SegmentKind::Divergence: return QColor(0x8E, 0x24, 0xAA);
    case SegmentKind::Manual: return QColor(0x00, 0x89, 0x7B);
    }
    return Qt::gray;
}

void SegmentBands::setSegments(std::vector<Segment> segments, std::int64_t selected) {
    m_segments = std::move(segments);
    m_selected = selected;
    // Greedy lanes in start order: a band goes to the first lane free at its start.
    std::vector<std::size_t> order(m_segments.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        return m_segments[a].startFrame < m_segments[b].startFrame;
    });
    std::vector<int> laneEnds;
    m_lane.assign(m_segments.size(), 0);
    for (std::size_t i : order) {
        const Segment& s = m_segments[i];
        std::size_t lane = 0;
        while (lane < laneEnds.size() && laneEnds[lane] >= s.startFrame) ++lane;
        if (lane == laneEnds.size()) laneEnds.push_back(0);
        laneEnds[lane] = s.endFrame;
        m_lane[i] = int(lane);
    }
    m_lanes = std::max<int>(1, int(laneEnds.size()));
}

const Segment* SegmentBands::find(std::int64_t id) const {
    const auto it = std::find_if(m_segments.begin(), m_segments.end(), [id](const Segment& s) { return s.id == id; });
    return it == m_segments.end() ? nullptr : &*it;
}

QRectF SegmentBands::bandRect(std::size_t i, const QRectF& area, const XOfFrame& x) const {
    const Segment& s = m_segments[i];
    const double laneHeight = area.height() / m_lanes;
    const double x0 = x(s.startFrame), x1 = std::max(x0 + 3, x(s.endFrame + 1));
    return QRectF(x0, area.top() + m_lane[i] * laneHeight + 1, x1 - x0, laneHeight - 2);
}

void SegmentBands::paint(QPainter& p, const QRectF& area, const XOfFrame& x, const QPalette& palette) const {
    p.save();
    QFont font = p.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    p.setFont(font);
    const QFontMetricsF metrics(font);
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        const Segment& s = m_segments[i];
        const QRectF r = bandRect(i, area, x);
        if (r.right() < area.left() - 20 || r.left() > area.right() + 20) continue;
        const bool selected = s.id == m_selected;
        QColor fill = colour(s.kind);
        fill.setAlpha(selected ? 200 : 110);
        p.setPen(selected ? QPen(palette.color(QPalette::Highlight).darker(140), 2) : QPen(colour(s.kind).darker(130), 1));
        p.setBrush(fill);
        p.drawRoundedRect(r, 2.5, 2.5);
        if (selected) {  // grips on the edges that can be dragged
            p.setPen(Qt::NoPen);
            p.setBrush(palette.color(QPalette::Highlight).darker(140));
            p.drawRect(QRectF(r.left() - 1, r.top() + 2, 3, r.height() - 4));
            p.drawRect(QRectF(r.right() - 2, r.top() + 2, 3, r.height() - 4));
        }
        const QString text = metrics.elidedText(label(s), Qt::ElideRight, r.width() - 8);
        if (r.width() > 30 && !text.isEmpty() && r.height() >= metrics.height() - 2) {
            p.setPen(selected ? Qt::white : fill.darker(220));
            p.drawText(r.adjusted(5, 0, -3, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
        }
    }
    p.restore();
}

SegmentBands::Hit SegmentBands::hit(const QPointF& pos, const QRectF& area, const XOfFrame& x) const {
    Hit best;
    double bestDistance = kEdgePx + 1;
    for (std::size_t i = 0; i < m_segments.size(); ++i) {
        const QRectF r = bandRect(i, area, x);
        if (pos.y() < r.top() - 1 || pos.y() > r.bottom() + 1) continue;
        const std::int64_t id = m_segments[i].id;
        const double bias = id == m_selected ? 0.5 : 0;  // ties go to the selected band
        const double toStart = std::abs(pos.x() - r.left()) - bias, toEnd = std::abs(pos.x() - r.right()) - bias;
        if (std::min(toStart, toEnd) < bestDistance) {
            bestDistance = std::min(toStart, toEnd);
            best = {id, toStart <= toEnd ? StartEdge : EndEdge};
        } else if (!best.id && r.contains(pos)) {
            best = {id, Body};
        }
    }
    return best;
}

}  // namespace corevla::ui
