// SPDX-License-Identifier: MIT
#include "ui/frame_strip.h"

#include <QPainter>
#include <algorithm>

#include "storage/recording_time.h"
#include "ui/frame_pool.h"
#include "ui/spans.h"

namespace corevla::ui {
namespace {

constexpr int kGap = 6, kCaption = 18, kSlots = 5;
const QColor kBackground(13, 15, 18), kMuted(128, 135, 145);

}  // namespace

FrameStrip::FrameStrip(QWidget* parent) : QWidget(parent), m_pool(new FramePool(this)) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    fitHeight();
    connect(m_pool, &FramePool::frameReady, this, &FrameStrip::onFrameReady);
}

QSize FrameStrip::sizeHint() const {
    const int width = kSlots * 200 + (kSlots - 1) * kGap;
    return {width, heightForWidth(width)};
}

QSize FrameStrip::minimumSizeHint() const { return {kSlots * 80, heightForWidth(kSlots * 80)}; }

int FrameStrip::heightForWidth(int width) const {
    const QSize image = imageSize();
    const int cell = (width - (kSlots - 1) * kGap) / kSlots;
    return cell * image.height() / std::max(1, image.width()) + kCaption + 2;
}

void FrameStrip::fitHeight() {
    const int h = heightForWidth(width());
    if (h != minimumHeight() || h != maximumHeight()) setFixedHeight(h);
}

void FrameStrip::resizeEvent(QResizeEvent*) { fitHeight(); }

QSize FrameStrip::imageSize() const {
    if (!m_recording || m_camera < 0 || m_camera >= int(m_recording->cameras.size())) return {16, 9};
    const Camera& c = m_recording->cameras[std::size_t(m_camera)];
    return c.width > 0 && c.height > 0 ? QSize(c.width, c.height) : QSize(16, 9);
}

void FrameStrip::setRecording(const Recording* recording) {
    if (recording == m_recording) return;
    clear();
    m_recording = recording;
    if (recording) m_pool->setRecording(*recording);  // drops the cache of the previous one
}

void FrameStrip::clear() {
    m_frames.clear();
    m_thumbs.clear();
    m_camera = m_decision = -1;
    m_shown = false;
    update();
}

void FrameStrip::setFrames(int camera, const std::vector<int>& frames, int decisionFrame) {
    const QSize before = imageSize();
    m_camera = camera;
    if (imageSize() != before) fitHeight();
    m_frames = frames;
    m_decision = decisionFrame;
    m_shown = false;
    m_opened.start();
    m_thumbs.assign(frames.size(), {});
    const bool known = m_recording && camera >= 0 && camera < int(m_recording->cameras.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        Thumb& t = m_thumbs[i];
        t.index = frames[i];
        const int position = m_recording ? framePosition(*m_recording, t.index) : -1;
        if (!known || position < 0 || m_recording->frames[std::size_t(position)].index != t.index) {
            t.error = known ? tr("frame %1 is not in the recording").arg(t.index) : tr("no such camera");
            continue;
        }
        t.position = position;
        const auto result = m_pool->request(camera, position, kThumbWidth);
        t.image = result.image;
        t.error = result.error;
    }
    update();
}

void FrameStrip::prefetch(int camera, const std::vector<int>& frames) {
    if (!m_recording || camera < 0 || camera >= int(m_recording->cameras.size())) return;
    for (int index : frames) {
        const int position = framePosition(*m_recording, index);
        if (position >= 0 && m_recording->frames[std::size_t(position)].index == index)
            m_pool->request(camera, position, kThumbWidth);
    }
}

void FrameStrip::onFrameReady(int camera, int position, const QImage& image, const QString& error) {
    if (camera != m_camera) return;
    bool changed = false;
    for (Thumb& t : m_thumbs) {
        if (t.position != position || t.ready()) continue;
        t.image = image;
        t.error = image.isNull() ? error : QString();
        changed = true;
    }
    if (changed) update();
}

int FrameStrip::readyCount() const {
    return int(std::count_if(m_thumbs.begin(), m_thumbs.end(), [](const Thumb& t) { return t.ready(); }));
}

QString FrameStrip::errorText(int i) const {
    return i >= 0 && i < int(m_thumbs.size()) ? m_thumbs[std::size_t(i)].error : QString();
}

QRect FrameStrip::cellRect(int i) const {
    const int slots = std::max(kSlots, int(m_thumbs.size()));
    const int w = (width() - (slots - 1) * kGap) / slots;
    return QRect(i * (w + kGap), 0, w, height());
}

void FrameStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    const QSize source = imageSize();
    const double tDecision = m_recording ? frameTime(*m_recording, m_decision) : 0;
    for (int i = 0; i < int(m_thumbs.size()); ++i) {
        const Thumb& t = m_thumbs[std::size_t(i)];
        const QRect cell = cellRect(i);
        const QRect area(cell.left(), cell.top(), cell.width(), cell.height() - kCaption);
        const QSize fitted = source.scaled(area.size(), Qt::KeepAspectRatio);
        const QRect image(area.left() + (area.width() - fitted.width()) / 2, area.top(), fitted.width(), fitted.height());
        p.fillRect(image, kBackground);
        if (!t.image.isNull()) {
            p.drawImage(image, t.image);
        } else {
            p.setPen(t.error.isEmpty() ? kMuted : palette::infraction());
            p.drawText(image.adjusted(4, 4, -4, -4), Qt::AlignCenter | Qt::TextWordWrap,
                       t.error.isEmpty() ? tr("decoding…") : t.error);
        }
        const bool decision = t.index == m_decision;
        if (decision) {
            p.setPen(QPen(palette::driver(), 3));
            p.drawRect(image.adjusted(1, 1, -2, -2));
        }
        const double dt = m_recording ? frameTime(*m_recording, t.index) - tDecision : 0;
        const QString caption = decision ? tr("frame %1 · decision").arg(t.index)
                                         : tr("frame %1 · %2 s").arg(t.index).arg(dt, 0, 'f', 1);
        p.setPen(decision ? palette::driver() : palette().color(QPalette::WindowText));
        QFont f = font();
        f.setBold(decision);
        p.setFont(f);
        p.drawText(QRect(image.left(), image.bottom() + 2, image.width(), kCaption - 2), Qt::AlignHCenter | Qt::AlignTop,
                   caption);
    }
    if (m_thumbs.empty()) {
        p.setPen(kMuted);
        p.drawText(rect(), Qt::AlignCenter, tr("No prompt frames"));
    }
    if (!m_shown && !m_thumbs.empty() && readyCount() == int(m_thumbs.size())) {
        m_shown = true;
        Q_EMIT framesShown(double(m_opened.nsecsElapsed()) / 1e6);
    }
}

}  // namespace corevla::ui
