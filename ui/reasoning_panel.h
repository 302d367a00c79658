// SPDX-License-Identifier: MIT
// What the model thought at the playhead: who drives, the decision in force
// (meta-action chips, reasoning, question, origin, age) and below it the list
// of all decisions, following the playhead unless the user is scrolling it.
// Clicking a decision asks to seek there.
#pragma once

#include <QElapsedTimer>
#include <QWidget>

#include "storage/types.h"

class QLabel;
class QTableView;

namespace corevla::ui {

class DecisionModel;

class ReasoningPanel : public QWidget {
    Q_OBJECT
public:
    explicit ReasoningPanel(QWidget* parent = nullptr);

    void setRecording(const Recording& recording);
    void setFrame(int frame);

    DecisionModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    int currentRow() const { return m_row; }        // -1: no decision yet
    QString reasoningText() const;                  // as shown
    QString authorityText() const;                  // "MODEL driving" / "DRIVER took over"

Q_SIGNALS:
    void seekRequested(int frame);

private:
    void showDecision(int row);
    void showAuthority(bool driver);
    void followRow(int row);

    const Recording* m_recording = nullptr;
    DecisionModel* m_model;
    QLabel *m_authority, *m_clock, *m_speedChip, *m_times, *m_dirChip, *m_reasoning, *m_question, *m_origin;
    QTableView* m_view;
    QElapsedTimer m_userScrolled;  // when the user last scrolled the list
    int m_row = -2, m_frame = 0, m_authorityShown = -1;
    bool m_autoScrolling = false;
};

}  // namespace corevla::ui
