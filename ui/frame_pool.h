// SPDX-License-Identifier: MIT
// The GUI's face of the decode pool (importers/decode_pool.h): the workers
// convert each decoded cv::Mat to a QImage-ready layout (BGR to 32-bit RGB,
// gray stays Grayscale8), and completions reach the GUI thread as a queued
// signal. Images are wrapped, not copied: a QImage holds a reference to the
// cached Mat. The GUI thread never waits on decoding.
#pragma once

#include <QImage>
#include <QObject>
#include <QString>
#include <memory>
#include <vector>

#include "importers/media/decode_pool.h"

namespace corevla::ui {

class FramePool : public QObject {
    Q_OBJECT
public:
    struct Result {
        QImage image;
        QString error;  // "<file>: <reason>", file relative to the recording's root
        bool ready() const { return !image.isNull() || !error.isEmpty(); }
    };

    explicit FramePool(QObject* parent = nullptr, importers::DecodePoolOptions options = {});
    ~FramePool() override;

    void setRecording(const Recording& recording);
    void extendRecording(const Recording& recording);  // see DecodePool::extendRecording
    // The cached image (or error) at once, else an empty Result and a
    // frameReady() later. `width`: device pixels wanted; 0 for full size.
    Result request(int camera, int frame, int width);
    void setActive(std::vector<importers::DecodePool::Active> active);
    void setPlayhead(int frame, int direction, bool playing);

    // Wraps a Mat of the converted layout (8UC4 BGRA or 8UC1) without a copy.
    static QImage wrap(const cv::Mat& image);

Q_SIGNALS:
    // Only for images someone request()ed; prefetched ones are found by request().
    void frameReady(int camera, int frame, const QImage& image, const QString& error);

private:
    std::unique_ptr<importers::DecodePool> m_pool;
    std::uint64_t m_recording = 0;  // GUI thread only: completions of another recording are dropped
};

}  // namespace corevla::ui
