// SPDX-License-Identifier: MIT
// Two recordings of the same scenario played side by side on one clock —
// two models' closed-loop runs, which start together — each with its
// camera, the model's reasoning, its signals and its timeline (infractions
// marked). One transport drives both: play, pause, step and a seek in
// either timeline move both; past the end of the shorter run its last frame
// stays. Keys: Space play/pause, Left/Right a frame, Home/End.
#pragma once

#include <QWidget>
#include <array>
#include <memory>

#include "storage/types.h"

class QLabel;
class QPushButton;

namespace corevla::ui {

class CameraPanel;
class ReasoningPanel;
class SignalsPanel;
class TimelineWidget;
class Transport;

class SideBySideView : public QWidget {
    Q_OBJECT
public:
    struct Pane {
        std::unique_ptr<Recording> recording;
        QLabel* title = nullptr;
        CameraPanel* camera = nullptr;
        ReasoningPanel* reasoning = nullptr;
        SignalsPanel* signalPlots = nullptr;
        TimelineWidget* timeline = nullptr;
    };

    explicit SideBySideView(QWidget* parent = nullptr);
    ~SideBySideView() override;

    // Both recordings, loaded whole, each under its title; then at `frame`.
    void open(Recording left, Recording right, const QString& leftTitle, const QString& rightTitle, int frame = 0);
    Transport* transport() const { return m_transport; }
    const Pane& pane(int i) const { return m_panes[std::size_t(i)]; }
    int frame() const;  // the clock's frame (10 Hz positions from the start)
    // The frame (Frame::index) each pane shows at the clock's position: its
    // last one past its end.
    int frameOf(int pane) const;

private:
    QWidget* buildPane(Pane& pane);
    void showFrame(int frame);

    std::array<Pane, 2> m_panes;
    Transport* m_transport;
    QPushButton* m_play;
    QLabel* m_clock;
};

}  // namespace corevla::ui
