// SPDX-License-Identifier: MIT
// The one clock of playback. Every view follows frameChanged(); nothing else
// moves the playhead. Time advances from a monotonic clock, not by counting
// timer ticks, so a late tick skips frames instead of slowing playback.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace corevla::ui {

class Transport : public QObject {
    Q_OBJECT
public:
    static constexpr double kMinRate = 0.25, kMaxRate = 8.0;

    explicit Transport(QObject* parent = nullptr);

    void setRange(int frameCount, double fps);
    // More (or fewer) frames of the same recording: position, rate and play state stay.
    void setFrameCount(int frameCount);
    int frame() const { return m_frame; }
    int frameCount() const { return m_frameCount; }
    double time() const { return m_fps > 0 ? m_frame / m_fps : 0; }
    bool isPlaying() const { return m_playing; }
    // Signed: negative plays backwards.
    double rate() const { return m_rate; }

    void seek(int frame);
    void step(int frames);  // pauses, then moves
    void play();
    void pause();
    void togglePlay();
    // J/K/L: L plays forward, again doubles the speed (up to 8x); J the same
    // backwards; K pauses. A direction change starts again at 1x.
    void shuttleForward();
    void shuttleReverse();
    void setRate(double rate);  // magnitude clamped to [0.25, 8], sign kept
    void slower();              // halves the speed (down to 0.25x)
    void faster();              // doubles the speed (up to 8x)

    // Playback stays inside [first, last] (positions, inclusive) and wraps
    // around at either end instead of stopping; play() outside it starts at
    // its beginning (its end, backwards). Seeking and stepping are not held in.
    void setLoop(int first, int last);
    void clearLoop();
    bool isLooping() const { return m_loopLast >= 0; }
    int loopFirst() const { return m_loopFirst; }
    int loopLast() const { return m_loopLast; }

Q_SIGNALS:
    void frameChanged(int frame);
    void playingChanged(bool playing);
    void rateChanged(double rate);
    void loopChanged(bool looping);

private:
    void tick();
    void restartClock();
    void setFrame(int frame);

    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_frame = 0, m_frameCount = 0, m_anchorFrame = 0;
    int m_loopFirst = -1, m_loopLast = -1;  // -1: no loop
    double m_fps = 10, m_rate = 1;
    bool m_playing = false;
};

}  // namespace corevla::ui
