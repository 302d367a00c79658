// SPDX-License-Identifier: MIT
// One camera's image, letterboxed on a dark background under a title bar
// (camera name, frame). Until the wanted frame's image arrives the previous
// one stays (no flicker); a frame that failed shows a placeholder naming the
// file and the problem instead of a dialog. Overlays: projected waypoints
// and an attention heat map. Paints only; the panel feeds it.
#pragma once

#include <QImage>
#include <QWidget>

#include "ui/overlay.h"

namespace corevla::ui {

class CameraView : public QWidget {
    Q_OBJECT
public:
    explicit CameraView(QWidget* parent = nullptr);

    void setCamera(int camera, const QString& name, QSize imageSize);
    int camera() const { return m_camera; }
    QString name() const { return m_name; }

    // The frame wanted now. The title shows it at once; the image follows.
    // frame: the playback position the images are requested for; index: the
    // recording's Frame::index there, the number the title shows.
    void setFrame(int frame, int index);
    int frame() const { return m_frame; }
    int index() const { return m_index; }
    // The image or the failure of `frame`; false (ignored) unless it is the wanted frame.
    bool setImage(int frame, const QImage& image);
    bool setError(int frame, const QString& error);
    void clear();

    // Waypoints in pixels of the full-size image; empty: none.
    void setWaypoints(const QVector<ProjectedPoint>& points);
    // Premultiplied ARGB, stretched over the image; null: none.
    void setHeat(const QImage& heat);

    // Device pixels of the letterboxed image area: the width to decode at.
    int requestWidth() const;
    int shownFrame() const { return m_shownFrame; }  // -1: nothing shown yet
    const QImage& image() const { return m_image; }
    QString errorText() const { return m_error; }    // the placeholder's text; empty when an image shows
    bool hasHeat() const { return !m_heat.isNull(); }
    const QVector<ProjectedPoint>& waypoints() const { return m_waypoints; }

    QSize sizeHint() const override { return {480, 292}; }
    QSize minimumSizeHint() const override { return {160, 110}; }

Q_SIGNALS:
    void requestWidthChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QRect imageRect() const;
    QRect titleRect() const;
    void paintTitle(QPainter& p);
    void paintPlaceholder(QPainter& p, const QRect& r);
    void paintWaypoints(QPainter& p, const QRect& r);

    int m_camera = -1, m_frame = -1, m_index = -1, m_shownFrame = -1, m_lastRequestWidth = 0;
    QString m_name, m_error;
    QSize m_imageSize{16, 9};
    QImage m_image, m_heat;
    QVector<ProjectedPoint> m_waypoints;
};

}  // namespace corevla::ui
