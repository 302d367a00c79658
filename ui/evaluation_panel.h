// SPDX-License-Identifier: MIT
// The Evaluation tab beside Library/Review/Runs: the batch comparison of
// models on the pairs' decisions, the closed loop (models driving the
// scenarios again), and the Bench2Drive closed-loop summary. All ask to open
// a recording at a frame (openRequested); the closed loop also asks to play
// two runs side by side.
#pragma once

#include <QWidget>

class QMenu;
class QMenuBar;
class QTabWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

class BatchComparePanel;
class Bench2DrivePanel;
class ClosedLoopPanel;

class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationPanel(QWidget* parent = nullptr);

    void setProject(Project* project, const QString& path);
    QMenu* addMenu(QMenuBar* menuBar);
    void focusPanel();  // shows, raises and widens the dock, re-reading the project

    BatchComparePanel* batch() const { return m_batch; }
    Bench2DrivePanel* bench2drive() const { return m_bench2drive; }
    ClosedLoopPanel* closedLoop() const { return m_closedLoop; }
    QTabWidget* tabs() const { return m_tabs; }

Q_SIGNALS:
    void openRequested(std::int64_t recording, int frame);
    void sideBySideRequested(std::int64_t left, std::int64_t right, const QString& leftTitle, const QString& rightTitle, int frame);

private:
    QTabWidget* m_tabs;
    BatchComparePanel* m_batch;
    Bench2DrivePanel* m_bench2drive;
    ClosedLoopPanel* m_closedLoop;
};

}  // namespace corevla::ui
