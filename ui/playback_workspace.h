// SPDX-License-Identifier: MIT
// Playback of one recording: the clock, the panels that follow it, their
// docks, and the keyboard. One Transport drives every view; panels ask for
// seeks through seekRequested and never move the playhead themselves.
#pragma once

#include <QObject>
#include <functional>
#include <memory>

#include "storage/types.h"
#include "ui/signal_data.h"

class QAction;
class QComboBox;
class QLabel;
class QMainWindow;
class QMenu;
class QMenuBar;
class QToolBar;

namespace corevla::ui {

class BevView;
class CameraPanel;
class ComparePanel;
class ReasoningPanel;
class SignalsPanel;
class TimelineWidget;
class Transport;

class PlaybackWorkspace : public QObject {
    Q_OBJECT
public:
    // Creates the panels as docks of `window` (the camera grid is central).
    explicit PlaybackWorkspace(QMainWindow* window);
    ~PlaybackWorkspace() override;

    void addMenus(QMenuBar* menuBar);
    // complete: false for a first look at a long recording (its first frames);
    // extend() then brings the rest without moving the playhead.
    void open(Recording recording, std::shared_ptr<const SignalData> signalData = {}, bool complete = true);
    void extend(Recording recording, std::shared_ptr<const SignalData> signalData);
    bool isComplete() const { return m_complete; }
    void close();
    const Recording* recording() const { return m_recording.get(); }
    // The open recording's events as stored now (a bookmark added or undone).
    void setEvents(std::vector<Event> events);

    Transport* transport() const { return m_transport; }
    CameraPanel* cameras() const { return m_cameras; }
    TimelineWidget* timeline() const { return m_timeline; }
    ReasoningPanel* reasoning() const { return m_reasoning; }
    SignalsPanel* signalPlots() const { return m_signals; }
    BevView* birdsEye() const { return m_bev; }
    ComparePanel* comparison() const { return m_compare; }
    QToolBar* toolBar() const { return m_toolBar; }
    // The action behind a menu entry, by its objectName ("play", "nextTakeover", ...).
    QAction* action(const QString& name) const;

Q_SIGNALS:
    // Another recording (or none) is open, or the open one has all its frames now.
    void recordingChanged();

private:
    void buildToolBar();
    QAction* addAction(QMenu* menu, const QString& name, const QString& text, const QList<QKeySequence>& keys,
                       std::function<void()> slot);
    void jump(unsigned kinds, bool forward);
    void showFrame(int frame);
    void updateClock(int frame);
    void seekToIndex(int index);  // a panel's frame number -> the transport's position
    void updateEnabled();
    void install(std::shared_ptr<const SignalData> signalData);

    QMainWindow* m_window;
    std::unique_ptr<Recording> m_recording;
    Transport* m_transport;
    CameraPanel* m_cameras;
    TimelineWidget* m_timeline;
    ReasoningPanel* m_reasoning;
    SignalsPanel* m_signals;
    BevView* m_bev;
    ComparePanel* m_compare;
    QToolBar* m_toolBar = nullptr;
    QLabel* m_clockLabel = nullptr;
    QComboBox* m_rateBox = nullptr;
    QList<QAction*> m_actions;
    bool m_complete = true;
};

}  // namespace corevla::ui
