// SPDX-License-Identifier: MIT
#include "ui/import_worker.h"

#include <QFileInfo>
#include <QtConcurrent>

namespace corevla::ui {
namespace {

QString summaryOf(const importers::ImportReport& report) {
    using O = Project::StoreOutcome;
    QString text = QObject::tr("%1 imported, %2 already in the project").arg(report.count(O::Inserted) + report.count(O::Replaced)).arg(report.count(O::Unchanged));
    if (const int moved = report.count(O::Moved)) text += QObject::tr(", %1 moved").arg(moved);
    text += QObject::tr(", %1 changed on disk, %2 failed").arg(report.count(O::Changed)).arg(report.count(O::Failed));
    if (report.cancelled) text += QObject::tr(" (cancelled)");
    return text;
}

}  // namespace

ImportWorker::ImportWorker(QString projectPath, QStringList paths, QObject* parent, Run run)
    : QObject(parent), m_projectPath(std::move(projectPath)), m_paths(std::move(paths)), m_run(std::move(run)),
      m_cancel(std::make_shared<CancelToken>()) {
    if (!m_run)
        m_run = [](Project& project, const std::vector<std::filesystem::path>& list, const importers::ImportOptions& options) {
            return importers::ImportRunner().run(project, list, options);
        };
}

// The destructor waits for the worker: it must not outlive the object it
// reports to.
ImportWorker::~ImportWorker() {
    m_cancel->cancel();
    m_future.waitForFinished();
}

void ImportWorker::stop() { m_cancel->cancel(); }

void ImportWorker::start() {
    ImportWorker* self = this;
    auto cancel = m_cancel;
    const QString projectPath = m_projectPath;
    const QStringList paths = m_paths;
    const Run run = m_run;
    // Signals are emitted from the worker thread; queued connections carry them.
    m_future = QtConcurrent::run([self, cancel, projectPath, paths, run] {
        QStringList problems;
        try {
            Project project;
            if (!project.open(projectPath.toStdString(), Project::Mode::OpenOrCreate)) {
                problems << QString::fromStdString(project.lastError());
                Q_EMIT self->finished(QObject::tr("The project could not be opened."), problems, false);
                return;
            }
            importers::ImportOptions options;
            const QFileInfo info(projectPath);
            options.mediaDir = (info.absolutePath() + "/" + info.completeBaseName() + "-media").toStdString();
            options.cancel = cancel.get();
            options.progress = [self](double fraction, const std::string& what) {
                Q_EMIT self->progress(static_cast<int>(fraction * 1000), QString::fromStdString(what));
            };
            std::vector<std::filesystem::path> list;
            for (const QString& p : paths) list.emplace_back(p.toStdString());
            const auto report = run(project, list, options);
            for (const auto& issue : report.issues)
                problems << (issue.severity == importers::Issue::Severity::Error ? QObject::tr("Error: ")
                                                                                  : QObject::tr("Warning: ")) +
                                QString::fromStdString(issue.text());
            Q_EMIT self->finished(summaryOf(report), problems, report.ok());
        } catch (const std::exception& e) {
            // What was stored before the failure stays: each recording is its own transaction.
            problems << QObject::tr("Error: the import stopped: %1").arg(QString::fromLocal8Bit(e.what()));
            Q_EMIT self->finished(QObject::tr("The import stopped with an error."), problems, false);
        } catch (...) {
            problems << QObject::tr("Error: the import stopped on an unknown error");
            Q_EMIT self->finished(QObject::tr("The import stopped with an error."), problems, false);
        }
    });
}

}  // namespace corevla::ui
