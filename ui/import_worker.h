// SPDX-License-Identifier: MIT
// Runs an import off the GUI thread on its own database connection (WAL lets
// the GUI keep reading), reporting progress and honouring stop().
#pragma once

#include <QFuture>
#include <QObject>
#include <QStringList>
#include <memory>

#include "storage/progress.h"

namespace corevla::ui {

class ImportWorker : public QObject {
    Q_OBJECT
public:
    ImportWorker(QString projectPath, QStringList paths, QObject* parent = nullptr);
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
    std::shared_ptr<CancelToken> m_cancel;
    QFuture<void> m_future;
};

}  // namespace corevla::ui
