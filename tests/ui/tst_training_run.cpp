// SPDX-License-Identifier: MIT
// Training runs as the GUI starts them: a real export and a real `corevla
// train` child process on a tiny model, its metrics in the project database,
// the model registered; cancel, a SIGKILLed trainer, a workstation that died
// mid-run, a re-run and a snapshot changed on disk.
#include <csignal>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <unistd.h>
#include <sys/wait.h>

#include "storage/project.h"
#include "storage/run_store.h"
#include "tests/ui/runs_fixture.h"
#include "ui/training_run.h"

using namespace corevla;
using namespace corevla::ui;

class TestTrainingRun : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_project, m_tinyConfig;
    QList<qint64> m_approved;

    RunConfig tinySft(int steps) const { return testing::tinySft(m_approved, m_tinyConfig, steps); }

    // Starts the run and waits for its end; the status it ended with.
    static RunStatus finish(TrainingRun& run, int timeoutMs = 300000) {
        QSignalSpy done(&run, &TrainingRun::finished);
        if (!done.wait(timeoutMs)) return RunStatus::Running;
        return done.first().at(1).value<RunStatus>();
    }

    Run stored(std::int64_t id) {
        Project p;
        if (!p.open(m_project.toStdString(), Project::Mode::OpenExisting)) return {};
        return RunStore(p).run(id).value_or(Run{});
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_project = m_dir.filePath("runs.corevla");
        m_approved = testing::makeRunsProject(m_project);
        QVERIFY2(m_approved.size() >= 4, qPrintable(QString::number(m_approved.size())));
        m_tinyConfig = m_dir.filePath("tiny.json");
        QVERIFY(testing::writeTinyModelConfig(m_tinyConfig));
    }

    // SFT from scratch, then DPO from the model it made: both complete, with
    // their snapshot, metric series and registered models.
    void aRunCompletesAndRegistersItsModel() {
        TrainingRun run(m_project);
        QVERIFY2(run.start(tinySft(4)), qPrintable(run.lastError()));
        QVERIFY(run.busy());
        QCOMPARE(finish(run), RunStatus::Completed);
        const Run sft = stored(run.runId());
        QCOMPARE(sft.status, RunStatus::Completed);
        QCOMPARE(QList<qint64>(sft.pairIds.begin(), sft.pairIds.end()), m_approved);
        QCOMPARE(sft.examples, m_approved.size());
        QVERIFY(sft.device.rfind("cpu", 0) == 0);
        QVERIFY(sft.durationS > 0);
        QFile manifest(QString::fromStdString(sft.folder) + "/data/manifest.json");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(manifest.readAll())["content_hash"].toString().toStdString(), sft.snapshotHash);

        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        RunStore store(p);
        int trainLoss = 0, evalLoss = 0;
        for (const MetricPoint& m : testing::rows(store.metrics(sft.id))) {
            trainLoss += m.split == "train" && m.name == "loss";
            evalLoss += m.split == "eval" && m.name == "loss";
        }
        QCOMPARE(trainLoss, 4);  // one per step (--logging-steps 1)
        QCOMPARE(evalLoss, 1);   // at the end
        const auto sftModel = store.model(sft.outputModel);
        QVERIFY(sftModel);
        QCOMPARE(sftModel->run, sft.id);
        QCOMPARE(sftModel->parent, 0);
        QVERIFY(std::filesystem::exists(std::filesystem::path(sftModel->location) / "checkpoint.json"));

        RunConfig dpo;
        dpo.kind = RunKind::Dpo;
        dpo.pairIds = m_approved;
        dpo.baseModel = sftModel->id;
        dpo.init = QString::fromStdString(sftModel->location);
        dpo.maxSteps = 3;
        dpo.batch = 2;
        dpo.loggingSteps = 1;
        dpo.imageWidth = 64;
        dpo.precision = "fp32";
        QVERIFY2(run.start(dpo), qPrintable(run.lastError()));
        QCOMPARE(finish(run), RunStatus::Completed);
        const Run refined = stored(run.runId());
        const auto dpoModel = store.model(refined.outputModel);
        QVERIFY(dpoModel);
        QCOMPARE(dpoModel->parent, sftModel->id);
        QCOMPARE(refined.baseModel, sftModel->id);
        bool margins = false;
        for (const MetricPoint& m : testing::rows(store.metrics(refined.id))) margins = margins || m.name == "rewards/margins";
        QVERIFY(margins);
        QCOMPARE(store.dependents(sftModel->id)->runs, 2);  // made by one, refined by the other
        QCOMPARE(store.dependents(sftModel->id)->models, 1);
    }

    // Re-running reproduces the run from its snapshot: the same losses.
    void aRerunReproducesTheRun() {
        TrainingRun run(m_project);
        QVERIFY(run.start(tinySft(3)));
        QCOMPARE(finish(run), RunStatus::Completed);
        const std::int64_t first = run.runId();
        QVERIFY2(run.rerun(first), qPrintable(run.lastError()));
        QCOMPARE(finish(run), RunStatus::Completed);
        const Run again = stored(run.runId());
        QCOMPARE(again.rerunOf, first);
        QCOMPARE(again.snapshotHash, stored(first).snapshotHash);
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        const auto a = testing::rows(RunStore(p).metrics(first)), b = testing::rows(RunStore(p).metrics(again.id));
        QVERIFY(a.size() >= 4);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].name, a[i].name);
            QCOMPARE(b[i].step, a[i].step);
            if (a[i].name == "loss") QVERIFY2(std::abs(a[i].value - b[i].value) <= 1e-5 * std::abs(a[i].value), a[i].split.c_str());
        }
        // A re-run of the re-run trains on the same snapshot (the first run's).
        QVERIFY(run.rerun(again.id));
        QCOMPARE(finish(run), RunStatus::Completed);
        QCOMPARE(stored(run.runId()).snapshotHash, again.snapshotHash);
    }

    // A CLI that cannot be started fails the run at once; nothing stays "running".
    void aTrainerThatCannotStartFailsTheRun() {
        const QByteArray cli = qgetenv("COREVLA_CLI");
        qputenv("COREVLA_CLI", m_dir.filePath("no-such-corevla").toUtf8());
        TrainingRun run(m_project);
        QSignalSpy done(&run, &TrainingRun::finished);
        const bool started = run.start(tinySft(1));
        qputenv("COREVLA_CLI", cli);
        QVERIFY(started);
        QVERIFY(done.count() == 1 || done.wait(30000));
        QCOMPARE(done.first().at(1).value<RunStatus>(), RunStatus::Failed);
        QVERIFY2(stored(run.runId()).error.find("cannot be started") != std::string::npos, stored(run.runId()).error.c_str());
        QVERIFY(!run.busy());
    }

    // A snapshot whose files changed on disk is refused by its hash.
    void aChangedSnapshotIsDetected() {
        TrainingRun run(m_project);
        QVERIFY(run.start(tinySft(2)));
        QCOMPARE(finish(run), RunStatus::Completed);
        const Run done = stored(run.runId());
        QFile data(QString::fromStdString(done.folder) + "/data/sft.json");
        QVERIFY(data.open(QIODevice::ReadWrite));
        QByteArray bytes = data.readAll();
        QVERIFY(bytes.contains("Ego speed"));
        bytes.replace("Ego speed", "Ego Speed");
        QVERIFY(data.seek(0) && data.write(bytes) == bytes.size());
        data.close();
        QVERIFY(run.rerun(done.id));
        QCOMPARE(finish(run), RunStatus::Failed);
        const Run failed = stored(run.runId());
        QVERIFY2(QString::fromStdString(failed.error).contains("content_hash"), failed.error.c_str());
        QVERIFY(!std::filesystem::exists(std::filesystem::path(failed.folder) / "out" / "model"));
    }

    void cancelLeavesACancelledRunAndNoModel() {
        TrainingRun run(m_project);
        QSignalSpy metrics(&run, &TrainingRun::metricsAdded);
        QVERIFY(run.start(tinySft(100000)));
        QVERIFY(metrics.wait(120000));
        run.cancel();
        QCOMPARE(finish(run, 60000), RunStatus::Cancelled);
        const Run cancelled = stored(run.runId());
        QCOMPARE(cancelled.status, RunStatus::Cancelled);
        QCOMPARE(cancelled.outputModel, 0);
        const std::filesystem::path out = std::filesystem::path(cancelled.folder) / "out";
        QVERIFY(!std::filesystem::exists(out / "model"));
        bool saved = false;  // the state so far, to resume from
        for (const auto& e : std::filesystem::directory_iterator(out)) saved = saved || e.path().filename().string().rfind("checkpoint-", 0) == 0;
        QVERIFY(saved);
    }

    // SIGKILL: failed with the trainer's last words, and the next run works.
    void aKilledTrainerFailsTheRun() {
        TrainingRun run(m_project);
        QSignalSpy metrics(&run, &TrainingRun::metricsAdded);
        QVERIFY(run.start(tinySft(100000)));
        QVERIFY(metrics.wait(120000));
        QVERIFY(run.trainerPid() > 0);
        ::kill(pid_t(run.trainerPid()), SIGKILL);
        QCOMPARE(finish(run, 60000), RunStatus::Failed);
        const Run failed = stored(run.runId());
        QVERIFY2(QString::fromStdString(failed.error).contains("killed"), failed.error.c_str());
        QVERIFY(run.start(tinySft(1)));
        QCOMPARE(finish(run), RunStatus::Completed);
    }

    // A run a dead workstation left "running" is interrupted on the next
    // open; one whose owner lives (and beats) is not; a silent one is.
    void aRunLeftRunningIsInterrupted() {
        Project p;
        QVERIFY(p.open(m_project.toStdString(), Project::Mode::OpenExisting));
        RunStore store(p);
        Run r;
        r.kind = RunKind::Sft;
        r.config = "{}";
        r.folder = m_dir.filePath("ghost").toStdString();
        const auto dead = store.insertRun(r), alive = store.insertRun(r), silent = store.insertRun(r);
        QVERIFY(dead && alive && silent);
        const pid_t child = fork();
        if (child == 0) _exit(0);
        QVERIFY(child > 0 && waitpid(child, nullptr, 0) == child);  // a pid that is gone
        QVERIFY(p.database().exec("UPDATE runs SET owner_pid = " + std::to_string(child) + " WHERE id = " + std::to_string(*dead)));
        QVERIFY(p.database().exec("UPDATE runs SET owner_host = 'elsewhere', heartbeat_at = '2020-01-01T00:00:00Z' WHERE id = " +
                                  std::to_string(*silent)));
        QCOMPARE(TrainingRun::markInterrupted(p), 2);
        QCOMPARE(store.run(*dead)->status, RunStatus::Interrupted);
        QVERIFY(QString::fromStdString(store.run(*dead)->error).contains("ended before"));
        QCOMPARE(store.run(*alive)->status, RunStatus::Running);
        QCOMPARE(store.run(*silent)->status, RunStatus::Interrupted);
        QVERIFY(store.removeRun(*alive));
    }
};

QTEST_GUILESS_MAIN(TestTrainingRun)
#include "tst_training_run.moc"
