// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>

#include "storage/project.h"
#include "storage/recording_time.h"
#include "ui/compare_panel.h"
#include "ui/closed_loop_panel.h"
#include "ui/evaluation_panel.h"
#include "ui/side_by_side_view.h"
#include "ui/import_worker.h"
#include "ui/library_model.h"
#include "ui/library_panel.h"
#include "ui/playback_workspace.h"
#include "ui/recording_loader.h"
#include "ui/segment_workspace.h"
#include "ui/review_queue.h"
#include "ui/runs_panel.h"
#include "ui/training_run.h"
#include "ui/transport.h"

namespace corevla::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_library(new LibraryPanel(this)), m_playback(new PlaybackWorkspace(this)),
      m_loader(new RecordingLoader(this)), m_review(new ReviewQueue(this)), m_runs(new RunsPanel(this)),
      m_evaluation(new EvaluationPanel(this)) {
    setWindowTitle(tr("CoReVLA Workstation"));
    setAcceptDrops(true);
    setDockOptions(dockOptions() | QMainWindow::AllowNestedDocks);
    auto* libraryDock = new QDockWidget(tr("Library"), this);
    libraryDock->setObjectName("libraryDock");
    libraryDock->setWidget(m_library);
    addDockWidget(Qt::LeftDockWidgetArea, libraryDock);
    resizeDocks({libraryDock}, {330}, Qt::Horizontal);
    m_segments = new SegmentWorkspace(this, m_playback);  // its docks are tabs beside the Library
    connect(m_library, &LibraryPanel::openRequested, this, &MainWindow::openRecording);
    connect(m_library, &LibraryPanel::deleteRequested, this, &MainWindow::deleteRecording);
    connect(m_segments, &SegmentWorkspace::openRequested, this, &MainWindow::openRecording);
    connect(m_loader, &RecordingLoader::loaded, this, [this](std::int64_t id, std::shared_ptr<LoadedRecording> loaded) {
        if (!m_playback->recording() || m_playback->recording()->id != id) return;
        m_playback->extend(std::move(loaded->recording), std::move(loaded->signalData));
        statusBar()->showMessage(tr("All %n frame(s) loaded", nullptr, int(m_playback->recording()->frames.size())), 3000);
        Q_EMIT recordingLoaded(id);
    });
    connect(this, &MainWindow::recordingLoaded, this, [this](std::int64_t id) {
        if (m_seekWhenLoaded.recording != id) return;
        m_seekWhenLoaded.recording = 0;
        m_playback->transport()->seek(framePosition(*m_playback->recording(), m_seekWhenLoaded.frame));
    });
    connect(m_loader, &RecordingLoader::failed, this, [this](std::int64_t, const QString& error) {
        statusBar()->showMessage(tr("Only the first frames could be read: %1").arg(error));
    });
    addReviewDock();
    addRunsDock();
    addEvaluationDock();
    buildMenus();
    resize(1600, 1000);
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray(), kLayoutVersion);
    statusBar()->showMessage(tr("Open a project (Ctrl+O) or create one (Ctrl+N), then import recordings (Ctrl+I)."));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New project…"), QKeySequence::New, this, &MainWindow::askNewProject);
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, &MainWindow::askOpenProject);
    file->addSeparator();
    file->addAction(tr("&Import files…"), QKeySequence(tr("Ctrl+I")), this, [this] { askImport(false); });
    file->addAction(tr("Import &folder…"), QKeySequence(tr("Ctrl+Shift+I")), this, [this] { askImport(true); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    m_playback->addMenus(menuBar());
    m_segments->addMenus(menuBar());
    m_review->addMenu(menuBar());
    m_runs->addMenu(menuBar());
    m_evaluation->addMenu(menuBar());
}

// The review queue and the runs share the left side with the library, as
// tabs; Ctrl+R and Ctrl+T raise and widen theirs.
void MainWindow::addLeftTab(const QString& title, const QString& name, QWidget* widget, bool scrolls) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    if (scrolls) {  // a wide panel scrolls rather than making the window wider than the screen
        auto* scroll = new QScrollArea(dock);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidget(widget);
        dock->setWidget(scroll);
    } else {
        dock->setWidget(widget);
    }
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    if (auto* library = findChild<QDockWidget*>("libraryDock")) {
        tabifyDockWidget(library, dock);
        library->raise();
    }
}

void MainWindow::addReviewDock() {
    addLeftTab(tr("Review"), "reviewDock", m_review);
    connect(m_review, &ReviewQueue::message, this, [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(m_review, &ReviewQueue::showFrameRequested, this, [this](std::int64_t recording, int frame) {
        const Recording* open = m_playback->recording();
        if (open && open->id == recording) m_playback->transport()->seek(framePosition(*open, frame));
    });
}

void MainWindow::addRunsDock() {
    addLeftTab(tr("Runs"), "runsDock", m_runs, /*scrolls=*/true);  // its settings row is over 1000 px wide
    // Its charts need room: raised by its tab, the left side widens as with
    // Ctrl+T, and another tab gets its own width back.
    auto* dock = findChild<QDockWidget*>("runsDock");
    connect(dock, &QDockWidget::visibilityChanged, this, [this, dock, narrow = 0](bool visible) mutable {
        if (dock->isFloating() || !isVisible()) return;  // not while the window is being laid out
        if (visible && dock->width() < width() * 60 / 100) {
            narrow = dock->width();
            resizeDocks({dock}, {width() * 60 / 100}, Qt::Horizontal);
        } else if (!visible && narrow > 0) {
            if (auto* library = findChild<QDockWidget*>("libraryDock")) resizeDocks({library}, {narrow}, Qt::Horizontal);
            narrow = 0;
        }
    });
    connect(m_runs, &RunsPanel::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::addEvaluationDock() {
    addLeftTab(tr("Evaluation"), "evaluationDock", m_evaluation);
    connect(m_evaluation, &EvaluationPanel::openRequested, this, &MainWindow::openRecordingAt);
    connect(m_evaluation, &EvaluationPanel::sideBySideRequested, this, &MainWindow::openSideBySide);
    connect(m_evaluation->closedLoop(), &ClosedLoopPanel::finished, this, [this] { refreshLibrary(); });  // its runs are recordings
}

bool MainWindow::openSideBySide(std::int64_t left, std::int64_t right, const QString& leftTitle, const QString& rightTitle, int frame) {
    if (!m_project) return false;
    auto a = m_project->load(left);
    auto b = a ? m_project->load(right) : std::nullopt;
    if (!a || !b) {
        statusBar()->showMessage(QString::fromStdString(m_project->lastError()));
        return false;
    }
    if (!m_sideBySide) {
        m_sideBySide = new SideBySideView(this);
        m_sideBySide->setWindowFlag(Qt::Window);
        m_sideBySide->resize(1600, 1000);
    }
    m_sideBySide->setWindowTitle(tr("%1 | %2 — side by side").arg(leftTitle, rightTitle));
    m_sideBySide->open(std::move(*a), std::move(*b), leftTitle, rightTitle, frame);
    m_sideBySide->show();
    m_sideBySide->raise();
    m_sideBySide->activateWindow();
    return true;
}

bool MainWindow::openRecordingAt(std::int64_t id, int frame) {
    const Recording* open = m_playback->recording();
    if ((!open || open->id != id) && !openRecording(id)) return false;
    open = m_playback->recording();
    const bool loaded = m_playback->isComplete() || (!open->frames.empty() && frame <= open->frames.back().index);
    m_seekWhenLoaded = {loaded ? 0 : id, frame};
    m_playback->transport()->seek(framePosition(*open, frame));  // as near as the first look goes, until the rest is in
    return true;
}

bool MainWindow::openRecording(std::int64_t id) {
    if (!m_project) return false;
    m_loader->cancel();
    m_seekWhenLoaded.recording = 0;  // a seek asked for another opening is void (openRecordingAt sets its own after)
    const auto summary = m_project->summary(id);
    auto recording = summary ? m_project->load(id, kFirstLook) : std::nullopt;
    if (!recording) {
        statusBar()->showMessage(QString::fromStdString(m_project->lastError()));
        return false;
    }
    const QString name = QString::fromStdString(recording->name);
    const bool complete = int(recording->frames.size()) >= summary->frames;
    m_playback->open(std::move(*recording), {}, complete);
    if (!complete) m_loader->load(m_projectPath, id);
    m_library->selectId(id);
    QSettings().setValue("project/lastRecording/" + QFileInfo(m_projectPath).absoluteFilePath(), qlonglong(id));
    setWindowTitle(tr("%1 — %2 — CoReVLA Workstation").arg(name, QFileInfo(m_projectPath).fileName()));
    statusBar()->showMessage(complete ? tr("Opened %1").arg(name)
                                      : tr("Opened %1; loading all %2 frames…").arg(name).arg(summary->frames),
                             complete ? 4000 : 0);
    if (complete) Q_EMIT recordingLoaded(id);
    return true;
}

bool MainWindow::openProject(const QString& path, bool create) {
    auto project = std::make_unique<Project>();
    if (!project->open(path.toStdString(), create ? Project::Mode::OpenOrCreate : Project::Mode::OpenExisting)) {
        statusBar()->showMessage(QString::fromStdString(project->lastError()));
        QMessageBox::warning(this, tr("Cannot open project"), QString::fromStdString(project->lastError()));
        return false;
    }
    m_loader->cancel();
    m_playback->close();
    m_review->setProject(nullptr);  // saves an edit in progress to the project it belongs to
    m_project = std::move(project);
    m_segments->setProject(m_project.get());
    m_projectPath = path;
    setWindowTitle(tr("%1 — CoReVLA Workstation").arg(QFileInfo(path).fileName()));
    QSettings().setValue("project/last", path);
    m_review->setProject(m_project.get(), path);
    m_runs->setProject(m_project.get(), path);
    m_evaluation->setProject(m_project.get(), path);
    m_playback->comparison()->setProject(m_project.get(), path);
    refreshLibrary();
    // Pick up where the user left off: the recording last open in this project, else the first.
    const qlonglong last = QSettings().value("project/lastRecording/" + QFileInfo(path).absoluteFilePath()).toLongLong();
    if (!openRecording(last)) openRecording(m_library->firstVisibleId());
    return true;
}

void MainWindow::refreshLibrary() {
    if (!m_project) return;
    auto recordings = m_project->recordings();
    if (!recordings) {
        statusBar()->showMessage(QString::fromStdString(m_project->lastError()));
        return;
    }
    statusBar()->showMessage(tr("%1: %2 recordings").arg(m_projectPath).arg(recordings->size()));
    m_library->model()->setRecordings(std::move(*recordings));
    m_segments->reload();  // an import or a deletion changes them too
}

void MainWindow::askOpenProject() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                      tr("CoReVLA projects (*.corevla);;All files (*)"));
    if (!path.isEmpty()) openProject(path, false);
}

void MainWindow::askNewProject() {
    QString path = QFileDialog::getSaveFileName(this, tr("New project"), QString(), tr("CoReVLA projects (*.corevla)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(".corevla")) path += ".corevla";
    openProject(path, true);
}

void MainWindow::askImport(bool folder) {
    if (!m_project) {
        askNewProject();
        if (!m_project) return;
    }
    const QStringList paths =
        folder ? QStringList{QFileDialog::getExistingDirectory(this, tr("Import folder"))}
               : QFileDialog::getOpenFileNames(this, tr("Import recordings"), QString(),
                                               tr("Recordings (*.tar.gz *.json session.json);;All files (*)"));
    if (!paths.isEmpty() && !paths.first().isEmpty()) importPaths(paths);
}

void MainWindow::importPaths(const QStringList& paths, ImportWorker::Run run) {
    if (!m_project || m_import) return;
    auto* dialog = new QProgressDialog(tr("Importing…"), tr("Cancel"), 0, 1000, this);
    dialog->setWindowTitle(tr("Import"));
    dialog->setMinimumDuration(300);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    m_import = new ImportWorker(m_projectPath, paths, this, std::move(run));
    connect(m_import, &ImportWorker::progress, dialog, [dialog](int permille, const QString& what) {
        dialog->setValue(permille);
        dialog->setLabelText(what);
    });
    connect(dialog, &QProgressDialog::canceled, m_import, &ImportWorker::stop);
    connect(m_import, &ImportWorker::finished, this, [this, dialog](const QString& summary, const QStringList& problems, bool ok) {
        dialog->deleteLater();
        m_import->deleteLater();
        m_import = nullptr;
        refreshLibrary();
        m_review->reload();
        statusBar()->showMessage(summary);
        if (!problems.isEmpty()) {
            QMessageBox box(ok ? QMessageBox::Information : QMessageBox::Warning, tr("Import"), summary,
                            QMessageBox::Ok, this);
            box.setDetailedText(problems.join('\n'));
            if (!qEnvironmentVariableIsSet("COREVLA_NO_DIALOGS")) box.exec();
        }
        Q_EMIT importFinished(ok);
    });
    m_import->start();
}

void MainWindow::deleteRecording(std::int64_t id) {
    if (!m_project) return;
    const auto summary = m_project->summary(id);
    const auto impact = m_project->removalImpact(id);
    if (!summary || !impact) {
        statusBar()->showMessage(QString::fromStdString(m_project->lastError()));
        return;
    }
    QStringList goes{tr("%n frame(s) of index", nullptr, impact->frames),
                     tr("%n event(s) read from the recording", nullptr, impact->events)};
    if (impact->decisions) goes << tr("%n decision(s) of the model", nullptr, impact->decisions);
    if (impact->attachedDecisions) goes << tr("%n attached decision(s) (Bench2Drive-VL)", nullptr, impact->attachedDecisions);
    if (impact->userEvents) goes << tr("<b>%n bookmark(s) or note(s) a person made</b>", nullptr, impact->userEvents);
    if (impact->segments)
        goes << tr("<b>%n segment(s)</b> (%1 edited by a person)", nullptr, impact->segments).arg(impact->editedSegments);
    if (impact->pairs)
        goes << tr("<b>%n preference pair(s)</b> (%1 reviewed)", nullptr, impact->pairs).arg(impact->reviewedPairs);
    QMessageBox box(QMessageBox::Warning, tr("Delete recording"),
                    tr("Delete <b>%1</b> from the project?<br><br>This also deletes:<ul><li>%2</li></ul>"
                       "The files on disk are not touched; importing them again brings the recording back, "
                       "but not what people attached to it.")
                        .arg(QString::fromStdString(summary->name).toHtmlEscaped(), goes.join("</li><li>")),
                    QMessageBox::Cancel, this);
    box.setObjectName("confirmDelete");
    QPushButton* remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove) return;
    const bool wasOpen = m_playback->recording() && m_playback->recording()->id == id;
    if (wasOpen) m_loader->cancel(), m_playback->close();
    if (!m_project->remove(id)) {
        QMessageBox::warning(this, tr("Delete recording"), QString::fromStdString(m_project->lastError()));
        return;
    }
    refreshLibrary();
    m_review->reload();
    statusBar()->showMessage(tr("Deleted %1").arg(QString::fromStdString(summary->name)), 5000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (!paths.isEmpty()) importPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_runs->training() && m_runs->training()->busy() && !qEnvironmentVariableIsSet("COREVLA_NO_DIALOGS") &&
        QMessageBox::question(this, tr("A training run is in progress"),
                              tr("Quit and cancel run %1? The trainer saves its state first.").arg(m_runs->training()->runId()),
                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    if (m_import) m_import->stop();
    m_review->setProject(nullptr);
    m_evaluation->setProject(nullptr, {});  // a comparison in flight is killed
    m_runs->setProject(nullptr, {});  // a run in flight saves its state and is recorded as cancelled
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState(kLayoutVersion));
    event->accept();
}

}  // namespace corevla::ui
