// SPDX-License-Identifier: MIT
// The editor for one preference pair: the prompt frames as a strip (the
// decision frame marked; changing the decision frame or the camera
// recomputes them, and the rejected answer follows the model's decision in
// force there), the question, and side by side the rejected answer (the
// model's, read-only, with its chips) and the chosen one (editable text and
// chips). Lint runs live on every change. Saves go through
// AnnotationStore::savePair with the version read: a conflict shows both
// versions and saves nothing until the person picks one.
#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "dataset/pair_lint.h"
#include "storage/annotation.h"
#include "storage/types.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QStackedWidget;

namespace corevla {
class Project;
}

namespace corevla::ui {

class ChipSelector;
class FrameStrip;
class LintBar;
class PairConflictPanel;

class PairBuilder : public QWidget {
    Q_OBJECT
public:
    enum class SaveResult { Saved, Unchanged, Conflict, Missing, Failed, NoPair };

    explicit PairBuilder(QWidget* parent = nullptr);

    void setProject(Project* project);  // where saves go; nullptr: none (the builder empties)
    // recording and segment: the pair's context (nullptr for a pair imported
    // from a dataset file); they must outlive their use here. extraLint: what
    // only the whole set knows (duplicates).
    void setPair(const PreferencePair& pair, const Recording* recording, const Segment* segment,
                 std::vector<dataset::LintIssue> extraLint = {});
    void clearPair();
    bool hasPair() const { return m_stored.id != 0; }

    const PreferencePair& stored() const { return m_stored; }  // as read or last saved
    const PreferencePair& edited() const { return m_edit; }    // with the editor's changes
    bool isModified() const;
    bool inConflict() const;
    std::vector<dataset::LintIssue> lint() const;

    // Ctrl+S. An approved or rejected pair whose content changed goes back to needs-review.
    SaveResult save();
    // A status change saved with the editor's changes; approve and reject
    // set the reviewer and the review time.
    SaveResult saveStatus(PairStatus status, const QString& reviewer);
    // The prompt frames of another pair of the same recording, decoded ahead.
    void prefetch(const PreferencePair& pair);
    void makeTextSayChips();  // the chosen explanation, restated with the chips' decision
    void focusChosen();       // E
    void keepTheirs();
    SaveResult saveMineOverTheirs();

    QAction* saveAction() const { return m_saveAction; }
    QAction* fixAction() const { return m_fixAction; }
    FrameStrip* strip() const { return m_strip; }
    QPlainTextEdit* chosenEdit() const { return m_chosen; }
    QPlainTextEdit* rejectedEdit() const { return m_rejected; }
    QLineEdit* questionEdit() const { return m_question; }
    QSpinBox* decisionBox() const { return m_decision; }
    QComboBox* cameraBox() const { return m_camera; }
    ChipSelector* speedChips() const { return m_speed; }
    ChipSelector* directionChips() const { return m_direction; }
    LintBar* lintBar() const { return m_lint; }
    PairConflictPanel* conflictPanel() const { return m_conflict; }
    QString messageText() const;  // the status line under the editor

Q_SIGNALS:
    void saved(const PreferencePair& pair);        // as stored now
    void conflicted(const PreferencePair& theirs);
    void cameraChosen(std::int64_t recording, const QString& camera);
    void decisionFrameChanged(std::int64_t recording, int frame);
    void leaveEditing();  // Escape in the chosen text

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* buildRejected();
    QWidget* buildChosen();
    void showPair();  // every field from m_edit, signals blocked
    void showFrames();
    void showHeader();
    void showRejected();
    void relint();
    void showQuestion();
    void onDecisionFrame(int frame);
    void onCamera(int index);
    SaveResult write(const PreferencePair& pair);
    void setMessage(const QString& text, bool error = false);

    Project* m_project = nullptr;
    const Recording* m_recording = nullptr;
    const Segment* m_segment = nullptr;
    std::vector<dataset::LintIssue> m_extraLint;
    PreferencePair m_stored, m_edit;

    QLabel *m_header, *m_status, *m_message, *m_rejectedSpeed, *m_rejectedDirection;
    FrameStrip* m_strip;
    QSpinBox* m_decision;
    QComboBox* m_camera;
    QLineEdit* m_question;
    QPlainTextEdit *m_rejected, *m_chosen;
    ChipSelector *m_speed, *m_direction;
    LintBar* m_lint;
    PairConflictPanel* m_conflict;
    QStackedWidget* m_answers;  // the two answers, or the conflict in their place
    QAction *m_saveAction, *m_fixAction;
};

}  // namespace corevla::ui
