// SPDX-License-Identifier: MIT
// The open recording's segments as bands on the timeline: laid out in lanes
// (overlapping segments side by side, not on top of each other), painted
// by kind with the selected one outlined, and hit-tested for the timeline's
// mouse: a click on a band selects it, a press on an edge drags that edge.
#pragma once

#include <QColor>
#include <QRectF>
#include <functional>
#include <vector>

#include "storage/annotation.h"

class QPainter;
class QPalette;

namespace corevla::ui {

class SegmentBands {
public:
    using XOfFrame = std::function<double(int frame)>;
    enum Edge { Body = 0, StartEdge = 1, EndEdge = 2 };
    struct Hit {
        std::int64_t id = 0;  // 0: no band there
        Edge edge = Body;
    };

    void setSegments(std::vector<Segment> segments, std::int64_t selected);
    const std::vector<Segment>& segments() const { return m_segments; }
    std::int64_t selected() const { return m_selected; }
    const Segment* find(std::int64_t id) const;

    // `area`: the strip of the track the bands share; x(frame) the left edge of a frame.
    void paint(QPainter& p, const QRectF& area, const XOfFrame& x, const QPalette& palette) const;
    // Edges win over bodies, the selected band's over others', within a few pixels.
    Hit hit(const QPointF& pos, const QRectF& area, const XOfFrame& x) const;
    static QColor colour(SegmentKind kind);

private:
    QRectF bandRect(std::size_t i, const QRectF& area, const XOfFrame& x) const;

    std::vector<Segment> m_segments;
    std::vector<int> m_lane;  // per segment
    int m_lanes = 1;
    std::int64_t m_selected = 0;
};

}  // namespace corevla::ui
