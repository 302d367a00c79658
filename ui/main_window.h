// SPDX-License-Identifier: MIT
// The workstation's main window: menus, docked panels, the open project.
// It wires panels together and delegates everything else to them.
#pragma once

#include <QMainWindow>
#include <memory>

namespace corevla {
class Project;
}

namespace corevla::ui {

class LibraryPanel;
class ImportWorker;
class PlaybackWorkspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openProject(const QString& path, bool create);
    bool openRecording(std::int64_t id);
    void importPaths(const QStringList& paths);
    LibraryPanel* library() const { return m_library; }
    PlaybackWorkspace* playback() const { return m_playback; }
    const QString& projectPath() const { return m_projectPath; }

Q_SIGNALS:
    void importFinished(bool ok);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void refreshLibrary();
    void askOpenProject();
    void askNewProject();
    void askImport(bool folder);

    std::unique_ptr<Project> m_project;
    QString m_projectPath;
    LibraryPanel* m_library;
    PlaybackWorkspace* m_playback;
    ImportWorker* m_import = nullptr;
};

}  // namespace corevla::ui
