// SPDX-License-Identifier: MIT
#include "ui/import_worker.h"

#include <QFileInfo>
#include <QtConcurrent>

#include "importers/import_runner.h"

namespace corevla::ui {

ImportWorker::ImportWorker(QString projectPath, QStringList paths, QObject* parent)
    : QObject(parent), m_projectPath(std::move(projectPath)), m_paths(std::move(paths)),
      m_cancel(std::make_shared<CancelToken>()) {}

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
    // Signals are emitted from the worker thread; queued connections carry them.
    m_future = QtConcurrent::run([self, cancel, projectPath, paths] {
        Project project;
        QStringList problems;
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
        const auto report = importers::ImportRunner().run(project, list, options);
        for (const auto& issue : report.issues)
            problems << (issue.severity == importers::Issue::Severity::Error ? QObject::tr("Error: ") : QObject::tr("Warning: ")) +
                            QString::fromStdString(issue.text());
        using O = Project::StoreOutcome;
        const QString summary = QObject::tr("%1 imported, %2 already in the project, %3 changed on disk, %4 failed%5")
                                    .arg(report.count(O::Inserted) + report.count(O::Replaced))
                                    .arg(report.count(O::Unchanged))
                                    .arg(report.count(O::Changed))
                                    .arg(report.count(O::Failed))
                                    .arg(report.cancelled ? QObject::tr(" (cancelled)") : QString());
        Q_EMIT self->finished(summary, problems, report.ok());
    });
}

}  // namespace corevla::ui
