// SPDX-License-Identifier: MIT
#include "ui/transport.h"

#include <algorithm>
#include <cmath>

namespace corevla::ui {

Transport::Transport(QObject* parent) : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(10);  // finer than any frame period we play at (80 Hz at 8x)
    connect(&m_timer, &QTimer::timeout, this, &Transport::tick);
}

void Transport::setRange(int frameCount, double fps) {
    pause();
    clearLoop();
    m_frameCount = std::max(0, frameCount);
    m_fps = fps > 0 ? fps : 10;
    m_frame = -1;  // force a frameChanged for frame 0
    setFrame(0);
}

void Transport::setFrameCount(int frameCount) {
    m_frameCount = std::max(0, frameCount);
    if (m_frame >= m_frameCount) setFrame(m_frameCount - 1);
}

void Transport::setFrame(int frame) {
    frame = std::clamp(frame, 0, std::max(0, m_frameCount - 1));
    if (frame == m_frame) return;
    m_frame = frame;
    Q_EMIT frameChanged(frame);
}

void Transport::seek(int frame) {
    setFrame(frame);
    restartClock();
}

void Transport::step(int frames) {
    pause();
    setFrame(m_frame + frames);
}

void Transport::restartClock() {
    m_anchorFrame = m_frame;
    m_clock.restart();
}

void Transport::play() {
    if (m_playing || m_frameCount < 2) return;
    if (isLooping()) {
        if (m_frame < m_loopFirst || m_frame > m_loopLast) setFrame(m_rate > 0 ? m_loopFirst : m_loopLast);
    } else {
        // Playing from the end forward (or the start backward) starts over.
        if (m_rate > 0 && m_frame >= m_frameCount - 1) setFrame(0);
        if (m_rate < 0 && m_frame <= 0) setFrame(m_frameCount - 1);
    }
    m_playing = true;
    restartClock();
    m_timer.start();
    Q_EMIT playingChanged(true);
}

void Transport::pause() {
    if (!m_playing) return;
    m_playing = false;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

void Transport::togglePlay() { m_playing ? pause() : play(); }

void Transport::setRate(double rate) {
    const double magnitude = std::clamp(std::abs(rate), kMinRate, kMaxRate);
    const double signedRate = rate < 0 ? -magnitude : magnitude;
    if (signedRate == m_rate) return;
    m_rate = signedRate;
    restartClock();
    Q_EMIT rateChanged(m_rate);
}

void Transport::shuttleForward() {
    if (m_playing && m_rate > 0) {
        setRate(m_rate * 2);
        return;
    }
    setRate(1);
    play();
}

void Transport::shuttleReverse() {
    if (m_playing && m_rate < 0) {
        setRate(m_rate * 2);
        return;
    }
    setRate(-1);
    play();
}

void Transport::slower() { setRate(m_rate / 2); }
void Transport::faster() { setRate(m_rate * 2); }

void Transport::setLoop(int first, int last) {
    const int top = std::max(0, m_frameCount - 1);
    first = std::clamp(first, 0, top);
    last = std::clamp(last, first, top);
    if (first == m_loopFirst && last == m_loopLast) return;
    const bool was = isLooping();
    m_loopFirst = first, m_loopLast = last;
    if (!was) Q_EMIT loopChanged(true);
}

void Transport::clearLoop() {
    if (!isLooping()) return;
    m_loopFirst = m_loopLast = -1;
    Q_EMIT loopChanged(false);
}

void Transport::tick() {
    const double elapsed = m_clock.nsecsElapsed() / 1e9;
    // Truncation toward zero: a frame is shown for its whole period either way.
    const int target = m_anchorFrame + static_cast<int>(elapsed * m_fps * m_rate);
    if (isLooping() && (m_rate > 0 ? target > m_loopLast : target < m_loopFirst)) {
        // Wrap and count time from the other end again (no drift over many rounds).
        setFrame(m_rate > 0 ? m_loopFirst : m_loopLast);
        restartClock();
        return;
    }
    setFrame(target);
    if (isLooping()) return;
    if ((m_rate > 0 && target >= m_frameCount - 1) || (m_rate < 0 && target <= 0)) pause();
}

}  // namespace corevla::ui
