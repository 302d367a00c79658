// SPDX-License-Identifier: MIT
// The review queue: filters (status, category, recording, author), the
// pairs, and the pair builder for the current one, driven by keys while the
// panel has the focus — A approve, R reject, E edit the chosen text, N / P
// next / previous, Ctrl+Return submit for review, Ctrl+S save (docs/review.md).
// Approve and reject sign with the reviewer's name (QSettings "review/name",
// asked once) and move on to the next pair. Leaving a pair with unsaved
// changes saves them; a conflict keeps you on the pair until you pick a side.
#pragma once

#include <QWidget>
#include <cstdint>
#include <functional>
#include <utility>

#include "storage/annotation.h"
#include "ui/review_data.h"

class QAction;
class QComboBox;
class QMenu;
class QMenuBar;
class QModelIndex;
class QTableView;

namespace corevla::ui {

class PairBuilder;
class PairFilterModel;
class PairModel;

class ReviewQueue : public QWidget {
    Q_OBJECT
public:
    explicit ReviewQueue(QWidget* parent = nullptr);
    ~ReviewQueue() override;

    // The open project (nullptr: none) and its file, which names its settings.
    void setProject(Project* project, const QString& path = {});
    bool reload();  // re-reads the pairs; the current one stays current if it is still there
    QMenu* addMenu(QMenuBar* menuBar);

    bool selectPair(std::int64_t id);  // makes it current (and opens it) if the filters show it
    std::int64_t currentPairId() const { return m_currentId; }
    void approve() { verdict(PairStatus::Approved); }
    void reject() { verdict(PairStatus::Rejected); }
    void submitForReview();
    void next() { step(1); }
    void previous() { step(-1); }
    void editChosen();
    void focusQueue();  // shows the panel's dock and gives the list the keys
    int draftPairs();   // for segments without a pair; -1 on error

    // The reviewer's name; asks once when the settings have none (empty if
    // the person cancels), or always with `ask`.
    QString reviewerName(bool ask = false);

    PairModel* model() const { return m_model; }
    PairFilterModel* filter() const { return m_filter; }
    QTableView* view() const { return m_view; }
    PairBuilder* builder() const { return m_builder; }
    QComboBox* statusBox() const { return m_statusBox; }
    QComboBox* categoryBox() const { return m_categoryBox; }
    QComboBox* recordingBox() const { return m_recordingBox; }
    QComboBox* authorBox() const { return m_authorBox; }
    QAction* action(const QString& name) const;  // "approve", "reject", "next", ...
    // Decode the next pair's prompt frames once this one's are shown (on by default).
    void setPrefetch(bool on) { m_prefetch = on; }

Q_SIGNALS:
    // The opened pair's decision frame, for the playback when that recording is open.
    void showFrameRequested(std::int64_t recording, int frame);
    void message(const QString& text);

private:
    QAction* makeAction(const QString& name, const QString& text, const QKeySequence& key, std::function<void()> slot);
    QWidget* buildFilters();
    void fillFilters();
    void onCurrentChanged(const QModelIndex& current);
    bool leaveCurrent();
    void open(std::int64_t id);
    void onFramesShown();
    void onSaved(const PreferencePair& pair);
    void verdict(PairStatus status);
    void step(int delta);
    void setCurrentRow(int proxyRow);
    QString cameraKey(std::int64_t recording) const;

    ReviewData m_data;
    QString m_projectPath;
    PairModel* m_model;
    PairFilterModel* m_filter;
    QTableView* m_view;
    PairBuilder* m_builder;
    QComboBox *m_statusBox, *m_categoryBox, *m_recordingBox, *m_authorBox;
    QList<QAction*> m_actions;
    std::int64_t m_currentId = 0;
    std::pair<std::int64_t, int> m_pendingSeek;  // recording, frame: once the strip shows the pair
    bool m_ignoreCurrent = false;
    bool m_prefetch = true;  // the view's current row moves without opening pairs
};

}  // namespace corevla::ui
