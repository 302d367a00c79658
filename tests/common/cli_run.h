// SPDX-License-Identifier: MIT
// Runs the corevla CLI the build made ($COREVLA_CLI) as a child process, as
// a user or a script would, and keeps its exit code and both streams.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace corevla::testing {

struct CliRun {
    int code = -1;  // -1: it crashed or did not finish
    QString out, err;
};

inline CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(qEnvironmentVariable("COREVLA_CLI"), args);
    p.waitForFinished(600000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace corevla::testing
