// SPDX-License-Identifier: MIT
#include "ui/frame_pool.h"

#include <QMetaObject>
#include <algorithm>

namespace corevla::ui {

FramePool::FramePool(QObject* parent, importers::DecodePoolOptions options) : QObject(parent) {
    options.convert = importers::toBgra32;  // the 32-bit layout QPainter blits fastest, made on the workers
    options.workerNice = std::max(options.workerNice, 3);  // painting comes before decoding ahead
    m_pool = std::make_unique<importers::DecodePool>(std::move(options));
    m_pool->setCallback([this](const importers::DecodeResult& r) {
        if (!r.requested) return;
        // Queued to this object's (the GUI) thread; dropped if it is gone by
        // then, or if another recording was opened meanwhile.
        QMetaObject::invokeMethod(
            this,
            [this, key = r.key, recording = r.recording, image = wrap(r.image), error = QString::fromStdString(r.error)] {
                if (recording == m_recording) Q_EMIT frameReady(key.camera, key.frame, image, error);
            },
            Qt::QueuedConnection);
    });
}

FramePool::~FramePool() {
    m_pool.reset();  // joins the workers while `this` is still whole
}

void FramePool::setRecording(const Recording& recording) { m_recording = m_pool->setRecording(recording); }

void FramePool::extendRecording(const Recording& recording) { m_pool->extendRecording(recording); }

FramePool::Result FramePool::request(int camera, int frame, int width) {
    const auto lookup = m_pool->request(camera, frame, width);
    return {wrap(lookup.image), QString::fromStdString(lookup.error)};
}

void FramePool::setActive(std::vector<importers::DecodePool::Active> active) { m_pool->setActive(std::move(active)); }

void FramePool::setPlayhead(int frame, int direction, bool playing) { m_pool->setPlayhead(frame, direction, playing); }

QImage FramePool::wrap(const cv::Mat& image) {
    if (image.empty() || image.depth() != CV_8U || (image.channels() != 4 && image.channels() != 1)) return {};
    // The QImage keeps the Mat (and so the cached buffer) alive until it is released.
    auto* keep = new cv::Mat(image);
    return QImage(keep->data, keep->cols, keep->rows, int(keep->step[0]),
                  keep->channels() == 4 ? QImage::Format_RGB32 : QImage::Format_Grayscale8,
                  [](void* mat) { delete static_cast<cv::Mat*>(mat); }, keep);
}

}  // namespace corevla::ui
