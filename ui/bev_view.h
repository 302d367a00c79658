// SPDX-License-Identifier: MIT
// Bird's-eye view around the ego: heading up, a 10 m grid fixed to the
// world (so it flows past as the ego drives), the surrounding boxes of the
// frame, the ego's path over the last 10 s, the model's planned waypoints
// and a scale bar. Wheel zooms. Painting reads the frame directly; nothing
// is rebuilt per frame.
#pragma once

#include <QTransform>
#include <QWidget>

#include "storage/types.h"

namespace corevla::ui {

class BevView : public QWidget {
    Q_OBJECT
public:
    explicit BevView(QWidget* parent = nullptr);

    void setRecording(const Recording& recording);
    void setFrame(int frame);

    double range() const { return m_range; }  // metres across the shorter side
    void setRange(double metres);             // clamped to 10..400
    int lastDrawnObjects() const { return m_drawnObjects; }  // boxes in view at the last paint
    // World (CARLA) -> widget coordinates at the current frame.
    QTransform worldTransform() const;

    QSize sizeHint() const override { return {360, 360}; }
    QSize minimumSizeHint() const override { return {160, 160}; }


protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void paintGrid(QPainter& p, const QTransform& world) const;
    void paintObjects(QPainter& p, const QTransform& world, const Frame& frame, double scale);
    void paintPaths(QPainter& p, const QTransform& world, const QTransform& ego, const Frame& frame) const;
    void paintEgo(QPainter& p, const QTransform& ego) const;
    void paintOverlay(QPainter& p, const Frame& frame, double scale) const;

    const Recording* m_recording = nullptr;
    int m_position = -1;  // into m_recording->frames
    double m_range = 60;
    float m_egoLength = 4.6f, m_egoWidth = 2.0f;
    int m_drawnObjects = 0;
};

}  // namespace corevla::ui
