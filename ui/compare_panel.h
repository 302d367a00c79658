// SPDX-License-Identifier: MIT
// The live comparison: 2-4 models decide at the frame on screen, each in its
// own `corevla decide` child (ui/decision_client.h), and their answers stand
// side by side — meta-action chips marked where they agree with what the
// driver did, the reasoning with the words two models do not share marked.
// Models are asked on the live decision grid (dataset/frame_prompt.h): the
// answer shown is always the one for the decision in force at the frame on
// screen, never an older one; while it is pending the column says so.
// During playback each idle model answers the next decision ahead of time.
#pragma once

#include <QElapsedTimer>
#include <QVector>
#include <QWidget>

#include "storage/types.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QTextBrowser;

namespace corevla {
class Project;
}

namespace corevla::ui {

class DecisionClient;

class ComparePanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxModels = 4;

    explicit ComparePanel(QWidget* parent = nullptr);
    ~ComparePanel() override;

    // The registered models to pick from; the two newest are picked.
    void setProject(Project* project, const QString& path);
    void setRecording(const Recording& recording);
    void setFrame(int frame);  // Frame::index on screen
    void setPlaying(bool playing);

    // Picks a model for a column: a registered model's id or name, a
    // checkpoint folder, openai:MODEL@URL[?settings]; empty clears the column.
    void setModel(int column, const QString& spec);
    QString model(int column) const;

    // What a column shows: the frame its answer was given at (-1: none yet),
    // its text, or its error.
    int shownFrame(int column) const;
    QString shownText(int column) const;
    QString shownError(int column) const;
    int decisionFrame() const { return m_decision; }  // the frame every model is asked at
    QString referenceText() const;
    DecisionClient* client(int column) const;

Q_SIGNALS:
    // A column now shows the answer at `frame` (the decision in force).
    void answerShown(int column, int frame);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Column;
    void refreshModels();
    DecisionClient* startClient(int column);
    void pickFromCombo(int column);
    void update();
    bool showColumn(int column);  // false: it already showed this
    void showDiffs();

    Project* m_project = nullptr;
    QString m_path;
    const Recording* m_recording = nullptr;
    int m_frame = -1, m_decision = -1, m_next = -1;
    bool m_playing = false;
    MetaAction m_reference;
    QString m_referenceWho;  // "the driver" or "the car"
    QLabel *m_referenceLabel, *m_referenceDir, *m_referenceSpeed, *m_hint;
    QVector<Column*> m_columns;
    QGridLayout* m_grid;
};

}  // namespace corevla::ui
