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

}  // namespace corevla::ui
