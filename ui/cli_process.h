// SPDX-License-Identifier: MIT
// The corevla CLI as a child process of the workstation: where it is, and
// a start that ties the child's life to ours (never an orphan). Training
// runs and the batch comparison start theirs here.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <functional>

namespace corevla::ui {

// $COREVLA_CLI, else beside this program, else on PATH.
QString cliPath();
// Starts cliPath() with args; the child goes when the workstation goes,
// however it goes (kill -9 included, on Linux). A background child runs at
// a lower CPU priority (nice 10), so the GUI thread is never the one that
// waits for a core.
void startCli(QProcess& process, const QStringList& args, bool background = false);
// Calls done(exit code, status) once the child ends, or at once (-1,
// CrashExit) when it cannot start: a program that never started sends no
// finished().
void whenCliEnds(QProcess& process, QObject* context, std::function<void(int, QProcess::ExitStatus)> done);
// The last line a child wrote (its error, or how far it got).
QString lastLine(const QByteArray& text);
// Why `corevla <command>` gave no result: it could not start, was killed or
// crashed, or what it said last on stderr.
QString cliFailure(const QProcess& process, const QString& command, int code, QProcess::ExitStatus status, const QByteArray& stderrText);

}  // namespace corevla::ui
