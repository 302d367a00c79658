// SPDX-License-Identifier: MIT
// The whole recording on one strip: a seconds ruler, takeover spans, the
// model's decision ticks, infraction / collision / bookmark markers, the
// segments as bands and the playhead. Click or drag scrubs (seekRequested)
// and a click selects the band under it; dragging a band's edge moves it
// (segmentEdgeDragged). Ctrl+wheel or +/- zooms, the wheel scrolls while
// zoomed. Everything but the playhead is painted once into a cached pixmap,
// so setFrame() only repaints two thin strips.
#pragma once

#include <QPixmap>
#include <QWidget>

#include "storage/annotation.h"
#include "storage/types.h"
#include "ui/segment_bands.h"

namespace corevla::ui {

class TimelineModel;

class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setRecording(const Recording& recording);
    // The recording's events changed (a bookmark): the view stays where it is.
    void refresh();
    void setFrame(int frame);
    void setSegments(std::vector<Segment> segments, std::int64_t selected);
    const SegmentBands& bands() const { return m_bands; }
    QRectF bandArea() const;  // where the bands are drawn
    int frame() const { return m_frame; }
    // The rows painted here; also what the main window's jump actions ask.
    TimelineModel* model() const { return m_model; }

    double zoom() const;  // 1 = whole recording
    void setZoom(double zoom, double anchorX = -1);  // anchorX: the x that stays put (-1: the playhead)
    void zoomIn();
    void zoomOut();

    int frameAtX(double x) const;
    double xOfFrame(int frame) const;
    // What a hover at pos shows: time, frame and the items under it.
    QString describeAt(const QPoint& pos) const;

    QSize sizeHint() const override { return {640, 92}; }
    QSize minimumSizeHint() const override { return {160, 86}; }

Q_SIGNALS:
    void seekRequested(int frame);
    void segmentClicked(std::int64_t id);  // 0: a click beside every band
    // An edge being dragged: the segment's new frames. One number per drag gesture.
    void segmentEdgeDragged(std::int64_t id, int first, int last, int gesture);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QRectF trackRect() const;
    double xOfTime(double t) const;
    double timeAtX(double x) const;
    void setView(double start, double length);
    void invalidate();
    void paintStatic(QPainter& p) const;
    void paintRuler(QPainter& p) const;
    void paintItems(QPainter& p) const;
    QRect playheadStrip(int frame) const;
    void scrubTo(double x, bool force);
    void dragEdgeTo(double x);
    SegmentBands::Hit bandAt(const QPointF& pos) const;

    const Recording* m_recording = nullptr;
    TimelineModel* m_model;
    int m_frame = 0, m_lastSeek = -1;
    double m_first = 0, m_span = 1;              // the recording's time axis
    double m_viewStart = 0, m_viewLength = 1;    // what is visible, seconds
    QPixmap m_cache;
    bool m_cacheValid = false, m_dragging = false;
    SegmentBands m_bands;
    struct EdgeDrag {
        std::int64_t id = 0;  // 0: none
        SegmentBands::Edge edge = SegmentBands::Body;
        int first = 0, last = 0, gesture = 0;
    } m_edgeDrag;
    int m_gestures = 0;
};

}  // namespace corevla::ui
