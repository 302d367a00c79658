// SPDX-License-Identifier: MIT
// The corevla CLI as a child process of the workstation: where it is, and
// a start that ties the child's life to ours (never an orphan). Training
// runs and the batch comparison start theirs here.
#pragma once

#include <QString>
#include <QStringList>

class QProcess;

namespace corevla::ui {

// $COREVLA_CLI, else beside this program, else on PATH.
QString cliPath();
// Starts cliPath() with args; the child goes when the workstation goes,
// however it goes (kill -9 included, on Linux). A background child runs at
// a lower CPU priority (nice 10), so the GUI thread is never the one that
// waits for a core.
void startCli(QProcess& process, const QStringList& args, bool background = false);

}  // namespace corevla::ui
