// SPDX-License-Identifier: MIT
#include "ui/training_run.h"

#include <csignal>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "storage/project.h"
#include "storage/run_store.h"
#include "ui/cli_process.h"

namespace corevla::ui {
namespace {

constexpr int kStderrTail = 4096;
constexpr int kHeartbeatMs = 30000;
constexpr double kStaleAfterS = 180;  // six missed heartbeats
constexpr int kCancelWaitMs = 30000;  // the trainer finishes its step and saves

void appendTo(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    if (f.open(QIODevice::Append)) f.write(bytes);
}

QString modelName(const Run& run) { return QString("%1 run %2").arg(runKindName(run.kind)).arg(run.id); }

}  // namespace

TrainingRun::TrainingRun(const QString& projectPath, QObject* parent)
    : QObject(parent), m_project(std::make_unique<Project>()), m_projectPath(projectPath) {
    m_open = m_project->open(projectPath.toStdString(), Project::Mode::OpenExisting);
    if (!m_open) m_error = QString::fromStdString(m_project->lastError());
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { RunStore(*m_project).heartbeat(m_run.id); });
}

TrainingRun::~TrainingRun() {
    if (!busy()) return;
    m_process->disconnect(this);
    m_cancelled = true;
    m_process->terminate();
    if (!m_process->waitForFinished(kCancelWaitMs)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    readTrainer();
    end(RunStatus::Cancelled, "the workstation was closed while it ran");
}

int TrainingRun::markInterrupted(Project& project) {
    const auto alive = [](std::int64_t pid) { return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM); };
    return RunStore(project).markInterrupted(alive, kStaleAfterS).value_or(0);
}

bool TrainingRun::busy() const { return m_process && m_process->state() != QProcess::NotRunning; }

qint64 TrainingRun::trainerPid() const { return busy() ? m_process->processId() : 0; }

bool TrainingRun::start(const RunConfig& config) {
    if (busy()) {
        m_error = "a run is in progress";
        return false;
    }
    if (const QString problem = config.problem(); !problem.isEmpty()) {
        m_error = problem;
        return false;
    }
    Run run;
    run.kind = config.kind;
    run.baseModel = config.baseModel;
    run.pairIds.assign(config.pairIds.begin(), config.pairIds.end());
    m_config = config;
    return begin(run, {}, true);
}

bool TrainingRun::rerun(std::int64_t id) {
    if (busy()) {
        m_error = "a run is in progress";
        return false;
    }
    RunStore store(*m_project);
    auto old = store.run(id);
    if (!old) {
        m_error = store.lastError().empty() ? QString("run %1 does not exist").arg(id) : QString::fromStdString(store.lastError());
        return false;
    }
    if (old->snapshotHash.empty()) {
        m_error = QString("run %1 never finished its snapshot: there is nothing to train on again").arg(id);
        return false;
    }
    m_config = RunConfig::fromJson(QJsonDocument::fromJson(QByteArray::fromStdString(old->config)).object());
    Run run = *old;
    run.rerunOf = id;
    // A re-run trains on the snapshot of the run that exported it.
    while (old && old->rerunOf && !QDir(QString::fromStdString(old->folder) + "/data").exists()) old = store.run(old->rerunOf);
    return begin(run, QString::fromStdString(old ? old->folder : run.folder) + "/data", false);
}

bool TrainingRun::begin(Run run, const QString& dataDir, bool exportFirst) {
    if (busy()) {
        m_error = "a run is in progress";
        return false;
    }
    if (!m_open) return false;  // m_error says why
    RunStore store(*m_project);
    run.status = RunStatus::Running;
    run.outputModel = 0;
    run.device.clear();
    run.error.clear();
    run.stderrTail.clear();
    run.durationS = 0;
    run.config = QJsonDocument(m_config.toJson()).toJson(QJsonDocument::Compact).toStdString();
    const auto id = store.insertRun(run);
    if (!id) {
        m_error = QString::fromStdString(store.lastError());
        return false;
    }
    run.id = *id;
    const QString folder = QString::fromStdString(newRunFolder(m_projectPath.toStdString(), run.id).string());
    run.folder = folder.toStdString();
    m_run = run;
    m_dataDir = exportFirst ? folder + "/data" : dataDir;
    m_checkpoint.clear();
    m_pending.clear();
    m_stderrTail.clear();
    m_cancelled = false;
    m_total = 0;
    m_clock.start();
    m_heartbeat.start();
    if (!QDir().mkpath(folder) || !store.saveRun(m_run)) {
        end(RunStatus::Failed, folder + ": cannot be made");
        m_error = QString::fromStdString(m_run.error);
        return false;
    }
    if (exportFirst) {
        Q_EMIT stageChanged(m_config.kind == RunKind::Sft && m_config.sftFromFrames
                                ? QString("Exporting the recordings' frames…")
                                : QString("Exporting %1 pair(s)…").arg(m_config.pairIds.size()));
        startProcess(m_config.exportArguments(m_projectPath, m_dataDir), &TrainingRun::exportDone);
    } else {
        // The snapshot is there: check it and train, after this call returns
        // (finished() always comes after start() or rerun()).
        QTimer::singleShot(0, this, [this] { exportDone(0, QProcess::NormalExit); });
    }
    return true;
}

void TrainingRun::startProcess(const QStringList& args, void (TrainingRun::*done)(int, QProcess::ExitStatus)) {
    if (m_process) {  // this may run inside the previous process's finished(): never delete it there
        m_process->disconnect(this);
        m_process->deleteLater();
    }
    m_process = new QProcess(this);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &TrainingRun::readTrainer);
    connect(m_process, &QProcess::readyReadStandardError, this, &TrainingRun::readErrors);
    connect(m_process, &QProcess::finished, this, done);
    // A program that cannot start never sends finished().
    connect(m_process, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) (this->*done)(-1, QProcess::CrashExit);
    });
    appendTo(QString::fromStdString(m_run.folder) + "/commands.txt", (cliPath() + " " + args.join(' ') + "\n").toUtf8());
    startCli(*m_process, args);
}

void TrainingRun::cancel() {
    if (!busy()) return;
    m_cancelled = true;
    Q_EMIT stageChanged("Cancelling: the trainer saves its state…");
    m_process->terminate();
    // A trainer that does not stop in time is killed: Cancel always ends the run.
    QPointer<QProcess> process = m_process;
    QTimer::singleShot(kCancelWaitMs, this, [process] {
        if (process && process->state() != QProcess::NotRunning) process->kill();
    });
}

QString TrainingRun::processFailure(int code, QProcess::ExitStatus status) const {
    if (status == QProcess::CrashExit)
        return m_process->error() == QProcess::FailedToStart ? cliPath() + ": cannot be started (" + m_process->errorString() + ")"
                                                              : "it was killed or crashed";
    QString last = QString::fromUtf8(m_stderrTail).trimmed();
    last = last.mid(last.lastIndexOf('\n') + 1);
    return QString("exit %1%2").arg(code).arg(last.isEmpty() ? QString() : ": " + last);
}

bool TrainingRun::readSnapshot(QString* error) {
    QFile f(m_dataDir + "/manifest.json");
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.fileName() + ": cannot be read: the snapshot is gone";
        return false;
    }
    const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
    const std::string hash = m["content_hash"].toString().toStdString();
    if (hash.empty()) {
        *error = f.fileName() + ": has no content_hash";
        return false;
    }
    if (!m_run.snapshotHash.empty() && m_run.snapshotHash != hash) {
        *error = f.fileName() + QString(": the snapshot's hash is %1, the run recorded %2: it changed since")
                                     .arg(QString::fromStdString(hash), QString::fromStdString(m_run.snapshotHash));
        return false;
    }
    m_run.snapshotHash = hash;
    m_run.pairIds.clear();
    for (const auto& id : m["pair_ids"].toArray()) m_run.pairIds.push_back(id.toInteger());
    const QJsonObject counts = m["counts"].toObject();
    m_run.examples = counts.contains("pairs") ? counts["pairs"].toInt() : counts["examples"].toInt();
    return true;
}

void TrainingRun::exportDone(int code, QProcess::ExitStatus status) {
    if (m_cancelled) return end(RunStatus::Cancelled, "cancelled while exporting its snapshot");
    if (code != 0 || status != QProcess::NormalExit) return end(RunStatus::Failed, "the snapshot export failed: " + processFailure(code, status));
    QString error;
    if (!readSnapshot(&error)) return end(RunStatus::Failed, error);
    RunStore(*m_project).saveRun(m_run);
    Q_EMIT stageChanged(QString("Training on %1 example(s)…").arg(m_run.examples));
    m_stderrTail.clear();
    startProcess(m_config.trainArguments(m_dataDir, QString::fromStdString(m_run.folder) + "/out"), &TrainingRun::trainDone);
}

void TrainingRun::readErrors() {
    const QByteArray bytes = m_process->readAllStandardError();
    appendTo(QString::fromStdString(m_run.folder) + "/stderr.log", bytes);
    m_stderrTail = (m_stderrTail + bytes).right(kStderrTail);
}

void TrainingRun::readTrainer() {
    if (!m_process) return;
    const QByteArray bytes = m_process->readAllStandardOutput();
    appendTo(QString::fromStdString(m_run.folder) + "/stdout.jsonl", bytes);
    m_pending += bytes;
    for (qsizetype nl; (nl = m_pending.indexOf('\n')) >= 0;) {
        const QByteArray line = m_pending.left(nl);
        m_pending.remove(0, nl + 1);
        handleLine(line);
    }
}

void TrainingRun::handleLine(const QByteArray& line) {
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    if (o.isEmpty()) return;  // the export's lines, or not JSON
    RunStore store(*m_project);
    const QString event = o["event"].toString();
    if (event == "start") {
        m_total = o["total_steps"].toInt();
        m_run.device = (o["device"].toString() + " " + o["precision"].toString()).toStdString();
        store.saveRun(m_run);
        Q_EMIT progressed(o["start_step"].toInt(), m_total, -1);
        return;
    }
    if (event == "done") {
        m_checkpoint = o["checkpoint"].toString();
        return;
    }
    if (!event.isEmpty() || !o.contains("step")) return;  // warnings
    const int step = o["step"].toInt();
    std::vector<std::pair<std::string, double>> values;
    for (auto it = o.begin(); it != o.end(); ++it)
        if (it.value().isDouble()) values.emplace_back(it.key().toStdString(), it.value().toDouble());
    const std::vector<MetricPoint> points = metricPointsOf(step, values);
    const bool eval = std::any_of(points.begin(), points.end(), [](const MetricPoint& p) { return p.split == "eval"; });
    store.addMetrics(m_run.id, points);
    if (!eval && o.contains("elapsed_s") && step > 0) {
        const double elapsed = o["elapsed_s"].toDouble();
        Q_EMIT progressed(step, m_total, m_total > step ? elapsed / step * (m_total - step) : 0);
    }
    Q_EMIT metricsAdded(m_run.id, step, eval ? "eval" : "train");
}

void TrainingRun::trainDone(int code, QProcess::ExitStatus status) {
    readTrainer();
    const bool made = code == 0 && status == QProcess::NormalExit && !m_checkpoint.isEmpty();
    if (m_cancelled && !made) return end(RunStatus::Cancelled, "cancelled; the state so far is in out/ (no model was made)");
    if (!made)
        return end(RunStatus::Failed, "the trainer failed: " + processFailure(code, status));
    const QString name = modelName(m_run);
    RunStore store(*m_project);
    if (!store.registerOutput(m_run, name.toStdString(), m_checkpoint.toStdString()))
        return end(RunStatus::Failed, "the model was made but not registered: " + QString::fromStdString(store.lastError()));
    end(RunStatus::Completed, QString("made %1 (%2)").arg(name, m_checkpoint));
}

void TrainingRun::end(RunStatus status, const QString& message) {
    m_heartbeat.stop();
    m_run.status = status;
    m_run.durationS = m_clock.isValid() ? m_clock.elapsed() / 1000.0 : 0;
    if (status == RunStatus::Failed || status == RunStatus::Cancelled) {
        m_run.error = message.toStdString();
        m_run.stderrTail = QString::fromUtf8(m_stderrTail).toStdString();
    }
    RunStore store(*m_project);
    const QString recorded = store.saveRun(m_run) ? QString() : " (not recorded: " + QString::fromStdString(store.lastError()) + ")";
    Q_EMIT finished(m_run.id, status, message + recorded);
}

}  // namespace corevla::ui
