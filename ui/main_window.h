// SPDX-License-Identifier: MIT
// The workstation's main window: menus, docked panels, the open project.
// It wires panels together and delegates everything else to them.
#pragma once

#include <QMainWindow>
#include <memory>

#include "ui/import_worker.h"

namespace corevla {
class Project;
}

namespace corevla::ui {

class LibraryPanel;
class RecordingLoader;
class PlaybackWorkspace;
class SegmentWorkspace;
class ReviewQueue;
class RunsPanel;
class EvaluationPanel;
class SideBySideView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openProject(const QString& path, bool create);
    // Shows the recording's first frames at once (a bounded read); a longer
    // recording's other frames follow from a worker (recordingLoaded).
    bool openRecording(std::int64_t id);
    // Opens the recording (unless it is open) with the playhead at frame; a
    // frame past the first look is sought once the rest is in.
    bool openRecordingAt(std::int64_t id, int frame);
    // Two recordings (two models' runs of one scenario) in the side-by-side
    // window, on one clock at `frame`.
    bool openSideBySide(std::int64_t left, std::int64_t right, const QString& leftTitle, const QString& rightTitle, int frame);
    SideBySideView* sideBySide() const { return m_sideBySide; }  // null until first opened
    // run: what the import worker runs (default: the import runner).
    void importPaths(const QStringList& paths, ImportWorker::Run run = {});
    // Asks for confirmation, naming what goes with the recording, then deletes it.
    void deleteRecording(std::int64_t id);
    LibraryPanel* library() const { return m_library; }
    PlaybackWorkspace* playback() const { return m_playback; }
    SegmentWorkspace* segments() const { return m_segments; }
    ReviewQueue* review() const { return m_review; }
    RunsPanel* runs() const { return m_runs; }
    EvaluationPanel* evaluation() const { return m_evaluation; }
    const QString& projectPath() const { return m_projectPath; }

    // Saved dock layouts of another version are not restored: a new dock
    // (Segments, Review) would land wherever the old layout had room.
    static constexpr int kLayoutVersion = 4;

    // Frames read at once when a recording opens; the rest come from a worker.
    static constexpr int kFirstLook = 600;

Q_SIGNALS:
    void importFinished(bool ok);
    void recordingLoaded(std::int64_t id);  // every frame of the open recording is in

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void addLeftTab(const QString& title, const QString& name, QWidget* widget, bool scrolls = false);
    void addReviewDock();
    void addRunsDock();
    void addEvaluationDock();
    void refreshLibrary();
    void askOpenProject();
    void askNewProject();
    void askImport(bool folder);

    std::unique_ptr<Project> m_project;
    QString m_projectPath;
    LibraryPanel* m_library;
    PlaybackWorkspace* m_playback;
    ImportWorker* m_import = nullptr;
    RecordingLoader* m_loader;
    SegmentWorkspace* m_segments = nullptr;
    ReviewQueue* m_review;
    RunsPanel* m_runs;
    EvaluationPanel* m_evaluation;
    SideBySideView* m_sideBySide = nullptr;
    struct PendingSeek {
        std::int64_t recording = 0;
        int frame = 0;
    } m_seekWhenLoaded;  // recording 0: none
};

}  // namespace corevla::ui
