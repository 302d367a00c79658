// SPDX-License-Identifier: MIT
// A pair's prompt frames as a row of thumbnails, oldest first, the decision
// frame (the last) marked. It decodes through its own FramePool at thumbnail
// width, so opening a pair never waits on the GUI thread and never evicts
// the playback's full-size images.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QWidget>
#include <vector>

#include "storage/types.h"

namespace corevla::ui {

class FramePool;

class FrameStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr int kThumbWidth = 320;  // device pixels decoded per thumbnail

    explicit FrameStrip(QWidget* parent = nullptr);

    // The recording the frames come from; it must outlive its use here
    // (nullptr: none). A different recording resets the pool's cache.
    void setRecording(const Recording* recording);
    // camera: index into the recording's cameras; frames: Frame::index.
    void setFrames(int camera, const std::vector<int>& frames, int decisionFrame);
    void clear();
    // Decodes frames of this recording into the cache without showing them
    // (the queue's next pair, while the person reads this one).
    void prefetch(int camera, const std::vector<int>& frames);

    const std::vector<int>& frames() const { return m_frames; }
    int readyCount() const;       // thumbnails with an image or an error
    bool allShown() const { return m_shown; }  // every thumbnail ready and painted
    QString errorText(int i) const;
    FramePool* pool() const { return m_pool; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // Thumbnails as wide as they can be, captions under them. Not Qt's
    // height-for-width: a scroll area would then size the whole builder to
    // its preferred height; the strip fixes its own height on resize instead.
    int heightForWidth(int width) const override;

Q_SIGNALS:
    // The first paint with every thumbnail there; ms since setFrames().
    void framesShown(double ms);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Thumb {
        int index = 0, position = -1;
        QImage image;
        QString error;
        bool ready() const { return !image.isNull() || !error.isEmpty(); }
    };
    void onFrameReady(int camera, int position, const QImage& image, const QString& error);
    QRect cellRect(int i) const;
    QSize imageSize() const;  // the camera's, 16:9 when unknown
    void fitHeight();

    FramePool* m_pool;
    const Recording* m_recording = nullptr;
    std::int64_t m_recordingId = -1;
    int m_camera = -1, m_decision = -1;
    std::vector<int> m_frames;
    std::vector<Thumb> m_thumbs;
    QElapsedTimer m_opened;
    bool m_shown = false;
};

}  // namespace corevla::ui
