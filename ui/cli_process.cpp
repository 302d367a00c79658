// SPDX-License-Identifier: MIT
#include "ui/cli_process.h"

#include <csignal>
#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#ifdef __linux__
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace corevla::ui {

QString cliPath() {
    const QString env = qEnvironmentVariable("COREVLA_CLI");
    if (!env.isEmpty()) return env;
    const QString beside = QCoreApplication::applicationDirPath() + "/corevla";
    if (QFileInfo(beside).isExecutable()) return beside;
    const QString onPath = QStandardPaths::findExecutable("corevla");
    return onPath.isEmpty() ? beside : onPath;
}

void startCli(QProcess& process, const QStringList& args, bool background) {
#ifdef __linux__
    process.setChildProcessModifier([background] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (background) [[maybe_unused]] const int ignored = ::nice(10);
    });
#endif
    process.start(cliPath(), args);
}

void whenCliEnds(QProcess& process, QObject* context, std::function<void(int, QProcess::ExitStatus)> done) {
    QObject::connect(&process, &QProcess::finished, context, done);
    QObject::connect(&process, &QProcess::errorOccurred, context, [done](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) done(-1, QProcess::CrashExit);
    });
}

QString lastLine(const QByteArray& text) { return QString::fromUtf8(text).trimmed().section('\n', -1).trimmed(); }

QString cliFailure(const QProcess& process, const QString& command, int code, QProcess::ExitStatus status, const QByteArray& stderrText) {
    if (process.error() == QProcess::FailedToStart)
        return QCoreApplication::translate("cli", "%1: cannot be started (%2)").arg(cliPath(), process.errorString());
    if (status == QProcess::CrashExit) return QCoreApplication::translate("cli", "corevla %1 was killed or crashed").arg(command);
    const QString said = lastLine(stderrText);
    return !said.isEmpty() ? said : QCoreApplication::translate("cli", "corevla %1 failed (exit %2)").arg(command).arg(code);
}

}  // namespace corevla::ui
