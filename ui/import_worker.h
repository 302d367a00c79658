// SPDX-License-Identifier: MIT
// Runs an import off the GUI thread on its own database connection (WAL lets
// the GUI keep reading), reporting progress and honouring stop(). finished()
// always comes, also when the import throws: the worker catches everything.
#pragma once

#include <QFuture>
#include <QObject>
#include <QStringList>
#include <memory>

#include <functional>
#include <vector>

#include "importers/import_runner.h"
#include "storage/progress.h"

namespace corevla::ui {

class ImportWorker : public QObject {
    Q_OBJECT
public:
    // What the worker runs; the default is ImportRunner::run. Tests give one
    // that fails the ways real imports can (it may throw).
    using Run = std::function<importers::ImportReport(Project&, const std::vector<std::filesystem::path>&,
                                                      const importers::ImportOptions&)>;
    ImportWorker(QString projectPath, QStringList paths, QObject* parent = nullptr, Run run = {});
    ~ImportWorker() override;
    void start();
    void stop();

Q_SIGNALS:
    void progress(int permille, const QString& what);
    // summary: one line; problems: one line per issue, each naming its file.
    void finished(const QString& summary, const QStringList& problems, bool ok);

private:
    QString m_projectPath;
    QStringList m_paths;
    Run m_run;
    std::shared_ptr<CancelToken> m_cancel;
    QFuture<void> m_future;
};

}  // namespace corevla::ui
