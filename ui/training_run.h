// SPDX-License-Identifier: MIT
// One training run from the GUI, start to end: it records the run, exports
// the snapshot (`corevla export` into RUN/data), trains on it (`corevla
// train`, a child process) and keeps what the trainer prints — metrics into
// the project database as they come, stdout/stderr into the run's folder —
// then registers the model it made. Everything is asynchronous: the GUI
// never waits on the child. A crash or kill of the child fails the run with
// its last words; the child dies with the workstation (never an orphan).
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>
#include <memory>

#include "storage/run.h"
#include "ui/run_config.h"

namespace corevla {
class Project;
}

namespace corevla::ui {

class TrainingRun : public QObject {
    Q_OBJECT
public:
    // Its own connection to the project file.
    explicit TrainingRun(const QString& projectPath, QObject* parent = nullptr);
    // A run in flight is cancelled and waited for (the trainer saves its state).
    ~TrainingRun() override;

    // Records the run and starts its snapshot; false (lastError) when it cannot.
    bool start(const RunConfig& config);
    // A new run on run `id`'s snapshot with its configuration: the same data,
    // checked against the hash recorded then, and the same seed.
    bool rerun(std::int64_t id);
    // The trainer stops at its next step and saves its state (the run is
    // cancelled; no model is made). Asynchronous: finished() follows.
    void cancel();

    bool busy() const;
    std::int64_t runId() const { return m_run.id; }
    const QString& lastError() const { return m_error; }
    qint64 trainerPid() const;  // 0 when no trainer is running

    // Runs left "running" by a workstation that died become interrupted.
    static int markInterrupted(Project& project);

Q_SIGNALS:
    void stageChanged(const QString& text);
    void progressed(int step, int total, double etaSeconds);
    // A metrics line was stored (split: "train" or "eval").
    void metricsAdded(std::int64_t run, int step, const QString& split);
    void finished(std::int64_t run, RunStatus status, const QString& message);

private:
    bool begin(Run run, const QString& dataDir, bool exportFirst);
    void startProcess(const QStringList& args, void (TrainingRun::*done)(int, QProcess::ExitStatus));
    void exportDone(int code, QProcess::ExitStatus status);
    void trainDone(int code, QProcess::ExitStatus status);
    void readTrainer();
    void readErrors();
    void handleLine(const QByteArray& line);
    void end(RunStatus status, const QString& message);
    bool readSnapshot(QString* error);
    QString processFailure(int code, QProcess::ExitStatus status) const;

    std::unique_ptr<Project> m_project;
    QString m_projectPath;
    bool m_open = false;
    QString m_error;
    Run m_run;
    RunConfig m_config;
    QString m_dataDir;
    QString m_checkpoint;     // the trainer's "done" event
    QProcess* m_process = nullptr;
    QByteArray m_pending;     // a stdout line not yet complete
    QByteArray m_stderrTail;  // the last few KiB
    bool m_cancelled = false;
    int m_total = 0;
    QElapsedTimer m_clock;
    QTimer m_heartbeat;
};

}  // namespace corevla::ui

Q_DECLARE_METATYPE(corevla::RunStatus)
