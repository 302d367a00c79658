// SPDX-License-Identifier: MIT
// Segment editing in the workstation window: the editor and its undo stack,
// the Segments and Undo history docks, the Edit and Segments menus with
// their keys, and the wiring to the timeline (bands, edge drags) and the
// transport (the playhead, looping inside a segment). The main window only
// creates it, hands it the project and adds its menus.
#pragma once

#include <QList>
#include <QObject>
#include <cstdint>
#include <functional>

#include "storage/annotation.h"

class QAction;
class QDockWidget;
class QKeySequence;
class QMainWindow;
class QMenu;
class QMenuBar;
class QUndoStack;
class QUndoView;

namespace corevla {
class Project;
}

namespace corevla::ui {

class PlaybackWorkspace;
class SegmentEditor;
class SegmentsPanel;

class SegmentWorkspace : public QObject {
    Q_OBJECT
public:
    SegmentWorkspace(QMainWindow* window, PlaybackWorkspace* playback);
    ~SegmentWorkspace() override;

    void setProject(Project* project);  // another project: the undo history starts over
    void reload();                      // the project's segments and recordings' names again
    // Edit after the first menu (File), Segments at the end.
    void addMenus(QMenuBar* menuBar);

    SegmentEditor* editor() const { return m_editor; }
    SegmentsPanel* panel() const { return m_panel; }
    QUndoStack* undoStack() const { return m_stack; }
    QUndoView* history() const { return m_history; }
    QDockWidget* panelDock() const { return m_panelDock; }
    QDockWidget* historyDock() const { return m_historyDock; }
    // The action behind a menu entry, by its objectName ("setIn", "undo", ...).
    QAction* action(const QString& name) const;
    // Deletes a segment; asks first when preference pairs would go with it.
    void deleteSegment(const Segment& seen);

Q_SIGNALS:
    void openRequested(std::int64_t recording);  // the main window opens it

private:
    QAction* addAction(QMenu* menu, const QString& name, const QString& text, const QList<QKeySequence>& keys,
                       std::function<void()> slot);
    int playhead() const;  // Frame::index at the playhead; -1: no recording
    void openAt(std::int64_t recording, int frame, std::int64_t segment);
    void jumpTo(std::int64_t segment, bool forward);
    void showBands();
    void setLooping(bool on);
    void updateLoop();
    void showEvents(std::int64_t recording);
    void showProblem(const QString& message);
    void updateEnabled();

    QMainWindow* m_window;
    PlaybackWorkspace* m_playback;
    QUndoStack* m_stack;
    SegmentEditor* m_editor;
    SegmentsPanel* m_panel;
    QUndoView* m_history;
    QDockWidget* m_panelDock;
    QDockWidget* m_historyDock;
    QList<QAction*> m_actions;
};

}  // namespace corevla::ui
